import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * JSON that keeps 64-bit integers exact. `JSON.parse` rounds integers above 2^53 (KakaClo
 * refund numbers are 19 digits; Keeta ids are int64), so refundkit parses and serialises
 * with lossless-json, a small, well-kept parser that hands each number's source text to us.
 *
 * The choice, in one line: an integer that fits a double exactly is a `number`, a larger one
 * is a `bigint`, and a `bigint` is written back as plain digits. Fractions are `number`
 * (money in these APIs travels as decimal strings, never as JSON fractions).
 */

function parseNumber(text: string): number | bigint {
  if (isInteger(text) && !isSafeNumber(text)) return BigInt(text);
  return Number(text);
}

/**
 * Parses JSON text; integers beyond ±(2^53 − 1) become `bigint`.
 * @throws SyntaxError when the text is not JSON.
 * @example parseJson('{"refundNo":1560897343230267394}') // { refundNo: 1560897343230267394n }
 */
export function parseJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

/**
 * Serialises to compact JSON; `bigint` values are written as plain integer digits.
 * @example stringifyJson({ id: 2n ** 63n - 1n }) // '{"id":9223372036854775807}'
 */
export function stringifyJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}
