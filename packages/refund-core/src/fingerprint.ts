import { hash } from 'node:crypto';

/**
 * JSON with every object's keys in a fixed order (see `sortedKeys`), so two requests that
 * differ only in key order have one text. Values are what a checked request holds (strings, safe integers,
 * booleans, arrays, plain objects); money is already normalised to its full exponent, so
 * `'81'` and `'81.00'` USD are one amount and `'81.001'` never gets here.
 */
export function canonicalJson(value: unknown): string {
  // Written straight to text rather than as `JSON.stringify` of a key-sorted copy: it runs
  // for every refund (fingerprint, stored request, checkpoints), and the copy's allocations
  // were a large share of refund-core's own CPU per refund. Same output, byte for byte.
  if (Array.isArray(value)) {
    const items: string[] = [];
    // A hole or `undefined` is `null`, as JSON.stringify writes it (for-of yields a hole as `undefined`).
    for (const item of value as unknown[]) {
      items.push(item === undefined ? 'null' : canonicalJson(item));
    }
    return `[${items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of sortedKeys(record)) {
      const field = record[key];
      if (field !== undefined) fields.push(`${JSON.stringify(key)}:${canonicalJson(field)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The keys in the order the fingerprint has always used: integer-like keys (`'2'`, `'10'`)
 * first in numeric order, as a JavaScript object holds them, then the others sorted by UTF-16
 * code unit. `Object.keys` already lists the integer-like ones first, in order.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let integers = 0;
  while (integers < keys.length && isArrayIndex(keys[integers] ?? '')) integers++;
  return integers === 0
    ? keys.sort()
    : [...keys.slice(0, integers), ...keys.slice(integers).sort()];
}

function isArrayIndex(key: string): boolean {
  // Most keys start with a letter: one character code decides before the pattern runs.
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** A checked request as the store keeps it: its canonical text and that text's fingerprint. */
export interface CanonicalRequest {
  /** Canonical JSON of the request without its idempotency key (the record's key holds it). */
  readonly text: string;
  /** Lowercase hex SHA-256 of `text`. */
  readonly fingerprint: string;
}

/**
 * The canonical text and fingerprint of a checked request, from one serialisation: SHA-256 of
 * its canonical JSON without the idempotency key (IETF Idempotency-Key draft: same key +
 * different fingerprint = 422).
 */
export function canonicalRequest(request: Readonly<Record<string, unknown>>): CanonicalRequest {
  // A rest copy rather than `delete`, which would put the copy in V8's slow dictionary mode;
  // `hash` is the one-shot digest (Node ≥ 21.7), cheaper than a `createHash` object per call.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the key is what is left out
  const { idempotencyKey, ...rest } = request;
  const text = canonicalJson(rest);
  return { text, fingerprint: hash('sha256', text, 'hex') };
}
