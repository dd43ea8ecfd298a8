import { RefundkitError } from '@refundkit/http';

/**
 * refund-core's own errors. They extend the clients' {@link RefundkitError}, so one
 * `instanceof RefundkitError` covers every error refund-core throws (the clients' included).
 */

const CORE = (operation: string) => ({ provider: 'refund-core', operation });

/**
 * The idempotency key was used before with a different request (IETF Idempotency-Key draft:
 * 422). Nothing was sent. Use a new key for a different refund.
 */
export class IdempotencyConflictError extends RefundkitError {
  override name = 'IdempotencyConflictError';
  /** The key that was reused. */
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string) {
    super(
      `idempotency key ${JSON.stringify(idempotencyKey)} was already used for a different ` +
        `refund request; nothing was sent (use a new key for a different refund)`,
      CORE('refund'),
    );
    this.idempotencyKey = idempotencyKey;
  }
}

/**
 * Another caller (another process or instance) holds this key's refund in flight (IETF draft:
 * 409). Retryable: try again after `retryAfterMs`; the first call's result will be replayed.
 */
export class IdempotencyInProgressError extends RefundkitError {
  override name = 'IdempotencyInProgressError';
  /** The key whose refund is in flight. */
  readonly idempotencyKey: string;
  /** When the holder's lease ends, if it does not renew it (an upper bound on the wait). */
  readonly retryAfterMs: number;
  /** Always `true`: the same call may be made again later. */
  readonly retryable = true;

  /**
   * @param reason - what holds it, when not this key's own refund (e.g. an unresolved refund
   *   of the same order).
   */
  constructor(idempotencyKey: string, retryAfterMs: number, reason?: string) {
    super(
      `${reason ?? `the refund with idempotency key ${JSON.stringify(idempotencyKey)} is in flight elsewhere`}; ` +
        `nothing was sent for this call; retry in ${retryAfterMs} ms`,
      CORE('refund'),
    );
    this.idempotencyKey = idempotencyKey;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The operation is not offered by the provider (see `capabilities()`). Nothing was sent. */
export class UnsupportedOperationError extends RefundkitError {
  override name = 'UnsupportedOperationError';

  constructor(provider: string, operation: string, why: string) {
    super(`${provider} ${operation}: not supported: ${why}`, { provider, operation });
  }
}

/** A webhook whose signature, shape or status is not acceptable. Nothing was changed. */
export class WebhookError extends RefundkitError {
  override name = 'WebhookError';
  /** `signature`, `stale` (older than allowed), `shape` or `status`. */
  readonly reason: 'signature' | 'stale' | 'shape' | 'status';

  constructor(provider: string, reason: WebhookError['reason'], message: string) {
    super(`${provider} webhook: ${message}`, { provider, operation: 'webhook' });
    this.reason = reason;
  }
}

/** No record for this idempotency key (status, waitForFinal). */
export class RefundNotFoundError extends RefundkitError {
  override name = 'RefundNotFoundError';

  constructor(idempotencyKey: string) {
    super(
      `no refund is recorded under idempotency key ${JSON.stringify(idempotencyKey)}`,
      CORE('status'),
    );
  }
}
