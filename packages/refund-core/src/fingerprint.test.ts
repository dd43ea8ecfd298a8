import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRequest } from './fingerprint.js';

/** The definition canonicalJson must match byte for byte: JSON.stringify of a key-sorted copy. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .filter((key) => record[key] !== undefined)
          .sort()
          .map((key) => [key, sortKeys(record[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** A small seeded generator (mulberry32), so a failure names a value that can be replayed. */
function randomValue(seed: number): unknown {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const keys = ['b', 'a', 'amount', 'Z', 'é', 'lineId', '"q"', '10', '2', ''];
  const strings = ['', '81.00', 'a"b\\c', '\u2028', '😀', '\u0000', 'KWD'];
  const build = (depth: number): unknown => {
    const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
    switch (pick) {
      case 0:
        return strings[Math.floor(next() * strings.length)];
      case 1:
        return Math.floor(next() * 2 ** 53) * (next() < 0.5 ? -1 : 1);
      case 2:
        return next() < 0.5;
      case 3:
        return null;
      case 4:
        return undefined;
      case 5:
      case 6: {
        const record: Record<string, unknown> = {};
        const size = Math.floor(next() * 5);
        for (let i = 0; i < size; i++) {
          record[keys[Math.floor(next() * keys.length)] ?? 'k'] = build(depth + 1);
        }
        return record;
      }
      default:
        return Array.from({ length: Math.floor(next() * 4) }, () => build(depth + 1));
    }
  };
  return { root: build(0) };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('puts integer-like keys first, in numeric order, as earlier versions did', () => {
    expect(canonicalJson({ b: 1, '10': 2, a: 3, '2': 4 })).toBe('{"2":4,"10":2,"a":3,"b":1}');
  });

  it('writes undefined and holes in arrays as null, as JSON.stringify does', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    expect(canonicalJson([1, undefined, , 2])).toBe('[1,null,null,2]');
  });

  it('matches JSON.stringify of a key-sorted copy on 2,000 generated values', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const value = randomValue(seed);
      expect(canonicalJson(value), `seed ${seed}`).toBe(reference(value));
    }
  });
});

describe('canonicalRequest', () => {
  it('fingerprints without the idempotency key or key order, and sees every other field', () => {
    const a = canonicalRequest({ idempotencyKey: 'k1', orderId: '1', amount: '81.00' });
    expect(canonicalRequest({ amount: '81.00', orderId: '1', idempotencyKey: 'k2' })).toEqual(a);
    const b = canonicalRequest({ idempotencyKey: 'k1', orderId: '1', amount: '81.01' });
    expect(b.fingerprint).not.toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the key out of the stored text, and the fingerprint is the hash of that text', () => {
    const { text, fingerprint } = canonicalRequest({ idempotencyKey: 'k1', orderId: '1' });
    expect(text).toBe('{"orderId":"1"}');
    // SHA-256 of '{"orderId":"1"}', computed independently.
    expect(fingerprint).toBe(createHash('sha256').update('{"orderId":"1"}').digest('hex'));
  });
});
