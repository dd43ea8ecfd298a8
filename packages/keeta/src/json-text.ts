import { stringifyJson } from '@refundkit/http';

/**
 * Compact JSON, bigints as plain digits: the same text as `stringifyJson` from
 * `@refundkit/http`, faster on the hot path. A replacer function makes `JSON.stringify`
 * about three times slower, and most bodies hold no `bigint` (ids above 2^53 are rare), so
 * the plain call is tried first; it throws a `TypeError` on a `bigint`, and only then is
 * the replacer used. Either way the text is identical, which the signature relies on.
 */
export function jsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value) as string | undefined;
    if (text !== undefined) return text;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  return stringifyJson(value);
}
