import { LocalValidationError, type ErrorOrigin } from './errors.js';
import { toInt64, type Int64 } from './int64.js';
import { currencyDecimals, decimalPlaces, isDecimalString } from './money.js';

/**
 * Checks a call's input before anything is sent. Every failure is a
 * {@link LocalValidationError} naming the field (a path such as `products[0].refundCount`)
 * and the rule, so a caller can fix the input without reading the provider's docs.
 *
 * @example
 * const check = new InputCheck({ provider: 'keeta', operation: 'applyPartialRefund' });
 * check.positiveInteger('products[0].refundCount', 0); // throws LocalValidationError
 */
export class InputCheck {
  constructor(readonly origin: ErrorOrigin) {}

  /** Throws a {@link LocalValidationError} for `field`. */
  fail(field: string, rule: string, message: string): never {
    throw new LocalValidationError(this.origin, field, rule, message);
  }

  /** Present (not `undefined` or `null`). */
  required<T>(field: string, value: T | undefined | null): T {
    if (value === undefined || value === null) this.fail(field, 'required', 'is required');
    return value;
  }

  /** A boolean. */
  boolean(field: string, value: unknown): boolean {
    if (typeof value !== 'boolean')
      this.fail(field, 'boolean', `must be true or false, got ${describe(value)}`);
    return value;
  }

  /** A safe integer ≥ 0 (a count that may be zero). */
  nonNegativeInteger(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(field, 'non_negative_integer', `must be an integer ≥ 0, got ${describe(value)}`);
    }
    return value;
  }

  /** A string, when present. */
  optionalString(field: string, value: unknown): string | undefined {
    if (value !== undefined && typeof value !== 'string')
      this.fail(field, 'string', 'must be a string');
    return value;
  }

  /** A plain object (not null, not an array). */
  object(field: string, value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, 'object', 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  /**
   * An object with no keys beyond `allowed`: a misspelt optional field would otherwise be
   * dropped silently (for KakaClo, turning a partial refund into a whole-order one).
   */
  knownKeys(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const path = field === '' ? key : `${field}.${key}`;
        this.fail(
          path,
          'unknown_field',
          `is not a field of this call (expected ${allowed.join(', ')})`,
        );
      }
    }
  }

  /** An array with at least `min` items. */
  array(field: string, value: unknown, min = 0): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'array', 'must be an array');
    if (value.length < min) this.fail(field, 'min_items', `must have at least ${min} item(s)`);
    return value;
  }

  /** A positive safe integer (a quantity). */
  positiveInteger(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.fail(field, 'positive_integer', `must be a positive integer, got ${describe(value)}`);
    }
    return value;
  }

  /** A positive 64-bit id given as `number`, `bigint` or digit string; returns its exact form. */
  positiveInt64(field: string, value: unknown): Int64 {
    const result = toInt64(value);
    if (!result.ok) this.fail(field, 'int64', result.reason);
    if (result.value <= 0) this.fail(field, 'positive', `must be positive, got ${String(value)}`);
    return result.value;
  }

  /** A string with at least one non-whitespace character. */
  nonEmptyString(field: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(field, 'non_empty_string', 'must be a non-empty string');
    }
    return value;
  }

  /**
   * An id that goes into a URL path segment: non-empty, no surrounding whitespace, no
   * control characters, and not `.` or `..` (which would survive percent-encoding and
   * change the path). The client still percent-encodes it.
   */
  pathId(field: string, value: unknown): string {
    const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
    if (typeof text !== 'string' || text === '')
      this.fail(field, 'path_id', 'must be a non-empty id');
    // eslint-disable-next-line no-control-regex
    if (
      text !== text.trim() ||
      /[\u0000-\u001f\u007f]/.test(text) ||
      text === '.' ||
      text === '..'
    ) {
      this.fail(
        field,
        'path_id',
        'is not a valid id (whitespace, control characters, "." or "..")',
      );
    }
    return text;
  }

  /**
   * A non-negative decimal string with no more decimals than the currency allows
   * (`maxDecimals`), e.g. `"81.00"`. Numbers are refused: money never travels as a float.
   */
  decimalAmount(field: string, value: unknown, maxDecimals: number): string {
    this.required(field, value);
    if (!isDecimalString(value)) {
      this.fail(
        field,
        'decimal_string',
        `must be a decimal string such as "10.00", got ${describe(value)}`,
      );
    }
    if (decimalPlaces(value) > maxDecimals) {
      this.fail(field, 'currency_decimals', `has more than ${maxDecimals} decimals`);
    }
    return value;
  }

  /** An ISO 4217 currency code; returns its number of decimals. */
  currency(field: string, value: unknown): number {
    const decimals = typeof value === 'string' ? currencyDecimals(value) : undefined;
    if (decimals === undefined) this.fail(field, 'currency', 'must be an ISO 4217 currency code');
    return decimals;
  }

  /** One of the allowed values. */
  oneOf<T>(field: string, value: unknown, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) {
      this.fail(
        field,
        'enum',
        `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
    return value as T;
  }
}

/** A short, secret-free description of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
