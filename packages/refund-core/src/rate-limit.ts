import { sleep } from '@refundkit/http';

/** A provider's published request rate. */
export interface RateLimit {
  /** Sustained requests per second. */
  readonly ratePerSecond: number;
  /** Requests that may go at once after a quiet spell. */
  readonly burst: number;
}

/**
 * The defaults: 90 % of each provider's published rate (protocols.md), because the provider
 * meters arrivals and requests sent evenly can arrive bunched, and a burst below the
 * published one (KakaClo 100 of 120) for the same reason. Shoplazza publishes "about 2/s with
 * a burst" and no burst size: 20 is our guess. Keeta publishes no limit.
 */
export const DEFAULT_RATE_LIMITS = {
  /** Per store: Shoplazza's leaky bucket, about 2 requests per second with a burst. */
  shoplazza: {
    /** 90 % of the published 2 per second. */
    ratePerSecond: 1.8,
    /** A guess: Shoplazza publishes no burst size. */
    burst: 20,
  },
  /** KakaClo publishes about 2 requests per second with a burst of 120. */
  kakaclo: {
    /** 90 % of the published 2 per second. */
    ratePerSecond: 1.8,
    /** Below the published 120. */
    burst: 100,
  },
} as const satisfies Record<string, RateLimit>;

/**
 * A token bucket per key, as the generic cell rate algorithm: each call reserves the next
 * slot, so waiting callers go in arrival order and a burst of `burst` passes at once.
 * Written here (30 lines) rather than taken from a package because it needs the injected
 * clock and an abortable wait.
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  /** Per key: the theoretical arrival time of the next request (epoch ms). */
  readonly #next = new Map<string, number>();

  constructor(limit: RateLimit, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Resolves when a request on `key` may go; rejects with the signal's reason on abort. */
  take(key: string, signal?: AbortSignal): Promise<void> {
    const interval = 1000 / this.#limit.ratePerSecond;
    const now = this.#now();
    const next = Math.max(this.#next.get(key) ?? now, now);
    this.#next.set(key, next + interval);
    const wait = next - (this.#limit.burst - 1) * interval - now;
    return wait > 0 ? sleep(wait, signal) : Promise.resolve();
  }
}
