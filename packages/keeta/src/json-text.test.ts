import { describe, expect, test } from 'vitest';
import { stringifyJson } from '@refundkit/http';
import { jsonText } from './json-text.js';

describe('jsonText', () => {
  test.each([
    ['no bigint', { a: 1, b: [{ c: null, d: 'é' }] }],
    ['a bigint at the top', { id: 2n ** 60n + 1n, n: 1 }],
    ['a nested bigint', { products: [{ orderProductId: 2n ** 63n - 1n, refundCount: 2 }] }],
    ['a bare bigint', 9007199254740993n],
    ['a lone surrogate', { reason: '\udc00' }],
  ])('writes the same text as stringifyJson: %s', (_what, value) => {
    expect(jsonText(value)).toBe(stringifyJson(value));
  });

  test('keeps every digit of a bigint', () => {
    expect(jsonText([2n ** 64n])).toBe('[18446744073709551616]');
  });

  test('throws as stringifyJson does for what has no JSON form', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => jsonText(circular)).toThrow(TypeError);
    expect(() => jsonText(undefined)).toThrow(TypeError);
  });
});
