import type { Money } from './money.js';
import type { ProviderName } from './request.js';

/**
 * Where a refund stands.
 * - `succeeded`: the provider refunded it.
 * - `pending`: the provider accepted it and decides later (Keeta's webhook, KakaClo's review).
 * - `failed`: the provider refused it, or it was proven not applied; nothing was refunded.
 * - `unknown`: it may or may not have been applied and refund-core could not prove which;
 *   `unknown` on the result says what to check, and where.
 */
export type RefundStatus = 'succeeded' | 'pending' | 'failed' | 'unknown';

/** How an ambiguous outcome (a lost answer, an expired lease) was settled. */
export interface Reconciliation {
  /** Why reconciliation ran. */
  readonly trigger: 'outcome_unknown' | 'lease_expired';
  /** How the provider was asked. */
  readonly method:
    'kakaclo_refund_query' | 'keeta_preview_counts' | 'provider_event' | 'manual' | 'none';
  /** What the provider's answer proves. */
  readonly outcome: 'applied' | 'not_applied' | 'inconclusive';
  /** Whether the refund was sent again after proof that it was not applied (opt-in). */
  readonly resent: boolean;
  /** What was compared, in words (ids and counts, never secrets). */
  readonly evidence: string;
}

/** What the caller must check by hand when the status is `unknown`. */
export interface UnknownOutcome {
  /** What to look for. */
  readonly check: string;
  /** Where to look. */
  readonly where: string;
}

/** Why a refund `failed`. */
export interface RefundFailure {
  /** `provider_refused` (the provider said no) or `not_applied` (proven by reconciliation). */
  readonly reason: 'provider_refused' | 'not_applied';
  /** The provider's error code, when it gave one. */
  readonly code?: string;
  /** The provider's (redacted) message, or refund-core's explanation. */
  readonly message: string;
  /** HTTP status of the refusal, when there was one. */
  readonly httpStatus?: number;
}

/** The one result of a refund, whichever provider holds the order. */
export interface RefundResult {
  /** The provider that holds the order. */
  readonly provider: ProviderName;
  /** Where the refund stands. */
  readonly status: RefundStatus;
  /** The key the refund was sent with. */
  readonly idempotencyKey: string;
  /** The provider's order id. */
  readonly orderId: string;
  /** The provider's refund id, when it gives one (KakaClo refund number, Shoplazza record id). */
  readonly refundId?: string;
  /** The amount, when the provider or the request states it. */
  readonly amount?: Money;
  /** The provider's request id, when it sent one. */
  readonly requestId?: string;
  /** True when this result was stored by an earlier call with the same key (no provider call). */
  readonly replayed: boolean;
  /** Present when an ambiguous outcome was settled by asking the provider. */
  readonly reconciliation?: Reconciliation;
  /** Present when `status` is `failed`. */
  readonly failure?: RefundFailure;
  /** Present when `status` is `unknown`. */
  readonly unknown?: UnknownOutcome;
  /** The provider's answer (the client's return value), ids as exact strings. */
  readonly raw: unknown;
}

/**
 * The `failure` of a refund the provider itself reports as failed (a status query, a
 * webhook, a reconciliation finding it `refund_failed`); nothing for any other status.
 * @example { ...result, status, ...failedAt('kakaclo', status) }
 */
export function failedAt(
  provider: ProviderName,
  status: RefundStatus,
): { failure?: RefundFailure } {
  return status === 'failed'
    ? { failure: { reason: 'provider_refused', message: `${provider} reports the refund failed` } }
    : {};
}
