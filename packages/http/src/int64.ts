/**
 * A 64-bit integer id as callers may hold it: a `number` (exact only up to 2^53 − 1), a
 * `bigint`, or a string of decimal digits (what most databases and JSON-as-string APIs give).
 */
export type Int64Input = number | bigint | string;

/** The exact form refundkit sends: a `number` when it is a safe integer, otherwise a `bigint`. */
export type Int64 = number | bigint;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * Converts an id input to its exact form, or returns a reason it is not a 64-bit integer.
 * A `number` above 2^53 − 1 is refused, because it has already lost precision.
 */
export function toInt64(value: unknown):
  | {
      /** The input is a 64-bit integer. */
      ok: true;
      /** Its exact value. */
      value: Int64;
    }
  | {
      /** The input is not a 64-bit integer. */
      ok: false;
      /** Why, for an error message (e.g. `does not fit in 64 bits`). */
      reason: string;
    } {
  let big: bigint;
  if (typeof value === 'bigint') {
    big = value;
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { ok: false, reason: 'must be an integer' };
    if (!Number.isSafeInteger(value)) {
      return {
        ok: false,
        reason: 'is beyond 2^53 − 1 and has lost precision; pass a bigint or a string',
      };
    }
    return { ok: true, value };
  } else if (typeof value === 'string') {
    if (!/^-?\d{1,20}$/.test(value))
      return { ok: false, reason: 'must be a string of decimal digits' };
    big = BigInt(value);
  } else {
    return { ok: false, reason: 'must be a number, bigint or string of digits' };
  }
  if (big > INT64_MAX || big < INT64_MIN) return { ok: false, reason: 'does not fit in 64 bits' };
  const asNumber = Number(big);
  return { ok: true, value: Number.isSafeInteger(asNumber) ? asNumber : big };
}
