import { InputCheck } from '@refundkit/http';
import type { ProviderName } from './request.js';

/** Printable ASCII, 1–255 characters: safe in a header, a log line and every database. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/** The fields every request has, whichever provider. */
export const COMMON_FIELDS = ['provider', 'idempotencyKey', 'orderId', 'note'] as const;

/** An `InputCheck` whose errors say they come from refund-core's `operation`. */
export function coreCheck(provider: string, operation: string): InputCheck {
  return new InputCheck({ provider, operation });
}

/**
 * Checks the common fields of a request and returns the provider it names.
 * @throws LocalValidationError naming the field (`idempotencyKey`, `orderId`, …).
 */
export function checkCommon(
  check: InputCheck,
  value: unknown,
  configured: readonly ProviderName[],
): ProviderName {
  const request = check.object('request', value);
  const provider = checkProvider(check, request['provider'], configured);
  const key = request['idempotencyKey'];
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    check.fail(
      'idempotencyKey',
      'idempotency_key',
      'is required: 1-255 printable ASCII characters (space to ~), the same for every attempt of one refund',
    );
  }
  if (typeof request['orderId'] !== 'string') check.fail('orderId', 'string', 'must be a string');
  check.pathId('orderId', request['orderId']);
  check.optionalString('note', request['note']);
  return provider;
}

/** One of the providers configured with an adapter. */
export function checkProvider(
  check: InputCheck,
  provider: unknown,
  configured: readonly ProviderName[],
): ProviderName {
  if (typeof provider !== 'string' || !(configured as readonly string[]).includes(provider)) {
    check.fail(
      'provider',
      'configured_provider',
      `must be one of the configured providers (${configured.join(', ') || 'none'})`,
    );
  }
  return provider as ProviderName;
}

/** A positive integer count of units. */
export function checkQuantity(check: InputCheck, field: string, value: unknown): number {
  return check.positiveInteger(field, value);
}

/** Decimal digits, as Keeta's int64 ids are written (`'756823555555859'`). */
export function checkDigits(check: InputCheck, field: string, value: unknown): string {
  const text = check.nonEmptyString(field, value);
  if (!/^[1-9]\d{0,18}$/.test(text) || BigInt(text) > 9223372036854775807n) {
    check.fail(field, 'int64_digits', 'must be a positive 64-bit integer in decimal digits');
  }
  return text;
}
