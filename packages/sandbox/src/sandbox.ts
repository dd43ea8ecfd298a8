import type { FaultSpec } from './faults.js';
import type { LedgerEntry } from './ledger.js';
import type { Seed } from './orders.js';
import type { SandboxCredentials } from './provider.js';
import type { KeetaRefundOutcome, KeetaWebhook } from './providers/keeta-webhook.js';
import type { RateLimits } from './rate-limit.js';
import type { LoggedRequest, RequestOutcome } from './request-log.js';
import type { ProviderName } from './spec.js';

/** Options of `startSandbox`; every one has a default. */
export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  host?: string;
  /**
   * Token the admin API (`/__sandbox/…`) requires as `Authorization: Bearer <token>`, from
   * every caller. Without one, the admin API answers loopback peers only.
   */
  adminToken?: string;
  /** The orders to serve. Default: `DEFAULT_SEED`. */
  seed?: Seed;
  /** Credentials to accept; unspecified ones keep their defaults. */
  credentials?: {
    /** Keeta's `appId`, `appSecret`, `accessToken`. */
    keeta?: Partial<SandboxCredentials['keeta']>;
    /** Shoplazza's `accessToken` (the `access-token` header). */
    shoplazza?: Partial<SandboxCredentials['shoplazza']>;
    /** KakaClo's `accessToken` (the bearer token). */
    kakaclo?: Partial<SandboxCredentials['kakaclo']>;
  };
  /** Faults active from the start. */
  faults?: FaultSpec[];
  /** Seed of the random numbers behind probabilistic faults. Default 1. */
  faultSeed?: number;
  /** Sandbox clock in ms since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** Keeta: accepted distance of `timestamp` from the clock. Default 300 s. */
  keetaTimestampWindowSeconds?: number;
  /** Keeta: verify signatures against this base URL instead of the sandbox's own. */
  keetaSignatureBaseUrl?: string;
  /** KakaClo: settle a refund this many ms after it was created. Default: only by admin call. */
  kakacloSettleAfterMs?: number;
  /** KakaClo: the status refunds settle to on their own. Default `refund_successfully`. */
  kakacloSettleStatus?: 'refund_successfully' | 'refund_failed';
  /**
   * Rate limits, a leaky bucket per provider and caller (Shoplazza: access token + shop;
   * KakaClo: bearer token; Keeta: appId), on the sandbox clock. Default: none. `'published'`
   * is what the providers document (`PUBLISHED_RATE_LIMITS`: Shoplazza 2/s burst 40, the
   * burst being the sandbox's choice; KakaClo 2/s burst 120; Keeta none). Over the limit:
   * 429 in the provider's style with `Retry-After`, nothing applied.
   */
  rateLimits?: RateLimits | 'published';
  /**
   * How many provider requests the request log keeps (the newest; the inspector page at
   * `/__sandbox/` shows them). Default 1000; 0 keeps none. At most 1,000,000.
   */
  requestLogSize?: number;
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * What to do when one of the sandbox's own answers breaks the spec: `throw` (default, the
   * request fails with a 500 naming the violation) or `log`.
   */
  onAnswerViolation?: 'throw' | 'log';
}

/** Counters a test can assert on. */
export interface SandboxStats {
  /** Requests answered 429 by the rate limiter (never those of a `rate_limit` fault). */
  rateLimited: {
    /** All providers together. */
    total: number;
    /** Keeta's 429s. */
    keeta: number;
    /** Shoplazza's 429s. */
    shoplazza: number;
    /** KakaClo's 429s. */
    kakaclo: number;
  };
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /**
   * The `baseUrl` to give each client. Shoplazza's takes the shop as a path segment:
   * `shoplazzaBaseUrl('demo-store')`.
   */
  readonly baseUrls: {
    /** `http://127.0.0.1:<port>/keeta` */
    keeta: string;
    /** `http://127.0.0.1:<port>/kakaclo` */
    kakaclo: string;
    /** The seeded shop's: `http://127.0.0.1:<port>/shoplazza/demo-store` */
    shoplazza: string;
  };
  /** Shoplazza's base URL for one shop. */
  shoplazzaBaseUrl(shop: string): string;
  /** The credentials it accepts. */
  readonly credentials: SandboxCredentials;
  /** The rate limits in force (`{}`: none), `'published'` resolved. */
  readonly rateLimits: RateLimits;
  /** Counters since the start or the last `reset()`. */
  stats(): SandboxStats;
  /**
   * The request log: the last `requestLogSize` requests to a provider, oldest first, each with
   * its verdict, violations, faults fired and ledger entries, credentials masked (frozen
   * records). Emptied by `reset()`.
   */
  requests(filter?: {
    provider?: ProviderName;
    orderId?: string;
    outcome?: RequestOutcome;
  }): LoggedRequest[];
  /** Every refund applied, oldest first (frozen snapshots). */
  ledger(filter?: { provider?: ProviderName; orderId?: string; shop?: string }): LedgerEntry[];
  /**
   * A copy of every order as it stands, in the seed's shape, with what has been refunded of
   * it (`refunded` units per line; Shoplazza's `refundedAmount`, `refundedShipping`,
   * `refundedTip`). Compare it with {@link Sandbox.ledger} to check they agree.
   */
  orders(): Required<Seed>;
  /** Adds fault rules. */
  addFaults(faults: FaultSpec[]): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Adds or replaces an order. @throws TypeError naming the bad field. */
  addOrder(provider: ProviderName, order: unknown): void;
  /** Settles a pending KakaClo refund. @returns false when none is pending under that number. */
  settleKakacloRefund(refundNo: string, status: 'refund_successfully' | 'refund_failed'): boolean;
  /**
   * Keeta's decision on a partial refund: the raw JSON body of webhook event 1007
   * (`partialProductRefundStatusChangeNotification`), signed over `url` (the receiver's
   * webhook URL, exactly as given) with the configured app secret, `status` from
   * `KEETA_REFUND_WEBHOOK_STATUSES`. The first call settles the ledger entry
   * (`refund_successfully` / `refund_failed`, a new snapshot); `failed` gives the units back
   * to the order. Again with the same outcome: the same event (a redelivery), nothing changed.
   * @throws TypeError naming a bad argument; UnknownRefundError for an `afterSaleOrderId`
   *   never applied; RefundAlreadySettledError when settled with the other outcome.
   */
  keetaRefundWebhook(
    afterSaleOrderId: string,
    outcome: KeetaRefundOutcome,
    options: { url: string },
  ): KeetaWebhook;
  /**
   * Back to the seed: orders restored; ledger, request log, faults, Keeta refunds, rate-limit
   * buckets and stats emptied. Requests in flight (held by a `latency` fault, say) are cancelled: their
   * connection drops and nothing applies.
   */
  reset(): void;
  /** Cancels requests in flight (nothing applies after it), stops listening, closes connections. */
  close(): Promise<void>;
}
