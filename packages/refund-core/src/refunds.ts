import { randomUUID } from 'node:crypto';
import {
  ApiError,
  sleep,
  UserAbortError,
  type InputCheck,
  type RequestOptions,
} from '@refundkit/http';
import type {
  PreviewRequest,
  PreparedRefund,
  Proof,
  ProviderAdapter,
  ProviderCall,
  RefundPreview,
  SentRefund,
} from './adapter.js';
import { CAPABILITIES, type Capabilities } from './capabilities.js';
import {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  RefundNotFoundError,
  UnsupportedOperationError,
} from './errors.js';
import { canonicalJson, canonicalRequest, type CanonicalRequest } from './fingerprint.js';
import { Heartbeat } from './lease.js';
import { classifySendError } from './outcome.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimit } from './rate-limit.js';
import { checkCommon, checkProvider, coreCheck } from './request-check.js';
import type { ProviderName, RefundRequest } from './request.js';
import { failedAt, type Reconciliation, type RefundResult } from './result.js';
import { replayResult, storedRequest, storeResult } from './stored-result.js';
import type { IdempotencyRecord, IdempotencyStore } from './store.js';
import { MemoryIdempotencyStore } from './stores/memory-store.js';
import { settleFromEvent, type RefundStatusEvent, type WebhookOutcome } from './webhook-event.js';
import { runMany, type RefundManyOptions, type RefundManyItem } from './refund-many.js';
import { waitWithBackoff, type Polled, type WaitOptions } from './wait.js';

/** What refund-core reports as it works: ids, keys and outcomes, never credentials. */
export interface RefundEvent {
  /**
   * The step: `claimed` (this call owns the key), `replayed` (the stored result was
   * returned), `joined` (another call in this process is sending it), `conflict` (the key was
   * used for a different request), `in_progress` (another owner holds the key), `sent`,
   * `refused` (the provider refused it; stored as `failed`), `released` (nothing was applied;
   * the key is free), `reconciled` (an ambiguous outcome was checked with the provider),
   * `settled` (a pending refund reached its final status).
   */
  readonly type:
    | 'claimed'
    | 'replayed'
    | 'joined'
    | 'conflict'
    | 'in_progress'
    | 'sent'
    | 'refused'
    | 'released'
    | 'reconciled'
    | 'settled';
  /** The provider of the refund. */
  readonly provider: ProviderName;
  /** The refund's idempotency key. */
  readonly idempotencyKey: string;
  /** The provider's order id. */
  readonly orderId: string;
  /** The refund's status after this step, when it has one. */
  readonly status?: RefundResult['status'];
  /** A short explanation (e.g. why a key was released), never a credential. */
  readonly detail?: string;
}

/** The options of {@link createRefunds}. */
export interface RefundsOptions {
  /** The providers, each an adapter over its client (`kakacloAdapter(client)`, …). */
  readonly providers: {
    /** `keetaAdapter(createKeetaClient({…}))` from `@refundkit/refund-core/keeta`. */
    readonly keeta?: ProviderAdapter;
    /** `shoplazzaAdapter(…)` from `@refundkit/refund-core/shoplazza`. */
    readonly shoplazza?: ProviderAdapter;
    /** `kakacloAdapter(createKakacloClient({…}))` from `@refundkit/refund-core/kakaclo`. */
    readonly kakaclo?: ProviderAdapter;
  };
  /**
   * Where idempotency records live. Default: in this process's memory (lost on exit, not
   * shared). `SqliteIdempotencyStore` (`@refundkit/refund-core/sqlite`) survives restarts;
   * `@refundkit/store-postgres` is shared by instances.
   */
  readonly store?: IdempotencyStore;
  /** Receives a {@link RefundEvent} at each step. */
  readonly logger?: (event: RefundEvent) => void;
  /** Epoch ms; `Date.now` by default. Used by the rate limiter and waits. */
  readonly clock?: () => number;
  /**
   * How long a claim or an order lock lasts without renewal (default 60 000 ms). This process
   * renews it every third of that while it works, so it expires only when its owner died.
   * Keep it longer than a stalled event loop can last.
   */
  readonly leaseMs?: number;
  /** How long to wait for another refund of the same order to finish (default 30 000 ms). */
  readonly orderLockTimeoutMs?: number;
  /**
   * How long to wait for a refund with the same key held by another process before throwing
   * {@link IdempotencyInProgressError} (default 0: throw at once).
   */
  readonly inFlightWaitMs?: number;
  /**
   * What to do when reconciliation proves an ambiguous refund was NOT applied: `'report'`
   * (default) returns `failed` with `failure.reason: 'not_applied'` and frees the key, so a
   * retry with the same key sends it; `'resend'` sends it again at once, one time.
   */
  readonly onProvenNotApplied?: 'report' | 'resend';
  /**
   * How long after a refund's answer was lost the provider may still apply it (default
   * 60 000 ms). A request whose answer timed out can still be in the provider's queue, so a
   * lookup that finds nothing proves "not applied" only once this window has passed since
   * the failure (or since a dead owner's record was taken over). Until then the refund is
   * `unknown` and its key is held; set it above the longest time the provider takes to
   * process a request it received.
   */
  readonly lateApplyWindowMs?: number;
  /**
   * How long `refund()` may wait inline for that window to pass before answering `unknown`
   * (default 0: answer at once; the next call with the key, or `recover()`, checks again
   * after the window).
   */
  readonly reconcileWaitMs?: number;
  /** How long completed records are kept before `prune()` removes them (default 30 days). */
  readonly retentionMs?: number;
  /**
   * Client-side rate limits per provider (per shop for Shoplazza), applied to every provider
   * call. Defaults: {@link DEFAULT_RATE_LIMITS}; `false` turns a provider's off.
   */
  readonly rateLimits?: Partial<Record<ProviderName, RateLimit | false>>;
}

/** Options of one refund call. */
export interface RefundCallOptions {
  /** Aborts waiting and any request not yet sent; a request in flight ends as reconciled. */
  readonly signal?: AbortSignal;
}

/** Names a stored refund: its idempotency key (a {@link RefundResult} works too). */
export interface RefundRef {
  /** The key the refund was sent with. */
  readonly idempotencyKey: string;
}

/** A person's verdict on an `unknown` refund, for `resolve()`. */
export type Resolution =
  | {
      /** The provider has the refund. */
      readonly outcome: 'applied';
      /** Where the provider has it (default `succeeded`). */
      readonly status?: 'succeeded' | 'pending';
      /** The provider's id of the refund, when the person found it. */
      readonly refundId?: string;
      /** What was checked, kept in `reconciliation.evidence`. */
      readonly evidence: string;
    }
  | {
      /** The provider does not have the refund. */
      readonly outcome: 'not_applied';
      /** What was checked, kept in `reconciliation.evidence`. */
      readonly evidence: string;
    };

/** What `recover()` did with each expired in-flight record. */
export interface RecoveredRefund {
  /** The record's idempotency key. */
  readonly idempotencyKey: string;
  /** The refund's result, once taken over and resumed (or reconciled). */
  readonly result?: RefundResult;
  /** What taking it over threw instead (then `result` is absent). */
  readonly error?: unknown;
}

/** refund-core's API. */
export interface Refunds {
  /**
   * Refunds once per idempotency key. Checks the request (throws `LocalValidationError`,
   * nothing stored or sent), records the intent, takes the order's lock, snapshots what
   * reconciliation needs, sends, and stores the result. The same key again replays it.
   *
   * @throws LocalValidationError, IdempotencyConflictError, IdempotencyInProgressError, and
   *   the client's errors that prove nothing was applied (RateLimitError, ConnectionError
   *   with `requestNotSent`, UserAbortError, AuthenticationError, PermissionDeniedError):
   *   then the key is free again.
   * @example
   * const result = await refunds.refund({ provider: 'kakaclo', idempotencyKey: 'msg-81',
   *   orderId: '10001', wholeOrder: true });
   */
  refund(request: RefundRequest, options?: RefundCallOptions): Promise<RefundResult>;
  /** Many refunds, rate-limited per provider and shop, one item per request, in order. */
  refundMany(
    requests: readonly RefundRequest[],
    options?: RefundManyOptions,
  ): Promise<RefundManyItem[]>;
  /** Keeta's refundable items; `UnsupportedOperationError` elsewhere. */
  preview(request: PreviewRequest, options?: RefundCallOptions): Promise<RefundPreview>;
  /** The stored result, refreshed from the provider when it is pending and can be queried. */
  status(ref: RefundRef, options?: RefundCallOptions): Promise<RefundResult>;
  /** Polls `status` with backoff and jitter until the refund is final or the time is up. */
  waitForFinal(ref: RefundRef, options: WaitOptions): Promise<RefundResult>;
  /** Settles a stored refund from a verified provider event (Keeta 1007). Idempotent. */
  applyWebhook(event: RefundStatusEvent): Promise<WebhookOutcome>;
  /** Reconciles every in-flight record whose owner died (lease expired). */
  recover(options?: RefundCallOptions): Promise<RecoveredRefund[]>;
  /**
   * Settles an `unknown` refund by hand, once a person has checked the provider (the result's
   * `unknown.check` and `where` say what and where). `applied` completes it (replayed from
   * then on). `not_applied` on a refund held `unknown` frees the key (a retry with it sends
   * the refund) and unblocks its order; on a stored `unknown` (Shoplazza) it stores `failed`,
   * which is replayed, so send the refund again under a new key.
   *
   * @throws IdempotencyInProgressError while the refund is being sent or its late-apply
   *   window is still open; LocalValidationError when it is not `unknown`.
   * @example
   * await refunds.resolve({ idempotencyKey: 'msg-81' }, { outcome: 'applied', evidence: 'seen in the admin, refund R-17' });
   */
  resolve(ref: RefundRef, resolution: Resolution): Promise<RefundResult>;
  /** Deletes completed records older than `retentionMs`. @returns how many. */
  prune(): Promise<number>;
  /** What a provider can do. */
  capabilities(provider: ProviderName): Capabilities;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_ORDER_LOCK_TIMEOUT_MS = 30_000;
const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_LATE_APPLY_WINDOW_MS = 60_000;

/** What a record keeps for reconciliation (JSON in `checkpoint`). */
interface Checkpoint {
  /** The adapter's snapshot taken before sending. */
  readonly baseline: unknown;
  /** Epoch ms (this engine's clock) before which "not found" does not prove "not applied". */
  readonly settleAfter?: number;
}

/**
 * Creates refund-core over the given provider adapters.
 * @example
 * const refunds = createRefunds({ providers: { kakaclo: kakacloAdapter(createKakacloClient({ accessToken })) } });
 */
export function createRefunds(options: RefundsOptions): Refunds {
  return new RefundEngine(options);
}

interface Flight {
  readonly fingerprint: string;
  readonly promise: Promise<RefundResult>;
}

/** Ends in-flight work that must not send: its record was taken over meanwhile. */
class LostClaim extends Error {}

class RefundEngine implements Refunds {
  readonly #adapters: Partial<Record<ProviderName, ProviderAdapter>>;
  readonly #store: IdempotencyStore;
  readonly #log: (event: RefundEvent) => void;
  readonly #now: () => number;
  readonly #leaseMs: number;
  readonly #orderLockTimeoutMs: number;
  readonly #inFlightWaitMs: number;
  readonly #resend: boolean;
  readonly #retentionMs: number;
  readonly #lateApplyWindowMs: number;
  readonly #reconcileWaitMs: number;
  readonly #limiters: Partial<Record<ProviderName, RateLimiter>> = {};
  /** The lease renewals of the refunds this process is running, by owner token. */
  readonly #heartbeats = new Map<string, Heartbeat>();
  /** One process, one key, one provider call: later callers join the first. */
  readonly #flights = new Map<string, Flight>();

  constructor(options: RefundsOptions) {
    const check = coreCheck('refund-core', 'createRefunds');
    const given = check.knownKeys('', options, [
      'providers',
      'store',
      'logger',
      'clock',
      'leaseMs',
      'orderLockTimeoutMs',
      'inFlightWaitMs',
      'onProvenNotApplied',
      'retentionMs',
      'rateLimits',
      'lateApplyWindowMs',
      'reconcileWaitMs',
    ]);
    const providers = check.knownKeys('providers', given['providers'], [
      'keeta',
      'shoplazza',
      'kakaclo',
    ]);
    this.#adapters = {};
    for (const name of ['keeta', 'shoplazza', 'kakaclo'] as const) {
      const adapter = providers[name] as ProviderAdapter | undefined;
      if (adapter === undefined) continue;
      if (adapter.provider !== name) {
        check.fail(
          `providers.${name}`,
          'adapter',
          `must be the ${name} adapter (${name}Adapter(client))`,
        );
      }
      this.#adapters[name] = adapter;
    }
    if (Object.keys(this.#adapters).length === 0) {
      check.fail('providers', 'min_items', 'must configure at least one provider adapter');
    }
    this.#store = options.store ?? new MemoryIdempotencyStore();
    this.#log = options.logger ?? (() => undefined);
    this.#now = options.clock ?? Date.now;
    this.#leaseMs = positive(check, 'leaseMs', options.leaseMs, DEFAULT_LEASE_MS);
    this.#orderLockTimeoutMs = positive(
      check,
      'orderLockTimeoutMs',
      options.orderLockTimeoutMs,
      DEFAULT_ORDER_LOCK_TIMEOUT_MS,
    );
    this.#inFlightWaitMs =
      options.inFlightWaitMs === undefined
        ? 0
        : check.nonNegativeInteger('inFlightWaitMs', options.inFlightWaitMs);
    this.#resend =
      check.oneOf('onProvenNotApplied', options.onProvenNotApplied ?? 'report', [
        'report',
        'resend',
      ]) === 'resend';
    this.#retentionMs = positive(check, 'retentionMs', options.retentionMs, DEFAULT_RETENTION_MS);
    this.#lateApplyWindowMs =
      options.lateApplyWindowMs === undefined
        ? DEFAULT_LATE_APPLY_WINDOW_MS
        : check.nonNegativeInteger('lateApplyWindowMs', options.lateApplyWindowMs);
    this.#reconcileWaitMs =
      options.reconcileWaitMs === undefined
        ? 0
        : check.nonNegativeInteger('reconcileWaitMs', options.reconcileWaitMs);
    const limits = check.knownKeys('rateLimits', options.rateLimits ?? {}, [
      'keeta',
      'shoplazza',
      'kakaclo',
    ]);
    for (const name of ['keeta', 'shoplazza', 'kakaclo'] as const) {
      const given = limits[name] as RateLimit | false | undefined;
      const limit = given ?? (name === 'keeta' ? false : DEFAULT_RATE_LIMITS[name]);
      if (limit === false) continue;
      const rate = check.knownKeys(`rateLimits.${name}`, limit, ['ratePerSecond', 'burst']);
      if (typeof rate['ratePerSecond'] !== 'number' || !(rate['ratePerSecond'] > 0)) {
        check.fail(`rateLimits.${name}.ratePerSecond`, 'positive', 'must be a positive number');
      }
      check.positiveInteger(`rateLimits.${name}.burst`, rate['burst']);
      this.#limiters[name] = new RateLimiter(limit, this.#now);
    }
  }

  capabilities(provider: ProviderName): Capabilities {
    return CAPABILITIES[provider];
  }

  async refund(request: RefundRequest, options: RefundCallOptions = {}): Promise<RefundResult> {
    const { adapter, prepared } = this.#prepare(request, 'refund');
    const key = prepared.request.idempotencyKey;
    const canonical = canonicalRequest(prepared.request as unknown as Record<string, unknown>);
    const print = canonical.fingerprint;
    const flight = this.#flights.get(key);
    if (flight) {
      if (flight.fingerprint !== print) {
        this.#emit('conflict', prepared);
        throw new IdempotencyConflictError(key);
      }
      this.#emit('joined', prepared);
      // The first call goes on; this caller's own signal only ends its wait for it.
      const shared = await untilAborted(flight.promise, options.signal, adapter.provider);
      return { ...shared, replayed: true };
    }
    const promise = this.#claimAndRun(adapter, prepared, canonical, options.signal);
    this.#flights.set(key, { fingerprint: print, promise });
    try {
      return await promise;
    } finally {
      this.#flights.delete(key);
    }
  }

  refundMany(
    requests: readonly RefundRequest[],
    options: RefundManyOptions = {},
  ): Promise<RefundManyItem[]> {
    return runMany(requests, options, (request, signal) =>
      this.refund(request, signal === undefined ? {} : { signal }),
    );
  }

  async preview(request: PreviewRequest, options: RefundCallOptions = {}): Promise<RefundPreview> {
    const check = coreCheck('refund-core', 'preview');
    const provider = checkCommonPreview(check, request, this.#configured());
    const adapter = this.#adapters[provider];
    if (!adapter?.preview) {
      throw new UnsupportedOperationError(
        provider,
        'preview',
        `${provider} has no refund preview (capabilities('${provider}').preview is false)`,
      );
    }
    // The bucket refunds of the provider use (Keeta meters per app, not per shop).
    const bucket = provider;
    return adapter.preview(request, this.#caller(provider, bucket, options.signal));
  }

  async status(ref: RefundRef, options: RefundCallOptions = {}): Promise<RefundResult> {
    return (await this.#poll(checkRef(ref), options.signal)).result;
  }

  /** `status()`, and whether the result can still change by itself (for `waitForFinal`). */
  async #poll(key: string, signal: AbortSignal | undefined): Promise<Polled> {
    const record = await this.#store.get(key);
    if (!record) throw new RefundNotFoundError(key);
    if (record.state === 'in_flight') {
      const result = record.leaseExpired
        ? await this.#takeOverAndResume(record, signal)
        : this.#inFlightResult(record);
      return { result, final: result.status !== 'unknown' && result.status !== 'pending' };
    }
    const stored = replayResult(record.result ?? '{}');
    const adapter = this.#adapters[stored.provider];
    const final = stored.status !== 'pending';
    if (final || !adapter?.refresh) return { result: stored, final };
    const options: RefundCallOptions = signal === undefined ? {} : { signal };
    const prepared = adapter.prepare(storedRequest(record), coreCheck(stored.provider, 'status'));
    const fresh = await adapter.refresh(
      prepared,
      stored,
      this.#caller(stored.provider, prepared.bucket, options.signal),
    );
    if (fresh.status === 'pending') return { result: stored, final: false };
    const settled: RefundResult = {
      ...stored,
      status: fresh.status,
      ...(fresh.refundId === undefined ? {} : { refundId: fresh.refundId }),
      ...failedAt(stored.provider, fresh.status),
      raw: fresh.raw,
    };
    if (await this.#store.updateResult(key, record.version, storeResult(settled))) {
      this.#emit('settled', prepared, settled.status);
      return { result: settled, final: true };
    }
    // Someone settled it meanwhile (a webhook, another instance): theirs is the record.
    return this.#poll(key, options.signal);
  }

  waitForFinal(ref: RefundRef, options: WaitOptions): Promise<RefundResult> {
    const key = checkRef(ref);
    return waitWithBackoff((signal) => this.#poll(key, signal), options);
  }

  /**
   * What `status()` says of a refund another caller holds (sending it, or holding it
   * `unknown` until its late-apply window has passed): `unknown`, and when to ask again.
   */
  #inFlightResult(record: IdempotencyRecord): RefundResult {
    const request = storedRequest(record);
    const until = new Date(record.leaseExpiresAt ?? this.#now()).toISOString();
    return {
      provider: request.provider,
      idempotencyKey: record.key,
      orderId: request.orderId,
      status: 'unknown',
      unknown: {
        check:
          record.phase === 'unknown'
            ? 'its answer was lost and the provider may still apply it; refund-core holds the key until it can tell'
            : 'it is being sent or reconciled right now',
        where: `ask again after ${until} (status() or the same refund() call)`,
      },
      replayed: false,
      raw: undefined,
    };
  }

  async applyWebhook(event: RefundStatusEvent): Promise<WebhookOutcome> {
    return settleFromEvent(this.#store, event, (prepared, status) =>
      this.#emit('settled', prepared, status),
    );
  }

  async recover(options: RefundCallOptions = {}): Promise<RecoveredRefund[]> {
    const recovered: RecoveredRefund[] = [];
    for (const record of await this.#store.listInFlight()) {
      if (!record.leaseExpired) continue;
      try {
        recovered.push({
          idempotencyKey: record.key,
          result: await this.#takeOverAndResume(record, options.signal),
        });
      } catch (error) {
        recovered.push({ idempotencyKey: record.key, error });
      }
    }
    return recovered;
  }

  async resolve(ref: RefundRef, resolution: Resolution): Promise<RefundResult> {
    const key = checkRef(ref);
    const check = coreCheck('refund-core', 'resolve');
    const given = check.knownKeys('resolution', resolution, [
      'outcome',
      'status',
      'refundId',
      'evidence',
    ]);
    const outcome = check.oneOf('resolution.outcome', given['outcome'], [
      'applied',
      'not_applied',
    ] as const);
    const evidence = check.nonEmptyString('resolution.evidence', given['evidence']);
    const status =
      outcome === 'applied'
        ? check.oneOf('resolution.status', given['status'] ?? 'succeeded', [
            'succeeded',
            'pending',
          ] as const)
        : undefined;
    if (outcome === 'not_applied' && given['status'] !== undefined) {
      check.fail('resolution.status', 'not_applied', 'only goes with outcome applied');
    }
    const refundId =
      given['refundId'] === undefined
        ? undefined
        : check.nonEmptyString('resolution.refundId', given['refundId']);
    const record = await this.#store.get(key);
    if (!record) throw new RefundNotFoundError(key);
    const request = storedRequest(record);
    const prepared: PreparedRefund = {
      request,
      orderKey: record.orderKey,
      bucket: '',
      ...(request.amount === undefined ? {} : { amount: request.amount }),
    };
    const reconciliation: Reconciliation = {
      trigger: 'outcome_unknown',
      method: 'manual',
      outcome,
      resent: false,
      evidence,
    };
    const applied = (): RefundResult => ({
      provider: request.provider,
      idempotencyKey: key,
      orderId: request.orderId,
      ...(prepared.amount === undefined ? {} : { amount: prepared.amount }),
      status: status ?? 'succeeded',
      ...(refundId === undefined ? {} : { refundId }),
      reconciliation,
      replayed: false,
      raw: undefined,
    });
    if (record.state === 'completed') {
      const stored = replayResult(record.result ?? '{}');
      if (stored.status !== 'unknown') {
        check.fail('idempotencyKey', 'unknown_only', `is ${stored.status}, not unknown`);
      }
      const result: RefundResult =
        outcome === 'applied'
          ? { ...applied(), ...(stored.amount === undefined ? {} : { amount: stored.amount }) }
          : {
              provider: stored.provider,
              idempotencyKey: key,
              orderId: stored.orderId,
              ...(stored.amount === undefined ? {} : { amount: stored.amount }),
              status: 'failed',
              reconciliation,
              failure: { reason: 'not_applied', message: `resolved by hand: ${evidence}` },
              replayed: false,
              raw: undefined,
            };
      if (!(await this.#store.updateResult(key, record.version, storeResult(result)))) {
        throw new IdempotencyInProgressError(key, 100, 'the record changed meanwhile');
      }
      this.#emit('settled', prepared, result.status, `resolved by hand: ${evidence}`);
      return result;
    }
    if (!record.leaseExpired) throw this.#inProgress(record);
    const owner = randomUUID();
    if (!(await this.#store.takeOver(key, record.version, owner, this.#leaseMs))) {
      throw new IdempotencyInProgressError(key, 100, 'the record changed meanwhile');
    }
    if (outcome === 'not_applied') {
      if (!(await this.#store.release(key, owner))) return this.#fenced(key);
      this.#emit('released', prepared, 'failed', `resolved by hand: ${evidence}`);
      return this.#result(prepared, {
        status: 'failed',
        reconciliation,
        failure: {
          reason: 'not_applied',
          message: `resolved by hand: ${evidence}. Retrying with the same idempotency key sends it.`,
        },
        raw: undefined,
      });
    }
    const result = applied();
    if (!(await this.#store.complete(key, owner, storeResult(result)))) return this.#fenced(key);
    this.#emit('settled', prepared, result.status, `resolved by hand: ${evidence}`);
    return result;
  }

  prune(): Promise<number> {
    return this.#store.prune(this.#retentionMs);
  }

  // ---------------------------------------------------------------- the refund, step by step

  #configured(): ProviderName[] {
    return Object.keys(this.#adapters) as ProviderName[];
  }

  #prepare(
    request: unknown,
    operation: string,
  ): { adapter: ProviderAdapter; prepared: PreparedRefund } {
    const check = coreCheck('refund-core', operation);
    const provider = checkCommon(check, request, this.#configured());
    const adapter = this.#adapters[provider];
    // checkCommon accepts configured providers only.
    if (!adapter) throw new RangeError(`no ${provider} adapter`);
    const prepared = adapter.prepare(request as RefundRequest, coreCheck(provider, operation));
    return { adapter, prepared };
  }

  /** Claims the key in the store, or replays, conflicts, waits or takes over. */
  async #claimAndRun(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    canonical: CanonicalRequest,
    signal: AbortSignal | undefined,
  ): Promise<RefundResult> {
    const key = prepared.request.idempotencyKey;
    const print = canonical.fingerprint;
    const waitUntil = this.#now() + this.#inFlightWaitMs;
    for (;;) {
      const owner = randomUUID();
      const claim = await this.#store.claim({
        key,
        fingerprint: print,
        provider: adapter.provider,
        orderKey: prepared.orderKey,
        request: canonical.text,
        owner,
        leaseMs: this.#leaseMs,
      });
      const record = claim.record;
      if (claim.claimed) {
        this.#emit('claimed', prepared);
        return this.#run(adapter, prepared, record, owner, signal);
      }
      if (record.fingerprint !== print) {
        this.#emit('conflict', prepared);
        throw new IdempotencyConflictError(key);
      }
      if (record.state === 'completed') {
        this.#emit('replayed', prepared);
        return replayResult(record.result ?? '{}');
      }
      if (record.leaseExpired) {
        const taken = await this.#store.takeOver(key, record.version, owner, this.#leaseMs);
        if (taken) return this.#run(adapter, prepared, taken, owner, signal);
        continue; // another caller took it over first: read again
      }
      if (this.#now() >= waitUntil) {
        this.#emit('in_progress', prepared);
        throw this.#inProgress(record);
      }
      await pause(Math.min(100, Math.max(1, waitUntil - this.#now())), signal, adapter.provider);
    }
  }

  async #takeOverAndResume(
    record: IdempotencyRecord,
    signal: AbortSignal | undefined,
  ): Promise<RefundResult> {
    const adapter = this.#adapters[record.provider as ProviderName];
    if (!adapter) {
      throw new UnsupportedOperationError(
        record.provider,
        'recover',
        `no ${record.provider} adapter is configured to reconcile ${JSON.stringify(record.key)}`,
      );
    }
    const prepared = adapter.prepare(storedRequest(record), coreCheck(adapter.provider, 'recover'));
    const owner = randomUUID();
    const taken = await this.#store.takeOver(record.key, record.version, owner, this.#leaseMs);
    if (!taken) {
      const now = await this.#store.get(record.key);
      if (now?.state === 'completed') return replayResult(now.result ?? '{}');
      throw this.#inProgress(now ?? record);
    }
    if (taken.phase === 'claimed') {
      // Its owner died before sending anything. Only the caller's own refund() sends; a
      // status query or recover() frees the key so that call can.
      if (!(await this.#store.release(record.key, owner))) return this.#fenced(record.key);
      this.#emit('released', prepared, 'failed', 'its owner died before sending; the key is free');
      return this.#result(prepared, {
        status: 'failed',
        failure: {
          reason: 'not_applied',
          message:
            'the instance handling this refund stopped before sending it; nothing was sent. ' +
            'Retrying with the same idempotency key sends it.',
        },
        raw: undefined,
      });
    }
    return this.#run(adapter, prepared, taken, owner, signal);
  }

  /**
   * Runs a refund whose record this process owns: under the order lock, either from the
   * start (nothing was sent: phase `claimed`) or by reconciling what an earlier owner may
   * have sent (phase `sending` or `unknown`). Never sends a refund that may have been sent.
   */
  async #run(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    record: IdempotencyRecord,
    owner: string,
    signal: AbortSignal | undefined,
  ): Promise<RefundResult> {
    const key = record.key;
    const heartbeat = new Heartbeat(this.#store, key, owner, this.#leaseMs);
    this.#heartbeats.set(owner, heartbeat);
    let locked = false;
    try {
      const giveBack = async () => {
        // Nothing was sent by this owner: a fresh claim is freed, an inherited one handed on.
        if (record.phase === 'claimed') await this.#store.release(key, owner);
        else await this.#store.update(key, owner, { leaseMs: 0 });
      };
      try {
        locked = await this.#lockOrder(prepared.orderKey, owner, signal, adapter.provider);
      } catch (error) {
        await giveBack();
        throw error;
      }
      if (!locked) {
        await giveBack();
        throw new IdempotencyInProgressError(
          key,
          this.#leaseMs,
          `another refund of order ${prepared.request.orderId} is in flight`,
        );
      }
      heartbeat.coverOrder(prepared.orderKey);
      const call = this.#caller(adapter.provider, prepared.bucket, signal);
      if (record.phase !== 'claimed') {
        return await this.#reconcile(
          adapter,
          prepared,
          owner,
          parseCheckpoint(record.checkpoint),
          'lease_expired',
          call,
        );
      }
      try {
        await this.#settleOthers(adapter, prepared, call);
      } catch (error) {
        await giveBack();
        throw error;
      }
      let baseline: unknown;
      try {
        baseline = await adapter.snapshot(prepared, call);
      } catch (error) {
        await this.#store.release(key, owner);
        this.#emit(
          'released',
          prepared,
          undefined,
          'the pre-send snapshot failed; nothing was sent',
        );
        throw error;
      }
      // The checkpoint is written before the call: from here on, a crash means "reconcile".
      const marked = await this.#store.update(key, owner, {
        phase: 'sending',
        checkpoint: canonicalJson({ baseline }),
      });
      if (!marked || !heartbeat.held) throw new LostClaim();
      return await this.#send(adapter, prepared, owner, baseline, call, false);
    } catch (error) {
      if (error instanceof LostClaim) {
        throw new IdempotencyInProgressError(key, this.#leaseMs);
      }
      throw error;
    } finally {
      heartbeat.stop();
      this.#heartbeats.delete(owner);
      if (locked) await this.#store.unlockOrder(prepared.orderKey, owner).catch(() => undefined);
    }
  }

  async #send(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    owner: string,
    baseline: unknown,
    call: ProviderCall,
    resent: boolean,
  ): Promise<RefundResult> {
    const key = prepared.request.idempotencyKey;
    let sent: SentRefund;
    try {
      sent = await adapter.send(prepared, call);
    } catch (error) {
      const kind = classifySendError(error);
      if (kind === 'not_sent') {
        await this.#store.release(key, owner);
        this.#emit('released', prepared, undefined, 'nothing was applied; the key is free');
        throw error;
      }
      if (kind === 'refused' && error instanceof ApiError) {
        const failed = this.#result(prepared, {
          status: 'failed',
          failure: {
            reason: 'provider_refused',
            ...(error.code === undefined ? {} : { code: String(error.code) }),
            message: error.providerMessage ?? error.message,
            httpStatus: error.status,
          },
          ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
          raw: error.body,
        });
        if (!(await this.#store.complete(key, owner, storeResult(failed)))) {
          return this.#fenced(key);
        }
        this.#emit('refused', prepared, 'failed', error.message);
        return failed;
      }
      return this.#reconcile(
        adapter,
        prepared,
        owner,
        { baseline },
        'outcome_unknown',
        call,
        resent,
      );
    }
    const result = this.#result(prepared, {
      status: sent.status,
      ...fromSent(sent),
      ...(resent ? { reconciliation: resentNote(adapter) } : {}),
    });
    if (!(await this.#store.complete(key, owner, storeResult(result)))) return this.#fenced(key);
    this.#emit('sent', prepared, result.status);
    return result;
  }

  /**
   * Under the order lock, before a new refund of the order is sent: every other refund of the
   * order that may have been sent and is not settled yet (its owner died, or it is held
   * `unknown` within the late-apply window) is reconciled first, or this refund waits.
   * Its proof compares the order with a snapshot taken before it was sent, which only holds
   * while nothing else changes the order; a refund sent meanwhile would pass for it.
   */
  async #settleOthers(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    call: ProviderCall,
  ): Promise<void> {
    if (adapter.capabilities.reconciliation === 'none') return;
    const others = await this.#store.listByOrder(prepared.orderKey);
    for (const other of others) {
      if (other.key === prepared.request.idempotencyKey) continue;
      if (other.state !== 'in_flight' || other.phase === 'claimed') continue;
      const unresolved = `order ${prepared.request.orderId} has a refund whose outcome is not settled yet (key ${JSON.stringify(other.key)}), and a new refund of it would make that refund's proof unsound`;
      if (!other.leaseExpired) {
        throw new IdempotencyInProgressError(
          prepared.request.idempotencyKey,
          Math.max(1, Math.ceil((other.leaseExpiresAt ?? 0) - this.#now())),
          unresolved,
        );
      }
      const owner = randomUUID();
      const taken = await this.#store.takeOver(other.key, other.version, owner, this.#leaseMs);
      if (!taken)
        throw new IdempotencyInProgressError(prepared.request.idempotencyKey, 100, unresolved);
      const otherPrepared = adapter.prepare(
        storedRequest(taken),
        coreCheck(adapter.provider, 'recover'),
      );
      const settled = await this.#reconcile(
        adapter,
        otherPrepared,
        owner,
        parseCheckpoint(taken.checkpoint),
        'lease_expired',
        call,
      );
      if (settled.status === 'unknown') {
        const held = (await this.#store.get(other.key))?.leaseExpiresAt ?? 0;
        throw new IdempotencyInProgressError(
          prepared.request.idempotencyKey,
          Math.max(1, Math.ceil(held - this.#now())),
          unresolved,
        );
      }
    }
  }

  /**
   * Settles a refund that may have been applied by asking the provider. "Applied" is proof at
   * once. "Not found" is proof of "not applied" only after the late-apply window: before that
   * the request may still be waiting at the provider, so refund-core waits (up to
   * `reconcileWaitMs`) or answers `unknown` and holds the key until the window has passed.
   */
  async #reconcile(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    owner: string,
    checkpoint: Checkpoint,
    trigger: Reconciliation['trigger'],
    call: ProviderCall,
    alreadyResent = false,
  ): Promise<RefundResult> {
    const key = prepared.request.idempotencyKey;
    const method = adapter.capabilities.reconciliation;
    const settleAfter = checkpoint.settleAfter ?? this.#now() + this.#lateApplyWindowMs;
    let proof = await this.#ask(adapter, prepared, checkpoint.baseline, call);
    while (proof.outcome === 'not_applied' && this.#now() < settleAfter) {
      const wait = settleAfter - this.#now();
      if (wait > this.#reconcileWaitMs) {
        proof = {
          outcome: 'inconclusive',
          evidence: `${proof.evidence}; but the provider may still apply it until ${new Date(settleAfter).toISOString()} (lateApplyWindowMs)`,
        };
        break;
      }
      try {
        await sleep(wait, call.signal);
      } catch (error) {
        // Aborted while waiting out the window: hold the key until it has passed, then throw.
        this.#heartbeats.get(owner)?.stop();
        await this.#store.update(key, owner, {
          phase: 'unknown',
          checkpoint: canonicalJson({ baseline: checkpoint.baseline, settleAfter }),
          leaseMs: Math.max(0, settleAfter - this.#now()),
        });
        abortedBy(call.signal, adapter.provider)(error);
      }
      proof = await this.#ask(adapter, prepared, checkpoint.baseline, call);
    }
    const reconciliation: Reconciliation = {
      trigger,
      method,
      outcome: proof.outcome,
      resent: false,
      evidence: proof.evidence,
    };
    this.#emit('reconciled', prepared, undefined, `${proof.outcome}: ${proof.evidence}`);
    if (proof.outcome === 'applied') {
      const result = this.#result(prepared, {
        status: proof.refund.status,
        ...fromSent(proof.refund),
        reconciliation: { ...reconciliation, resent: alreadyResent },
        ...failedAt(adapter.provider, proof.refund.status),
      });
      if (!(await this.#store.complete(key, owner, storeResult(result)))) {
        return this.#fenced(key);
      }
      return result;
    }
    if (proof.outcome === 'not_applied') {
      if (this.#resend && !alreadyResent) {
        return this.#send(adapter, prepared, owner, checkpoint.baseline, call, true);
      }
      if (!(await this.#store.release(key, owner))) return this.#fenced(key);
      this.#emit('released', prepared, 'failed', 'proven not applied; the key is free');
      return this.#result(prepared, {
        status: 'failed',
        reconciliation: { ...reconciliation, resent: alreadyResent },
        failure: {
          reason: 'not_applied',
          message:
            'the outcome was unknown and the provider shows the refund was not applied; ' +
            'nothing was refunded. Retrying with the same idempotency key sends it again.',
        },
        raw: undefined,
      });
    }
    const heldUntil = Math.max(0, settleAfter - this.#now());
    const advice = adapter.unknownAdvice(prepared);
    const result = this.#result(prepared, {
      status: 'unknown',
      reconciliation,
      unknown:
        method === 'none'
          ? advice
          : {
              check: advice.check,
              where: `${advice.where}; or retry with the same idempotency key${heldUntil > 0 ? ` after ${new Date(settleAfter).toISOString()}` : ''}: refund-core asks ${adapter.provider} again and never resends without proof`,
            },
      raw: undefined,
    });
    if (method === 'none') {
      // Nothing will ever prove it either way: store the answer so every retry gets the
      // same instructions instead of a second refund.
      if (!(await this.#store.complete(key, owner, storeResult(result)))) {
        return this.#fenced(key);
      }
    } else {
      // Leave it in flight, held until the window has passed (or free now): the next caller
      // or recover() asks again. The renewals stop first, or one could extend the lease.
      this.#heartbeats.get(owner)?.stop();
      const parked = await this.#store.update(key, owner, {
        phase: 'unknown',
        checkpoint: canonicalJson({ baseline: checkpoint.baseline, settleAfter }),
        leaseMs: heldUntil,
      });
      if (!parked) return this.#fenced(key);
    }
    return result;
  }

  /** One reconciliation query; a failing query proves nothing. */
  async #ask(
    adapter: ProviderAdapter,
    prepared: PreparedRefund,
    baseline: unknown,
    call: ProviderCall,
  ): Promise<Proof> {
    if (adapter.capabilities.reconciliation === 'none') {
      return { outcome: 'inconclusive', evidence: `${adapter.provider} offers no refund lookup` };
    }
    try {
      return await adapter.reconcile(prepared, baseline, call);
    } catch (error) {
      return {
        outcome: 'inconclusive',
        evidence: `the provider could not be asked: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  #result(
    prepared: PreparedRefund,
    fields: Omit<RefundResult, 'provider' | 'idempotencyKey' | 'orderId' | 'replayed'>,
  ): RefundResult {
    return {
      provider: prepared.request.provider,
      idempotencyKey: prepared.request.idempotencyKey,
      orderId: prepared.request.orderId,
      ...(prepared.amount === undefined ? {} : { amount: prepared.amount }),
      ...fields,
      replayed: false,
    };
  }

  async #lockOrder(
    orderKey: string,
    owner: string,
    signal: AbortSignal | undefined,
    provider: ProviderName,
  ): Promise<boolean> {
    const until = this.#now() + this.#orderLockTimeoutMs;
    let backoff = 5;
    for (;;) {
      if (await this.#store.lockOrder(orderKey, owner, this.#leaseMs)) return true;
      if (this.#now() >= until) return false;
      await pause(Math.min(backoff, Math.max(1, until - this.#now())), signal, provider);
      backoff = Math.min(backoff * 2, 100);
    }
  }

  #caller(provider: ProviderName, bucket: string, signal: AbortSignal | undefined): ProviderCall {
    const limiter = this.#limiters[provider];
    const options: RequestOptions = signal === undefined ? {} : { signal };
    const call = async <T>(run: (options: RequestOptions) => Promise<T>): Promise<T> => {
      if (limiter) await limiter.take(bucket, signal).catch(abortedBy(signal, provider));
      return run(options);
    };
    return Object.assign(call, { signal });
  }

  /**
   * This process's transition was refused: its lease ran out while it worked (a long pause)
   * and another caller took the refund over. The store's record is the truth, never this
   * process's view: its stored result, or "in progress" while the other caller works.
   */
  async #fenced(key: string): Promise<RefundResult> {
    const record = await this.#store.get(key);
    if (record?.state === 'completed') return replayResult(record.result ?? '{}');
    if (record === undefined) {
      // The other caller proved it not applied and freed the key.
      throw new IdempotencyInProgressError(
        key,
        1,
        `this process lost its claim on ${JSON.stringify(key)} and the caller that took it over freed the key (not applied)`,
      );
    }
    throw new IdempotencyInProgressError(
      key,
      Math.max(1, Math.ceil((record.leaseExpiresAt ?? 0) - this.#now())),
      `this process lost its claim on ${JSON.stringify(key)} (its lease ran out while it worked) and another caller holds it now`,
    );
  }

  #inProgress(record: IdempotencyRecord): IdempotencyInProgressError {
    const left = (record.leaseExpiresAt ?? 0) - this.#now();
    return new IdempotencyInProgressError(
      record.key,
      // The lease can be longer than leaseMs: a record held for its late-apply window.
      Math.max(1, Math.ceil(left)),
    );
  }

  #emit(
    type: RefundEvent['type'],
    prepared: PreparedRefund,
    status?: RefundResult['status'],
    detail?: string,
  ): void {
    try {
      this.#log({
        type,
        provider: prepared.request.provider,
        idempotencyKey: prepared.request.idempotencyKey,
        orderId: prepared.request.orderId,
        ...(status === undefined ? {} : { status }),
        ...(detail === undefined ? {} : { detail }),
      });
    } catch {
      // A failing logger must not change the outcome of a refund.
    }
  }
}

/** A typed {@link UserAbortError} when `signal` ended the wait; any other error unchanged. */
function abortedBy(
  signal: AbortSignal | undefined,
  provider: ProviderName,
): (error: unknown) => never {
  return (error) => {
    if (signal?.aborted) throw new UserAbortError({ provider, operation: 'refund' });
    throw error;
  };
}

/** `promise`, or a typed {@link UserAbortError} as soon as `signal` aborts. */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  provider: ProviderName,
): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(new UserAbortError({ provider, operation: 'refund' }));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** `sleep` that ends with a typed {@link UserAbortError} when the caller aborts. */
async function pause(ms: number, signal: AbortSignal | undefined, provider: ProviderName) {
  await sleep(ms, signal).catch(abortedBy(signal, provider));
}

function fromSent(
  sent: Omit<SentRefund, 'status'>,
): Pick<RefundResult, 'refundId' | 'requestId' | 'raw'> {
  return {
    ...(sent.refundId === undefined ? {} : { refundId: sent.refundId }),
    ...(sent.requestId === undefined ? {} : { requestId: sent.requestId }),
    raw: sent.raw,
  };
}

function resentNote(adapter: ProviderAdapter): Reconciliation {
  return {
    trigger: 'outcome_unknown',
    method: adapter.capabilities.reconciliation,
    outcome: 'not_applied',
    resent: true,
    evidence:
      'the first attempt was proven not applied, then sent again (onProvenNotApplied: resend)',
  };
}

function parseCheckpoint(text: string | undefined): Checkpoint {
  if (text === undefined) return { baseline: undefined };
  return JSON.parse(text) as Checkpoint;
}

function checkRef(ref: RefundRef): string {
  const check = coreCheck('refund-core', 'status');
  const given = check.object('ref', ref);
  return check.nonEmptyString('idempotencyKey', given['idempotencyKey']);
}

function checkCommonPreview(
  check: InputCheck,
  request: PreviewRequest,
  configured: ProviderName[],
): ProviderName {
  const given = check.knownKeys('', request, ['provider', 'orderId', 'shopId']);
  const provider = checkProvider(check, given['provider'], configured);
  check.nonEmptyString('orderId', given['orderId']);
  return provider;
}

function positive(check: InputCheck, field: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : check.positiveInteger(field, value);
}
