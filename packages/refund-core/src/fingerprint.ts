import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys in sorted order, so two requests that differ only in key
 * order have one text. Values are what a checked request holds (strings, safe integers,
 * booleans, arrays, plain objects); money is already normalised to its full exponent, so
 * `'81'` and `'81.00'` USD are one amount and `'81.001'` never gets here.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/**
 * The fingerprint of a checked request: lowercase hex SHA-256 of its canonical JSON without
 * the idempotency key (IETF Idempotency-Key draft: same key + different fingerprint = 422).
 */
export function fingerprint(request: Readonly<Record<string, unknown>>): string {
  const rest = { ...request };
  delete rest['idempotencyKey'];
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}
