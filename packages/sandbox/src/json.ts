import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/** Parses JSON keeping integers beyond 2^53 exact (as `bigint`), like a provider's Java/Go stack would. */
export function parseJson(text: string): unknown {
  return parse(text, null, (digits) =>
    isInteger(digits) && !isSafeNumber(digits) ? BigInt(digits) : Number(digits),
  );
}

/** Serialises JSON, writing `bigint` as plain digits. */
export function stringifyJson(value: unknown): string {
  return stringify(value) ?? 'null';
}
