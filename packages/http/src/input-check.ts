import { LocalValidationError, type ErrorOrigin } from './errors.js';
import { toInt64, type Int64 } from './int64.js';
import type { Redactor } from './redact.js';

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
  /** The provider and operation the errors name. */
  readonly origin: ErrorOrigin;
  readonly #redactor: Redactor | undefined;

  /**
   * @param origin - the provider and operation the errors name.
   * @param redactor - masks the client's secrets in field paths and messages: a token pasted
   *   into the wrong field must not come back quoted in the error.
   */
  constructor(origin: ErrorOrigin, redactor?: Redactor) {
    this.origin = origin;
    this.#redactor = redactor;
  }

  /** Throws a {@link LocalValidationError} for `field`. */
  fail(field: string, rule: string, message: string): never {
    const mask = (text: string) => this.#redactor?.string(text) ?? text;
    throw new LocalValidationError(this.origin, mask(field), rule, mask(message));
  }

  /** Present (not `undefined` or `null`). */
  required<T>(field: string, value: T | undefined | null): T {
    if (value === undefined || value === null) this.fail(field, 'required', 'is required');
    return value;
  }

  /** A boolean. */
  boolean(field: string, value: unknown): boolean {
    if (typeof value !== 'boolean')
      this.fail(field, 'boolean', `must be true or false, got ${describeValue(value)}`);
    return value;
  }

  /** A safe integer ≥ 0 (a count that may be zero). */
  nonNegativeInteger(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(
        field,
        'non_negative_integer',
        `must be an integer ≥ 0, got ${describeValue(value)}`,
      );
    }
    return value;
  }

  /** A string, when present. */
  optionalString(field: string, value: unknown): string | undefined {
    if (value !== undefined && typeof value !== 'string')
      this.fail(field, 'string', 'must be a string');
    return value;
  }

  /** A plain object (not null, not an array, not a class instance such as a `Date` or `Map`). */
  object(field: string, value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, 'object', 'must be an object');
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      this.fail(field, 'object', 'must be a plain object');
    }
    return value as Record<string, unknown>;
  }

  /**
   * A plain object with no keys beyond `allowed` (keys whose value is `undefined` never
   * reach the wire and are ignored). A misspelt optional field would otherwise be dropped
   * or sent as it is (a misspelt Shoplazza `line_items` refunds `price` with no lines; a
   * misspelt KakaClo `orderItems` refunds the whole order). `reserved` names what the client
   * adds itself (Keeta's `sig`): passing one is refused rather than overridden.
   *
   * @param field - the object's path (`''` for the call's body, `line_items[0]`, …).
   */
  knownKeys(
    field: string,
    value: unknown,
    allowed: readonly string[],
    reserved: readonly string[] = [],
  ): Record<string, unknown> {
    const object = this.object(field === '' ? 'body' : field, value);
    for (const key of Object.keys(object)) {
      if (object[key] === undefined) continue;
      const path = field === '' ? key : `${field}.${key}`;
      if (reserved.includes(key))
        this.fail(path, 'reserved', 'is added by the client; do not pass it');
      if (!allowed.includes(key)) {
        this.fail(
          path,
          'unknown_field',
          `is not a documented field (allowed: ${allowed.join(', ')})`,
        );
      }
    }
    return object;
  }

  /**
   * An array with at least `min` items, each checked by `item` and rebuilt from what it
   * returns. Every index is visited, holes included: `forEach` and `map` skip the hole in
   * `[, {…}]`, which JSON then sends as `null`.
   */
  list<T>(
    field: string,
    value: unknown,
    min: number,
    item: (value: unknown, path: string) => T,
  ): T[] {
    if (!Array.isArray(value)) this.fail(field, 'array', 'must be an array');
    if (value.length < min) this.fail(field, 'min_items', `must have at least ${min} item(s)`);
    const array: unknown[] = value;
    const result: T[] = [];
    for (let index = 0; index < array.length; index++) {
      const path = `${field}[${index}]`;
      if (!(index in array) || array[index] === undefined || array[index] === null) {
        this.fail(path, 'required', 'is missing (a hole or undefined in the array)');
      }
      result.push(item(array[index], path));
    }
    return result;
  }

  /** A positive safe integer (a quantity). */
  positiveInteger(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.fail(
        field,
        'positive_integer',
        `must be a positive integer, got ${describeValue(value)}`,
      );
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
   * An id that goes into a URL path segment, as the string to encode. A string must be
   * non-empty, well-formed Unicode (a lone surrogate cannot be percent-encoded), without
   * surrounding whitespace or control characters, and not `.` or `..` (which would survive
   * percent-encoding and change the path). A `number` or `bigint` must be a positive 64-bit
   * integer: `NaN`, `Infinity`, fractions and numbers beyond 2^53 (already rounded) would be
   * sent as some other id. The client still percent-encodes it.
   */
  pathId(field: string, value: unknown): string {
    if (typeof value === 'number' || typeof value === 'bigint') {
      return String(this.positiveInt64(field, value));
    }
    if (typeof value !== 'string' || value === '') {
      this.fail(field, 'path_id', 'must be a non-empty id');
    }
    if (
      !value.isWellFormed() ||
      value !== value.trim() ||
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      /[\u0000-\u001f\u007f]/.test(value) ||
      value === '.' ||
      value === '..'
    ) {
      this.fail(
        field,
        'path_id',
        'is not a valid id (lone surrogates, whitespace, control characters, "." or "..")',
      );
    }
    return value;
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
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
