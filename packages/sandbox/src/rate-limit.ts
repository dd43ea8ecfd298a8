import { parseJson } from './json.js';
import { canonicalShop } from './shop-name.js';
import type { ProviderName } from './spec.js';

/** One provider's limit: a leaky bucket that drains `ratePerSecond` and holds `burst` requests. */
export interface RateLimit {
  /** Requests per second the bucket drains (the sustained rate); a positive number. */
  ratePerSecond: number;
  /** Requests that may arrive at once on an empty bucket; a positive integer. */
  burst: number;
}

/** Limits per provider; a provider left out is not limited. */
export type RateLimits = Partial<Record<ProviderName, RateLimit>>;

/**
 * The limits the providers publish (protocols.md). Shoplazza: about 2 requests/second with
 * "a burst allowance" of unstated size; 40 is the sandbox's choice. KakaClo: 2/s, burst 120.
 * Keeta publishes none, so it is not limited.
 */
export const PUBLISHED_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  shoplazza: Object.freeze({ ratePerSecond: 2, burst: 40 }),
  kakaclo: Object.freeze({ ratePerSecond: 2, burst: 120 }),
});

/** Above this many buckets, drained ones are forgotten (an empty bucket and no bucket are the same). */
const MAX_BUCKETS = 10_000;

const PROVIDERS: readonly ProviderName[] = ['keeta', 'shoplazza', 'kakaclo'];

/**
 * Checks the `rateLimits` option (it may come from JSON, so nothing is trusted) and resolves
 * `'published'` to {@link PUBLISHED_RATE_LIMITS}. The result is frozen: the limits a running
 * sandbox shows are the ones it applies.
 * @throws TypeError naming the field, e.g. `rateLimits.shoplazza.burst`.
 */
export function checkRateLimits(given: unknown): RateLimits {
  if (given === undefined) return {};
  if (given === 'published') return copy(PUBLISHED_RATE_LIMITS);
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(
      `rateLimits: must be 'published' or an object of { ratePerSecond, burst } per provider`,
    );
  }
  const limits: RateLimits = {};
  for (const [provider, value] of Object.entries(given)) {
    const field = `rateLimits.${provider}`;
    if (!PROVIDERS.includes(provider as ProviderName)) {
      throw new TypeError(`${field}: unknown provider; use keeta, shoplazza or kakaclo`);
    }
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`${field}: must be an object { ratePerSecond, burst }`);
    }
    const { ratePerSecond, burst, ...rest } = value as Record<string, unknown>;
    const [extra] = Object.keys(rest);
    if (extra !== undefined) throw new TypeError(`${field}.${extra}: unknown field`);
    if (
      typeof ratePerSecond !== 'number' ||
      !Number.isFinite(ratePerSecond) ||
      ratePerSecond <= 0 ||
      ratePerSecond > 1_000_000
    ) {
      throw new TypeError(`${field}.ratePerSecond: must be a number above 0 and at most 1000000`);
    }
    if (typeof burst !== 'number' || !Number.isSafeInteger(burst) || burst < 1) {
      throw new TypeError(`${field}.burst: must be an integer ≥ 1`);
    }
    limits[provider as ProviderName] = Object.freeze({ ratePerSecond, burst });
  }
  return Object.freeze(limits);
}

/** A refusal: how long until the bucket has room for one more request. */
export interface RateLimited {
  /** Whole seconds, rounded up, at least 1: the `Retry-After` value. */
  retryAfterSeconds: number;
  limit: RateLimit;
}

/**
 * The sandbox's rate limiter: one leaky bucket per provider and key (Shoplazza: token and
 * shop; KakaClo: bearer token; Keeta: appId), metered on the sandbox clock so a test with a
 * fixed clock is deterministic. Written as the equivalent "virtual scheduling" form: each
 * bucket keeps the time it will be empty (`emptyAt`); a request adds `1000 / ratePerSecond`
 * ms of water, and is refused, adding nothing, when the bucket would then hold more than
 * `burst` requests.
 */
export class RateLimiter {
  readonly limits: Readonly<RateLimits>;
  readonly #now: () => number;
  readonly #buckets = new Map<string, number>();
  #refused: Record<ProviderName, number> = { keeta: 0, shoplazza: 0, kakaclo: 0 };

  constructor(limits: RateLimits, now: () => number) {
    this.limits = limits;
    this.#now = now;
  }

  /**
   * Meters one request. `key` is only computed for a limited provider.
   * @returns `undefined` when the request may go on, else the refusal (counted).
   */
  take(provider: ProviderName, key: () => string): RateLimited | undefined {
    const limit = this.limits[provider];
    if (limit === undefined) return undefined;
    const bucket = JSON.stringify([provider, key()]);
    const now = this.#now();
    const interval = 1000 / limit.ratePerSecond;
    const tolerance = (limit.burst - 1) * interval;
    const emptyAt = Math.max(this.#buckets.get(bucket) ?? now, now);
    const waitMs = emptyAt - now - tolerance;
    // The epsilon absorbs float error in the sum of intervals (1000 / 3, say).
    if (waitMs > 1e-6) {
      this.#refused[provider]++;
      return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)), limit };
    }
    this.#buckets.set(bucket, emptyAt + interval);
    if (this.#buckets.size > MAX_BUCKETS) this.#dropEmpty(now);
    return undefined;
  }

  /** How many requests the limiter refused, per provider. */
  refused(): Record<ProviderName, number> {
    return { ...this.#refused };
  }

  /** Forgets buckets that have drained: a caller sending many tokens cannot grow the map for ever. */
  #dropEmpty(now: number): void {
    for (const [bucket, emptyAt] of this.#buckets) {
      if (emptyAt <= now) this.#buckets.delete(bucket);
    }
  }

  /** Empties every bucket and the counts (`reset()` of the sandbox). */
  reset(): void {
    this.#buckets.clear();
    this.#refused = { keeta: 0, shoplazza: 0, kakaclo: 0 };
  }
}

/** What a request's bucket is chosen by: headers, Shoplazza's shop segment, the raw body. */
export interface MeteredRequest {
  headers: Record<string, string | string[] | undefined>;
  shop?: string | undefined;
  bodyText: string;
}

/**
 * The bucket a request drains, as the providers meter: Shoplazza per app and store (the
 * `access-token` and the shop, any case), KakaClo per bearer token, Keeta per `appId` (read
 * from the JSON body, where Keeta carries it; a body without one shares the bucket of no
 * app). Credentials are only kept in memory as keys, never shown.
 */
export function bucketKey(provider: ProviderName, request: MeteredRequest): string {
  if (provider === 'shoplazza') {
    const shop = request.shop ?? '';
    return JSON.stringify([canonicalShop(shop) ?? shop, first(request.headers['access-token'])]);
  }
  if (provider === 'kakaclo') return first(request.headers['authorization']) ?? '';
  try {
    const body = parseJson(request.bodyText) as Record<string, unknown> | null;
    const appId = typeof body === 'object' && body !== null ? body['appId'] : undefined;
    return typeof appId === 'number' || typeof appId === 'bigint' || typeof appId === 'string'
      ? String(appId)
      : '';
  } catch {
    return '';
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function copy(limits: Readonly<RateLimits>): RateLimits {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(limits).map(([provider, limit]) => [provider, Object.freeze({ ...limit })]),
    ),
  );
}
