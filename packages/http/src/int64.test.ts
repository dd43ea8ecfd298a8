import { describe, expect, it } from 'vitest';
import { toInt64 } from './int64.js';

describe('toInt64', () => {
  it.each([
    [42, 42],
    ['42', 42],
    [42n, 42],
    ['1560897343230267394', 1560897343230267394n],
    [2n ** 60n, 2n ** 60n],
  ])('%s → %s', (input, expected) => {
    expect(toInt64(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [2 ** 53 + 2, 'lost precision'],
    [1.5, 'integer'],
    ['12a', 'digits'],
    [' 12', 'digits'],
    [2n ** 63n, '64 bits'],
    [null, 'number, bigint or string'],
  ])('refuses %s', (input, reason) => {
    const result = toInt64(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
