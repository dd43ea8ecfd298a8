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

/** A deep copy in which every `bigint` is replaced by `convert(value)`. */
export function mapBigInts(value: unknown, convert: (value: bigint) => unknown): unknown {
  if (typeof value === 'bigint') return convert(value);
  if (Array.isArray(value)) return value.map((item) => mapBigInts(item, convert));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapBigInts(v, convert)]));
  }
  return value;
}
