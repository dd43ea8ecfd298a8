/**
 * The client-side token bucket, on vitest's fake timers: its clock and its sleeps are the
 * same fake time, so "when" is exact and nothing waits for real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rate-limit.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` takes on `key` and records the fake time each one was let through. */
function takeMany(limiter: RateLimiter, key: string, count: number, passed: [number, number][]) {
  return Array.from({ length: count }, (_, index) =>
    limiter.take(key).then(() => passed.push([index, Date.now()])),
  );
}

describe('RateLimiter', () => {
  it('lets a burst through at once, then one per interval, in arrival order', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 3 }, () => Date.now());
    const passed: [number, number][] = [];
    const takes = takeMany(limiter, 'kakaclo', 6, passed);
    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    await vi.advanceTimersByTimeAsync(99);
    expect(passed).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(301);
    await Promise.all(takes);
    expect(passed).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 100],
      [4, 200],
      [5, 300],
    ]);
  });

  it('refills after a quiet spell, never beyond the burst', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2 }, () => Date.now());
    const passed: [number, number][] = [];
    await Promise.all(takeMany(limiter, 'k', 2, passed));
    await vi.advanceTimersByTimeAsync(10_000);
    passed.length = 0;
    const takes = takeMany(limiter, 'k', 3, passed);
    await vi.advanceTimersByTimeAsync(0);
    expect(passed.map(([, at]) => at)).toEqual([10_000, 10_000]);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(takes);
    expect(passed.map(([, at]) => at)).toEqual([10_000, 10_000, 10_100]);
  });

  it('keeps one bucket per key', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 }, () => Date.now());
    const passed: string[] = [];
    const a = [limiter.take('shoplazza:a'), limiter.take('shoplazza:a')];
    void a[1]!.then(() => passed.push('a2'));
    await limiter.take('shoplazza:b');
    passed.push('b1');
    expect(passed).toEqual(['b1']);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(a);
    expect(passed).toEqual(['b1', 'a2']);
  });

  it('rejects a waiting take with the abort reason, and the others still pass', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, () => Date.now());
    const controller = new AbortController();
    await limiter.take('k');
    const aborted = limiter.take('k', controller.signal);
    const after = limiter.take('k');
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(200);
    await expect(after).resolves.toBeUndefined();
  });

  it('rejects at once when the signal is already aborted and it would have to wait', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 }, () => Date.now());
    await limiter.take('k');
    const reason = new Error('gone');
    await expect(limiter.take('k', AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
