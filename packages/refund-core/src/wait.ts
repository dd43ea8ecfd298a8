import { sleep } from '@refundkit/http';
import { coreCheck } from './request-check.js';
import type { RefundResult } from './result.js';

/** Options of `waitForFinal`. */
export interface WaitOptions {
  /** Give up after this long and return the last (still pending) result. Required. */
  readonly timeoutMs: number;
  /** Aborts the wait (rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** First pause between polls (default 1 000 ms); doubles up to `maxIntervalMs`. */
  readonly intervalMs?: number;
  /** Longest pause between polls (default 60 000 ms). */
  readonly maxIntervalMs?: number;
}

/** One poll: the result, and whether it can still change by itself. */
export interface Polled {
  readonly result: RefundResult;
  /** False while pending, and while an `unknown` refund is still being reconciled. */
  readonly final: boolean;
}

/**
 * Polls until the result is final (`succeeded`, `failed`, or an `unknown` nothing will
 * settle), or the time is up.
 * Pauses double from `intervalMs` with ±25 % jitter, so many waiting callers spread out;
 * they are never shorter than 500 ms (KakaClo's published rate is about 2 requests/s, and
 * the rate limiter meters every poll as well).
 */
export async function waitWithBackoff(
  poll: (signal: AbortSignal | undefined) => Promise<Polled>,
  options: WaitOptions,
): Promise<RefundResult> {
  const check = coreCheck('refund-core', 'waitForFinal');
  check.knownKeys('', options, ['timeoutMs', 'signal', 'intervalMs', 'maxIntervalMs']);
  const timeoutMs = check.nonNegativeInteger('timeoutMs', options.timeoutMs);
  const { signal } = options;
  for (const field of ['intervalMs', 'maxIntervalMs'] as const) {
    if (options[field] !== undefined) check.positiveInteger(field, options[field]);
  }
  const deadline = Date.now() + timeoutMs;
  const maxPause = Math.max(500, options.maxIntervalMs ?? 60_000);
  let pause = Math.max(500, options.intervalMs ?? 1_000);
  for (;;) {
    const { result, final } = await poll(signal);
    if (final) return result;
    const left = deadline - Date.now();
    if (left <= 0) return result;
    const jittered = pause * (0.75 + Math.random() * 0.5);
    await sleep(Math.min(jittered, left), signal);
    pause = Math.min(pause * 2, maxPause);
  }
}
