import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from './retry-policy.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T00:00:00Z');
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 00:00:05 GMT' }), now),
    ).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('uses the server wait when within the cap, and refuses one beyond it', () => {
    expect(retryDelayMs(0, {}, 1500, () => 0.9)).toBe(1500);
    expect(retryDelayMs(0, { maxRetryAfterMs: 1000 }, 1500, () => 0)).toBeUndefined();
  });
});
