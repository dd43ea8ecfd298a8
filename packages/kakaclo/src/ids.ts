/**
 * An id KakaClo puts in a URL path: a string as KakaClo gave it (sent as given,
 * percent-encoded), or a positive integer as a safe `number` or a `bigint`.
 */
export type KakacloId = string | number | bigint;

/**
 * KakaClo ids in answers as exact decimal strings. Its pages show the same id both as a JSON
 * string (`"111"`) and as a bare integer (`10002`), and refund numbers are 19 digits, beyond
 * what a JavaScript `number` holds; refundkit's lossless parser hands such an integer over as
 * a `bigint`. Callers store and compare ids as strings, so every id leaves this client as one,
 * digit for digit as KakaClo sent it.
 *
 * @returns the id as a string, or `undefined` when `value` is not an exact id (an empty
 * string, a fraction, or a number written in a form that already lost digits, such as
 * `1.56e18`).
 * @example exactIdString(1560897343230267394n) // '1560897343230267394'
 */
export function exactIdString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}
