import { describe, expect, it } from 'vitest';
import { parseJson, stringifyJson } from './json.js';

describe('lossless JSON', () => {
  it('keeps integers above 2^53 exact, as bigint', () => {
    const parsed = parseJson('{"refundNo":1560897343230267394,"max":9223372036854775807}');
    expect(parsed).toEqual({ refundNo: 1560897343230267394n, max: 9223372036854775807n });
    // JSON.parse would have rounded it:
    expect(String(JSON.parse('1560897343230267394'))).not.toBe('1560897343230267394');
  });

  it('keeps safe integers and fractions as numbers', () => {
    expect(parseJson('[9007199254740991,-3,1.5,0]')).toEqual([9007199254740991, -3, 1.5, 0]);
  });

  it('writes bigint as plain digits and round-trips', () => {
    const value = { id: 2n ** 63n - 1n, n: 1, s: 'x', nested: [{ a: null }] };
    const text = stringifyJson(value);
    expect(text).toBe('{"id":9223372036854775807,"n":1,"s":"x","nested":[{"a":null}]}');
    expect(parseJson(text)).toEqual(value);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseJson('<html>')).toThrow(SyntaxError);
  });
});

describe('lossless JSON: the native fast path and the reviver agree', () => {
  it('keeps negative and 19-digit integers exact, and long digit runs inside strings as text', () => {
    expect(parseJson('{"a":-9223372036854775808,"s":"12345678901234567890"}')).toEqual({
      a: -9223372036854775808n,
      s: '12345678901234567890',
    });
    // a 16-digit run that is safe stays a number; exponents and fractions stay numbers
    expect(parseJson('[1234567890123456,1e21,12345678901234567890.5]')).toEqual([
      1234567890123456,
      1e21,
      Number('12345678901234567890.5'),
    ]);
  });

  it('writes nested bigints and refuses what has no JSON form', () => {
    expect(stringifyJson([{ id: 1560897343230267394n }])).toBe('[{"id":1560897343230267394}]');
    expect(() => stringifyJson(undefined)).toThrow(TypeError);
  });
});

describe('lossless JSON: where a bare long integer can stand', () => {
  it.each([
    ['1560897343230267394', 1560897343230267394n],
    ['[ 1560897343230267394]', [1560897343230267394n]],
    ['{"a":\n  -1560897343230267394}', { a: -1560897343230267394n }],
    ['[1,1560897343230267394]', [1, 1560897343230267394n]],
  ])('%s', (text, expected) => {
    expect(parseJson(text)).toEqual(expected);
  });
});

describe('stringifyJson: the plain fast path and the bigint path write the same text', () => {
  // JSON.rawJSON is ES2026, not yet in TypeScript's lib.
  const { rawJSON } = JSON as unknown as { rawJSON: (text: string) => unknown };
  const reference = (value: unknown) =>
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? rawJSON(item.toString()) : item,
    );
  it.each([
    ['no bigint', { a: 1, b: [{ c: null, d: 'é' }] }],
    ['a bigint at the top', { id: 2n ** 60n + 1n, n: 1 }],
    ['a nested bigint', { products: [{ orderProductId: 2n ** 63n - 1n, refundCount: 2 }] }],
    ['a bare bigint', 9007199254740993n],
    ['a lone surrogate', { reason: '\udc00' }],
  ])('%s', (_what, value) => {
    expect(stringifyJson(value)).toBe(reference(value));
  });

  it('throws a TypeError for a circular value either way', () => {
    const circular: Record<string, unknown> = { id: 1n };
    circular['self'] = circular;
    expect(() => stringifyJson(circular)).toThrow(TypeError);
  });
});

describe('lossless JSON on an engine without reviver source text', () => {
  it('refuses an unsafe integer clearly instead of rounding it', () => {
    const parse = JSON.parse;
    // Simulate an older engine: the reviver gets no third argument.
    JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown): unknown =>
      parse(text, reviver && ((key, value: unknown) => reviver(key, value)))) as typeof JSON.parse;
    try {
      expect(() => parseJson('{"id":1560897343230267394}')).toThrow(/above 2\^53 exactly/);
      expect(parseJson('{"id":1}')).toEqual({ id: 1 });
    } finally {
      JSON.parse = parse;
    }
  });
});
