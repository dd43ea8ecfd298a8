/**
 * The engine (`createRefunds`) against a scripted fake adapter and the memory store: no HTTP.
 * Every test asserts what was sent (the fake's calls) and what the store holds, because
 * "at most one refund per key" is a property of both together.
 */
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  LocalValidationError,
  OutcomeUnknownError,
  RateLimitError,
  UserAbortError,
} from '@refundkit/http';
import type { ShoplazzaClient } from '@refundkit/shoplazza';
import { describe, expect, it, vi } from 'vitest';
import type { PreparedRefund, Proof, ProviderAdapter, SentRefund } from './adapter.js';
import { shoplazzaAdapter } from './adapters/shoplazza/shoplazza-adapter.js';
import { CAPABILITIES } from './capabilities.js';
import {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  UnsupportedOperationError,
} from './errors.js';
import { createRefunds, type RefundEvent, type RefundsOptions } from './refunds.js';
import type { KakacloRefundRequest, RefundRequest, ShoplazzaRefund2022Request } from './request.js';
import { MemoryIdempotencyStore } from './stores/memory-store.js';

// ------------------------------------------------------------------------------ the fakes

/** One scripted answer: a value, an error to throw, or a function (e.g. a pending promise). */
type Step<T> = T | Error | (() => Promise<T>);

interface Script {
  snapshot?: Step<unknown>[];
  send?: Step<SentRefund>[];
  reconcile?: Step<Proof>[];
}

const ORIGIN = { provider: 'kakaclo', operation: 'refundOrder' };
const BASELINE = { refundNos: ['r-0'] };
const SENT: SentRefund = { status: 'pending', refundId: 'r-1', raw: { refundId: 'r-1' } };

/** A KakaClo-shaped adapter whose every call answers the next scripted step (the last repeats). */
function fakeAdapter(script: Script = {}) {
  const log: string[] = [];
  const snapshots: PreparedRefund[] = [];
  const sends: PreparedRefund[] = [];
  const reconciles: { prepared: PreparedRefund; baseline: unknown }[] = [];
  const answer = async <T>(steps: Step<T>[] | undefined, fallback: T, call: number): Promise<T> => {
    const step = steps?.length ? steps[Math.min(call, steps.length) - 1] : fallback;
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return (step as () => Promise<T>)();
    return step as T;
  };
  const adapter: ProviderAdapter = {
    provider: 'kakaclo',
    capabilities: CAPABILITIES.kakaclo,
    prepare: (request) => ({
      request,
      orderKey: `kakaclo:${request.orderId}`,
      bucket: 'kakaclo',
    }),
    snapshot: (prepared, call) => {
      snapshots.push(prepared);
      log.push(`snapshot ${prepared.request.idempotencyKey}`);
      return call(() => answer(script.snapshot, BASELINE as unknown, snapshots.length));
    },
    send: async (prepared, call) => {
      sends.push(prepared);
      log.push(`send ${prepared.request.idempotencyKey}`);
      const sent = await call(() => answer(script.send, SENT, sends.length));
      log.push(`sent ${prepared.request.idempotencyKey}`);
      return sent;
    },
    reconcile: (prepared, baseline, call) => {
      reconciles.push({ prepared, baseline });
      return call(() =>
        answer<Proof>(
          script.reconcile,
          { outcome: 'inconclusive', evidence: 'nothing scripted' },
          reconciles.length,
        ),
      );
    },
    unknownAdvice: (prepared) => ({
      check: `order ${prepared.request.orderId}`,
      where: 'the fake portal',
    }),
  };
  return { adapter, log, snapshots, sends, reconciles };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A store clock the test moves by hand (the lease and retention clock). */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * An engine over one fake adapter, rate limiter off. `lateApplyWindowMs: 0` unless a test
 * sets it: "not found" proves "not applied" at once, so each test states one thing.
 */
function engine(adapter: ProviderAdapter, options: Partial<RefundsOptions> = {}) {
  return createRefunds({
    providers: { kakaclo: adapter },
    rateLimits: { kakaclo: false },
    lateApplyWindowMs: 0,
    ...options,
  });
}

function request(key = 'k-1', orderId = '10001'): KakacloRefundRequest {
  return { provider: 'kakaclo', idempotencyKey: key, orderId, wholeOrder: true };
}

const outcomeUnknown = () =>
  new OutcomeUnknownError(ORIGIN, new ConnectionError(ORIGIN, { requestNotSent: false }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------ the tests

describe('the intent is recorded before the provider is called', () => {
  it('holds an in-flight record, phase sending, with the checkpoint, while send is pending', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    let atSend: Awaited<ReturnType<typeof store.get>>;
    const fake = fakeAdapter({
      snapshot: [{ refundNos: ['r-7', 'r-8'] }],
      send: [
        async () => {
          atSend = await store.get('k-1');
          return gate.promise;
        },
      ],
    });
    const refunds = engine(fake.adapter, { store });
    const running = refunds.refund(request());
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));

    for (const record of [atSend, await store.get('k-1')]) {
      expect(record).toMatchObject({ state: 'in_flight', phase: 'sending', leaseExpired: false });
      expect(JSON.parse(record!.checkpoint!)).toEqual({ baseline: { refundNos: ['r-7', 'r-8'] } });
      // The request without its key: the record's key holds it.
      const { idempotencyKey, ...rest } = request();
      expect(record!.key).toBe(idempotencyKey);
      expect(JSON.parse(record!.request)).toEqual(rest);
    }

    gate.resolve(SENT);
    const result = await running;
    expect(result).toMatchObject({ status: 'pending', refundId: 'r-1', replayed: false });
    expect(await store.get('k-1')).toMatchObject({ state: 'completed' });
  });

  it('takes the snapshot under the claim (phase claimed), before anything is marked sending', async () => {
    const store = new MemoryIdempotencyStore();
    let atSnapshot: Awaited<ReturnType<typeof store.get>>;
    const fake = fakeAdapter({
      snapshot: [
        async () => {
          atSnapshot = await store.get('k-1');
          return BASELINE;
        },
      ],
    });
    await engine(fake.adapter, { store }).refund(request());
    expect(atSnapshot).toMatchObject({
      state: 'in_flight',
      phase: 'claimed',
      checkpoint: undefined,
    });
  });
});

describe('input rejected before sending', () => {
  it.each([
    ['no idempotency key', { idempotencyKey: undefined }, 'idempotencyKey'],
    ['an empty idempotency key', { idempotencyKey: '' }, 'idempotencyKey'],
    ['a key of 256 characters', { idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey'],
    ['a key with a newline', { idempotencyKey: 'k\n1' }, 'idempotencyKey'],
    ['a key with non-ASCII', { idempotencyKey: 'clé' }, 'idempotencyKey'],
    ['a provider not configured', { provider: 'keeta' }, 'provider'],
    ['an orderId that is a number', { orderId: 10001 }, 'orderId'],
    ['an empty orderId', { orderId: '' }, 'orderId'],
    ['an orderId of dots', { orderId: '..' }, 'orderId'],
    ['a note that is not text', { note: 5 }, 'note'],
  ])('%s: LocalValidationError naming it, nothing stored or sent', async (_name, change, field) => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter();
    const refunds = engine(fake.adapter, { store });
    const bad = { ...request(), ...change } as unknown as RefundRequest;
    const error = await refunds.refund(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe(field);
    expect(fake.snapshots).toHaveLength(0);
    expect(await store.listInFlight()).toEqual([]);
  });

  it('a key of 255 printable characters is taken', async () => {
    const fake = fakeAdapter();
    const key = ' ~'.repeat(127) + 'k';
    expect(await engine(fake.adapter).refund(request(key))).toMatchObject({ idempotencyKey: key });
  });
});

describe('a long send keeps its lease', () => {
  it('renews the lease while it works, so another process never takes it over', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const first = fakeAdapter({ send: [() => gate.promise] });
    const running = engine(first.adapter, { store, leaseMs: 600 }).refund(request());
    await vi.waitFor(() => expect(first.sends).toHaveLength(1));
    await pause(1_500); // 2.5 leases: without renewals it would have expired
    const second = fakeAdapter();
    await expect(
      engine(second.adapter, { store, leaseMs: 600 }).refund(request()),
    ).rejects.toBeInstanceOf(IdempotencyInProgressError);
    expect(second.reconciles).toHaveLength(0);
    gate.resolve(SENT);
    expect(await running).toMatchObject({ status: 'pending', replayed: false });
  });
});

describe('errors proving nothing was sent release the key', () => {
  const cases: [string, () => Error][] = [
    ['RateLimitError', () => new RateLimitError({ ...ORIGIN, status: 429, retryAfterMs: 1000 })],
    [
      'ConnectionError (requestNotSent)',
      () => new ConnectionError(ORIGIN, { requestNotSent: true }),
    ],
    ['UserAbortError', () => new UserAbortError(ORIGIN)],
    ['LocalValidationError', () => new LocalValidationError(ORIGIN, 'orderItems', 'x', 'bad')],
    ['AuthenticationError', () => new AuthenticationError({ ...ORIGIN, status: 401 })],
  ];

  it.each(cases)('%s: rethrown, nothing stored, the same key sends again', async (_name, make) => {
    const store = new MemoryIdempotencyStore();
    const error = make();
    const events: RefundEvent[] = [];
    const fake = fakeAdapter({ send: [error, SENT] });
    const refunds = engine(fake.adapter, { store, logger: (event) => events.push(event) });

    await expect(refunds.refund(request())).rejects.toBe(error);
    expect(await store.get('k-1')).toBeUndefined();
    expect(events.map((event) => event.type)).toContain('released');
    expect(fake.reconciles).toHaveLength(0);

    const retried = await refunds.refund(request());
    expect(retried).toMatchObject({ status: 'pending', replayed: false });
    expect(fake.sends).toHaveLength(2);
  });

  it('a failing pre-send snapshot releases the key and sends nothing', async () => {
    const store = new MemoryIdempotencyStore();
    const error = new ConnectionError(ORIGIN, { requestNotSent: true });
    const fake = fakeAdapter({ snapshot: [error, BASELINE] });
    const refunds = engine(fake.adapter, { store });
    await expect(refunds.refund(request())).rejects.toBe(error);
    expect(fake.sends).toHaveLength(0);
    expect(await store.get('k-1')).toBeUndefined();
    expect((await refunds.refund(request())).status).toBe('pending');
  });

  it('a ConnectionError that may have been sent is reconciled, not released', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [new ConnectionError(ORIGIN, { requestNotSent: false })],
      reconcile: [
        { outcome: 'applied', evidence: 'found r-9', refund: { ...SENT, refundId: 'r-9' } },
      ],
    });
    const result = await engine(fake.adapter, { store }).refund(request());
    expect(fake.reconciles).toHaveLength(1);
    expect(result).toMatchObject({ refundId: 'r-9', reconciliation: { outcome: 'applied' } });
  });
});

describe('a provider refusal', () => {
  it('is stored as failed and replayed without a second send', async () => {
    const store = new MemoryIdempotencyStore();
    const refusal = new ApiError({
      ...ORIGIN,
      status: 200,
      code: 20003,
      providerMessage: 'order has shipped',
      requestId: 'req-1',
      body: { code: 20003, message: 'order has shipped' },
    });
    const fake = fakeAdapter({ send: [refusal, SENT] });
    const refunds = engine(fake.adapter, { store });

    const first = await refunds.refund(request());
    expect(first).toMatchObject({
      status: 'failed',
      replayed: false,
      requestId: 'req-1',
      failure: {
        reason: 'provider_refused',
        code: '20003',
        message: 'order has shipped',
        httpStatus: 200,
      },
      raw: { code: 20003, message: 'order has shipped' },
    });
    const again = await refunds.refund(request());
    expect(again).toEqual({ ...first, replayed: true });
    expect(fake.sends).toHaveLength(1);
    expect(fake.reconciles).toHaveLength(0);
  });
});

describe('an unknown outcome is reconciled, never resent blind', () => {
  it('calls reconcile with the prepared request and the pre-send snapshot', async () => {
    const fake = fakeAdapter({
      snapshot: [{ refundNos: ['r-5'] }],
      send: [outcomeUnknown()],
      reconcile: [{ outcome: 'applied', evidence: 'one new', refund: SENT }],
    });
    await engine(fake.adapter).refund(request());
    expect(fake.reconciles).toHaveLength(1);
    expect(fake.reconciles[0]!.baseline).toEqual({ refundNos: ['r-5'] });
    expect(fake.reconciles[0]!.prepared.request).toEqual(request());
  });

  it('applied: the found refund is the result, stored and replayed', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [outcomeUnknown()],
      reconcile: [
        { outcome: 'applied', evidence: 'r-9 is new', refund: { ...SENT, refundId: 'r-9' } },
      ],
    });
    const refunds = engine(fake.adapter, { store });
    const result = await refunds.refund(request());
    expect(result).toMatchObject({
      status: 'pending',
      refundId: 'r-9',
      replayed: false,
      reconciliation: {
        trigger: 'outcome_unknown',
        method: 'kakaclo_refund_query',
        outcome: 'applied',
        resent: false,
        evidence: 'r-9 is new',
      },
    });
    expect(await refunds.refund(request())).toMatchObject({ refundId: 'r-9', replayed: true });
    expect(fake.sends).toHaveLength(1);
  });

  it('not applied, onProvenNotApplied report (default): failed, the key is free', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [outcomeUnknown(), SENT],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const refunds = engine(fake.adapter, { store });
    const result = await refunds.refund(request());
    expect(result).toMatchObject({
      status: 'failed',
      failure: { reason: 'not_applied' },
      reconciliation: { outcome: 'not_applied', resent: false },
    });
    expect(fake.sends).toHaveLength(1);
    expect(await store.get('k-1')).toBeUndefined();

    expect(await refunds.refund(request())).toMatchObject({ status: 'pending', replayed: false });
    expect(fake.sends).toHaveLength(2);
  });

  it("not applied, onProvenNotApplied 'resend': sent exactly once more", async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [outcomeUnknown(), { ...SENT, refundId: 'r-2' }],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const refunds = engine(fake.adapter, { store, onProvenNotApplied: 'resend' });
    const result = await refunds.refund(request());
    expect(result).toMatchObject({
      status: 'pending',
      refundId: 'r-2',
      reconciliation: { outcome: 'not_applied', resent: true },
    });
    expect(fake.sends).toHaveLength(2);
    expect(await store.get('k-1')).toMatchObject({ state: 'completed' });
  });

  it("'resend' never sends a third time when the resend's outcome is unknown too", async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [outcomeUnknown(), outcomeUnknown(), SENT],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const result = await engine(fake.adapter, { store, onProvenNotApplied: 'resend' }).refund(
      request(),
    );
    expect(fake.sends).toHaveLength(2);
    expect(fake.reconciles).toHaveLength(2);
    expect(result).toMatchObject({ status: 'failed', reconciliation: { resent: true } });
  });

  it('inconclusive: unknown, left in flight with an expired lease; the next call reconciles again, never sends', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      snapshot: [{ refundNos: ['r-3'] }],
      send: [outcomeUnknown(), SENT],
      reconcile: [
        { outcome: 'inconclusive', evidence: 'two new refunds' },
        { outcome: 'inconclusive', evidence: 'still two' },
        { outcome: 'applied', evidence: 'now one', refund: { ...SENT, refundId: 'r-4' } },
      ],
    });
    const refunds = engine(fake.adapter, { store });

    const first = await refunds.refund(request());
    expect(first).toMatchObject({
      status: 'unknown',
      unknown: { check: 'order 10001' },
      reconciliation: { trigger: 'outcome_unknown', outcome: 'inconclusive' },
    });
    expect(first.unknown?.where).toContain('the fake portal');
    expect(await store.get('k-1')).toMatchObject({
      state: 'in_flight',
      phase: 'unknown',
      leaseExpired: true,
    });

    const second = await refunds.refund(request());
    expect(second).toMatchObject({
      status: 'unknown',
      reconciliation: { trigger: 'lease_expired', evidence: 'still two' },
    });
    const third = await refunds.refund(request());
    expect(third).toMatchObject({
      status: 'pending',
      refundId: 'r-4',
      reconciliation: { trigger: 'lease_expired', outcome: 'applied' },
    });
    expect(fake.sends).toHaveLength(1);
    expect(fake.reconciles.map((r) => r.baseline)).toEqual([
      { refundNos: ['r-3'] },
      { refundNos: ['r-3'] },
      { refundNos: ['r-3'] },
    ]);
    expect(await refunds.refund(request())).toMatchObject({ refundId: 'r-4', replayed: true });
  });

  it('a reconcile that throws is unknown (left in flight), never a resend', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter({
      send: [outcomeUnknown(), SENT],
      reconcile: [new Error('query failed: socket closed')],
    });
    const refunds = engine(fake.adapter, { store, onProvenNotApplied: 'resend' });
    const result = await refunds.refund(request());
    expect(result.status).toBe('unknown');
    expect(result.reconciliation?.evidence).toContain('query failed: socket closed');
    expect(fake.sends).toHaveLength(1);
    expect(await store.get('k-1')).toMatchObject({ state: 'in_flight', phase: 'unknown' });
  });
});

describe('the late-apply window: "not found" proves nothing until it has passed', () => {
  it('within the window: unknown, the key held; after it: not applied, never resent', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const fake = fakeAdapter({
      send: [outcomeUnknown(), SENT],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const refunds = engine(fake.adapter, { store, clock: clock.now, lateApplyWindowMs: 60_000 });

    const first = await refunds.refund(request());
    expect(first).toMatchObject({ status: 'unknown', reconciliation: { outcome: 'inconclusive' } });
    expect(first.reconciliation?.evidence).toContain('lateApplyWindowMs');
    expect(await store.get('k-1')).toMatchObject({ state: 'in_flight', leaseExpired: false });

    clock.advance(30_000);
    const held = await refunds.refund(request()).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(IdempotencyInProgressError);
    expect((held as IdempotencyInProgressError).retryAfterMs).toBe(30_000);

    clock.advance(30_001);
    const after = await refunds.refund(request());
    expect(after).toMatchObject({
      status: 'failed',
      failure: { reason: 'not_applied' },
      reconciliation: { trigger: 'lease_expired', outcome: 'not_applied' },
    });
    expect(fake.sends).toHaveLength(1);
    expect(fake.reconciles).toHaveLength(2);
    expect(await store.get('k-1')).toBeUndefined();
  });

  it('retryAfterMs covers the whole hold, also when the window is longer than the lease', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const fake = fakeAdapter({
      send: [outcomeUnknown()],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const refunds = engine(fake.adapter, {
      store,
      clock: clock.now,
      leaseMs: 10_000,
      lateApplyWindowMs: 60_000,
    });
    await refunds.refund(request());
    const held = await refunds.refund(request()).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(IdempotencyInProgressError);
    // Retrying after retryAfterMs must not meet the same hold again.
    clock.advance((held as IdempotencyInProgressError).retryAfterMs);
    expect(await refunds.refund(request())).toMatchObject({ status: 'failed' });
  });

  it('an applied refund found within the window is proof at once', async () => {
    const fake = fakeAdapter({
      send: [outcomeUnknown()],
      reconcile: [{ outcome: 'applied', evidence: 'found', refund: SENT }],
    });
    const result = await engine(fake.adapter, { lateApplyWindowMs: 60_000 }).refund(request());
    expect(result).toMatchObject({ status: 'pending', reconciliation: { outcome: 'applied' } });
  });

  it('reconcileWaitMs waits the window out inline and asks again', async () => {
    const fake = fakeAdapter({
      send: [outcomeUnknown(), SENT],
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    const refunds = engine(fake.adapter, {
      lateApplyWindowMs: 30,
      reconcileWaitMs: 10_000,
      onProvenNotApplied: 'resend',
    });
    const result = await refunds.refund(request());
    // At least twice: a timer may end a millisecond early by Date.now, then it asks once more.
    expect(fake.reconciles.length).toBeGreaterThanOrEqual(2);
    expect(fake.sends).toHaveLength(2);
    expect(result).toMatchObject({ status: 'pending', reconciliation: { resent: true } });
  });
});

describe('a lease that expired (its owner died)', () => {
  // leaseMs 60 s: the dead owner's renewals (every 20 s of real time) never fire in a test.
  it('phase claimed (nothing sent): the next caller sends it, and the old owner never does', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const stuck = deferred<unknown>();
    const dead = fakeAdapter({ snapshot: [() => stuck.promise] });
    const alive = fakeAdapter();
    const dying = engine(dead.adapter, { store }).refund(request());
    await vi.waitFor(() => expect(dead.snapshots).toHaveLength(1));
    expect(await store.get('k-1')).toMatchObject({ phase: 'claimed', leaseExpired: false });

    clock.advance(60_001);
    const result = await engine(alive.adapter, { store }).refund(request());
    expect(result).toMatchObject({ status: 'pending', replayed: false });
    expect(result.reconciliation).toBeUndefined();
    expect(alive.sends).toHaveLength(1);

    stuck.resolve(BASELINE); // the old owner wakes up: it lost the claim and must not send
    await expect(dying).rejects.toBeInstanceOf(IdempotencyInProgressError);
    expect(dead.sends).toHaveLength(0);
    expect(await store.get('k-1')).toMatchObject({ state: 'completed' });
  });

  it("an owner that paused past its lease is fenced: its late answer yields the taker's stored result", async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const held = deferred<SentRefund>();
    const paused = fakeAdapter({ send: [() => held.promise] });
    const first = engine(paused.adapter, { store }).refund(request());
    await vi.waitFor(() => expect(paused.sends).toHaveLength(1));

    clock.advance(60_001); // the first owner's lease runs out while its call hangs
    const taker = fakeAdapter({
      reconcile: [
        {
          outcome: 'applied',
          evidence: 'one new refund',
          refund: { status: 'pending', refundId: 'r-taker', raw: {} },
        },
      ],
    });
    const taken = await engine(taker.adapter, { store }).refund(request());
    expect(taken).toMatchObject({
      refundId: 'r-taker',
      reconciliation: { trigger: 'lease_expired' },
    });

    held.resolve({ status: 'succeeded', refundId: 'r-late', raw: {} }); // the paused owner resumes
    const late = await first;
    expect(late).toMatchObject({ refundId: 'r-taker', replayed: true, status: 'pending' });
    expect(replayOf(await store.get('k-1'))).toMatchObject({ refundId: 'r-taker' });
    expect(taker.sends).toHaveLength(0);
  });

  it('phase sending (may have been sent): the next caller reconciles and never resends', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const dead = fakeAdapter({
      snapshot: [{ refundNos: ['r-1'] }],
      send: [() => new Promise(() => undefined)],
    });
    const alive = fakeAdapter({
      reconcile: [{ outcome: 'not_applied', evidence: 'no new refund' }],
    });
    void engine(dead.adapter, { store }).refund(request());
    await vi.waitFor(() => expect(dead.sends).toHaveLength(1));

    clock.advance(60_001);
    const result = await engine(alive.adapter, { store }).refund(request());
    expect(alive.sends).toHaveLength(0);
    expect(alive.snapshots).toHaveLength(0);
    expect(alive.reconciles).toEqual([
      { prepared: expect.anything() as unknown, baseline: { refundNos: ['r-1'] } },
    ]);
    expect(result).toMatchObject({
      status: 'failed',
      failure: { reason: 'not_applied' },
      reconciliation: { trigger: 'lease_expired', outcome: 'not_applied', resent: false },
    });
    expect(dead.sends).toHaveLength(1);
  });

  it('recover() reconciles every expired in-flight record and skips live ones', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const dead = fakeAdapter({ send: [() => new Promise(() => undefined)] });
    void engine(dead.adapter, { store }).refund(request('k-dead', '10001'));
    await vi.waitFor(() => expect(dead.sends).toHaveLength(1));
    clock.advance(60_001);
    void engine(dead.adapter, { store }).refund(request('k-live', '10002'));
    await vi.waitFor(() => expect(dead.sends).toHaveLength(2));

    const alive = fakeAdapter({
      reconcile: [{ outcome: 'applied', evidence: 'found', refund: { ...SENT, refundId: 'r-77' } }],
    });
    const recovered = await engine(alive.adapter, { store }).recover();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({
      idempotencyKey: 'k-dead',
      result: {
        refundId: 'r-77',
        reconciliation: { trigger: 'lease_expired', outcome: 'applied' },
      },
    });
    expect(alive.sends).toHaveLength(0);
    expect(await store.get('k-dead')).toMatchObject({ state: 'completed' });
    expect(await store.get('k-live')).toMatchObject({ state: 'in_flight', phase: 'sending' });
  });

  it('recover() reports a record of a provider that is not configured as an error', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    await store.claim({
      key: 'k-keeta',
      fingerprint: 'f',
      provider: 'keeta',
      orderKey: 'keeta:1:2',
      request: '{}',
      owner: 'dead',
      leaseMs: 10,
    });
    clock.advance(11);
    const recovered = await engine(fakeAdapter().adapter, { store }).recover();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.error).toBeInstanceOf(UnsupportedOperationError);
    expect(await store.get('k-keeta')).toMatchObject({ state: 'in_flight' });
  });
});

describe('two processes sharing one store', () => {
  it('the second gets IdempotencyInProgressError (retryAfterMs) while the first is in flight', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const first = fakeAdapter({ send: [() => gate.promise] });
    const second = fakeAdapter();
    const running = engine(first.adapter, { store, leaseMs: 10_000 }).refund(request());
    await vi.waitFor(() => expect(first.sends).toHaveLength(1));

    const other = engine(second.adapter, { store, leaseMs: 10_000 });
    const error = await other.refund(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyInProgressError);
    const inProgress = error as IdempotencyInProgressError;
    expect(inProgress.idempotencyKey).toBe('k-1');
    expect(inProgress.retryAfterMs).toBeGreaterThan(0);
    expect(inProgress.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(second.snapshots).toHaveLength(0);

    gate.resolve(SENT);
    await running;
    expect(await other.refund(request())).toMatchObject({ refundId: 'r-1', replayed: true });
    expect(second.sends).toHaveLength(0);
  });

  it('with inFlightWaitMs the second waits and gets the replayed result', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const first = fakeAdapter({ send: [() => gate.promise] });
    const second = fakeAdapter();
    void engine(first.adapter, { store }).refund(request());
    await vi.waitFor(() => expect(first.sends).toHaveLength(1));

    const waiting = engine(second.adapter, { store, inFlightWaitMs: 10_000 }).refund(request());
    await pause(30);
    gate.resolve({ ...SENT, refundId: 'r-first' });
    expect(await waiting).toMatchObject({ refundId: 'r-first', replayed: true });
    expect(second.sends).toHaveLength(0);
  });

  it('an abort while waiting for the other process rejects with a typed UserAbortError', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const first = fakeAdapter({ send: [() => gate.promise] });
    void engine(first.adapter, { store }).refund(request());
    await vi.waitFor(() => expect(first.sends).toHaveLength(1));
    const controller = new AbortController();
    const waiting = engine(fakeAdapter().adapter, { store, inFlightWaitMs: 10_000 }).refund(
      request(),
      { signal: controller.signal },
    );
    await pause(20);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(UserAbortError);
    gate.resolve(SENT);
  });

  it('a different request under the same key is a conflict in the other process too', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const first = fakeAdapter({ send: [() => gate.promise] });
    const second = fakeAdapter();
    void engine(first.adapter, { store }).refund(request('k-1', '10001'));
    await vi.waitFor(() => expect(first.sends).toHaveLength(1));
    await expect(
      engine(second.adapter, { store }).refund(request('k-1', '10002')),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(second.snapshots).toHaveLength(0);
    gate.resolve(SENT);
  });
});

describe('refunds of one order are serialized', () => {
  it("the second refund's snapshot starts only after the first completed", async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise, SENT] });
    const refunds = engine(fake.adapter, { store });
    const one = refunds.refund(request('k-a', '10001'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    const two = refunds.refund(request('k-b', '10001'));
    await pause(50); // room for a second refund that does not wait to start
    expect(fake.snapshots).toHaveLength(1);
    gate.resolve(SENT);
    await Promise.all([one, two]);
    expect(fake.log).toEqual([
      'snapshot k-a',
      'send k-a',
      'sent k-a',
      'snapshot k-b',
      'send k-b',
      'sent k-b',
    ]);
  });

  it('refunds of different orders do not wait for each other', async () => {
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise, SENT] });
    const refunds = engine(fake.adapter);
    const one = refunds.refund(request('k-a', '10001'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    expect(await refunds.refund(request('k-b', '10002'))).toMatchObject({ status: 'pending' });
    gate.resolve(SENT);
    await one;
  });

  it('past orderLockTimeoutMs: IdempotencyInProgressError, and the waiting key is free', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise, SENT] });
    const refunds = engine(fake.adapter, { store, orderLockTimeoutMs: 30 });
    const one = refunds.refund(request('k-a', '10001'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    await expect(refunds.refund(request('k-b', '10001'))).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    expect(await store.get('k-b')).toBeUndefined();
    expect(fake.sends).toHaveLength(1);
    gate.resolve(SENT);
    await one;
    expect(await refunds.refund(request('k-b', '10001'))).toMatchObject({ replayed: false });
  });

  it('aborting while waiting for the order lock frees the key (nothing was sent)', async () => {
    const store = new MemoryIdempotencyStore();
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise, SENT] });
    const refunds = engine(fake.adapter, { store });
    const one = refunds.refund(request('k-a', '10001'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    const controller = new AbortController();
    const two = refunds.refund(request('k-b', '10001'), { signal: controller.signal });
    await pause(20);
    controller.abort();
    await expect(two).rejects.toBeDefined();
    gate.resolve(SENT);
    await one;
    // Nothing of k-b was sent: a retry with the key must be able to send it now.
    expect(await store.get('k-b')).toBeUndefined();
    expect(fake.sends).toHaveLength(1);
  });
});

describe('aborting while the rate limiter holds the send back', () => {
  it('frees the key and does not reconcile: the request never left', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter();
    // One request per 10 s, burst 1: the snapshot takes the only token, the send waits.
    const refunds = engine(fake.adapter, {
      store,
      rateLimits: { kakaclo: { ratePerSecond: 0.1, burst: 1 } },
    });
    const controller = new AbortController();
    const running = refunds.refund(request(), { signal: controller.signal });
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    controller.abort();
    const outcome = await running.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    expect(outcome).toHaveProperty('error');
    expect(fake.reconciles).toHaveLength(0);
    expect(await store.get('k-1')).toBeUndefined();
  });
});

describe('one key in one process', () => {
  it('20 concurrent calls with one key make one provider call and share its result', async () => {
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise] });
    const refunds = engine(fake.adapter);
    const calls = Array.from({ length: 20 }, () => refunds.refund(request()));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    gate.resolve(SENT);
    const results = await Promise.all(calls);
    expect(fake.sends).toHaveLength(1);
    expect(fake.snapshots).toHaveLength(1);
    expect(new Set(results.map((r) => r.refundId))).toEqual(new Set(['r-1']));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it("a joined caller's own abort ends only its wait: typed, and the first call goes on", async () => {
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise] });
    const refunds = engine(fake.adapter);
    const first = refunds.refund(request());
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    const controller = new AbortController();
    const joined = refunds.refund(request(), { signal: controller.signal });
    controller.abort();
    await expect(joined).rejects.toBeInstanceOf(UserAbortError);
    gate.resolve(SENT);
    expect(await first).toMatchObject({ refundId: 'r-1', replayed: false });
    expect(fake.sends).toHaveLength(1);
  });

  it('a different request with the key while it is in flight: conflict, nothing sent', async () => {
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [() => gate.promise] });
    const refunds = engine(fake.adapter);
    const running = refunds.refund(request('k-1', '10001'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    await expect(refunds.refund(request('k-1', '10009'))).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    gate.resolve(SENT);
    await running;
    expect(fake.sends).toHaveLength(1);
  });
});

describe('the fingerprint', () => {
  function shoplazza() {
    const bodies: unknown[] = [];
    const client = {
      shop: 'demo-store',
      baseUrl: 'http://127.0.0.1:1/shoplazza/demo-store',
      partialRefund: (_orderId: unknown, body: unknown) => {
        bodies.push(body);
        return Promise.resolve({ Id: `rec-${bodies.length}`, Status: 'success' });
      },
      refundOrder: () => Promise.reject(new Error('not scripted')),
    } as unknown as ShoplazzaClient;
    const refunds = createRefunds({
      providers: { shoplazza: shoplazzaAdapter(client) },
      rateLimits: { shoplazza: false },
    });
    return { refunds, bodies };
  }
  const refund2022 = (amount: string): ShoplazzaRefund2022Request => ({
    provider: 'shoplazza',
    apiVersion: '2022-01',
    idempotencyKey: 'k-money',
    orderId: '1232123',
    amount: { currency: 'USD', amount },
    returnGoods: false,
    lines: [{ lineId: 'LI1', quantity: 1 }],
  });

  it("ignores key order and '81' vs '81.00' USD; '81.01' conflicts; one refund sent", async () => {
    const { refunds, bodies } = shoplazza();
    const first = await refunds.refund(refund2022('81'));
    expect(first).toMatchObject({
      status: 'succeeded',
      amount: { currency: 'USD', amount: '81.00' },
    });

    const reordered = {
      lines: [{ quantity: 1, lineId: 'LI1' }],
      returnGoods: false,
      amount: { amount: '81.00', currency: 'usd' },
      orderId: '1232123',
      idempotencyKey: 'k-money',
      apiVersion: '2022-01',
      provider: 'shoplazza',
    } as const;
    expect(await refunds.refund(reordered)).toMatchObject({ replayed: true, refundId: 'rec-1' });

    const error = await refunds.refund(refund2022('81.01')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect((error as IdempotencyConflictError).idempotencyKey).toBe('k-money');
    expect(bodies).toEqual([
      { is_return: false, price: '81.00', line_items: [{ id: 'LI1', quantity: 1 }] },
    ]);
  });

  it('with one store, shop left out and shop given (any case) are one refund, not a conflict', async () => {
    const { refunds, bodies } = shoplazza();
    await refunds.refund(refund2022('81.00'));
    for (const shop of ['demo-store', 'Demo-Store']) {
      const again = await refunds.refund({ ...refund2022('81.00'), shop }).catch((e: unknown) => e);
      expect(again).toMatchObject({ replayed: true, refundId: 'rec-1' });
    }
    expect(bodies).toHaveLength(1);
  });

  it('the key order of a fake-adapter request does not change its fingerprint', async () => {
    const fake = fakeAdapter();
    const refunds = engine(fake.adapter);
    await refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'k',
      orderId: '1',
      wholeOrder: true,
    });
    const again = await refunds.refund({
      wholeOrder: true,
      orderId: '1',
      idempotencyKey: 'k',
      provider: 'kakaclo',
    });
    expect(again.replayed).toBe(true);
    await expect(
      refunds.refund({
        provider: 'kakaclo',
        idempotencyKey: 'k',
        orderId: '1',
        lines: [{ lineId: 'a', quantity: 1 }],
      }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(fake.sends).toHaveLength(1);
  });
});

describe('prune()', () => {
  it('deletes completed records older than retentionMs and keeps the rest', async () => {
    const clock = manualClock();
    const store = new MemoryIdempotencyStore({ clock: clock.now });
    const gate = deferred<SentRefund>();
    const fake = fakeAdapter({ send: [SENT, SENT, () => gate.promise] });
    const refunds = engine(fake.adapter, { store, retentionMs: 1_000 });
    await refunds.refund(request('k-old', '1'));
    clock.advance(600);
    await refunds.refund(request('k-new', '2'));
    void refunds.refund(request('k-flying', '3'));
    await vi.waitFor(() => expect(fake.sends).toHaveLength(3));

    clock.advance(500); // k-old completed 1 100 ms ago, k-new 500 ms ago
    expect(await refunds.prune()).toBe(1);
    expect(await store.get('k-old')).toBeUndefined();
    expect(await store.get('k-new')).toMatchObject({ state: 'completed' });
    expect(await store.get('k-flying')).toMatchObject({ state: 'in_flight' });
    expect(await refunds.prune()).toBe(0);
    gate.resolve(SENT);
  });
});

describe('the logger', () => {
  it('a logger that throws changes nothing', async () => {
    const quietStore = new MemoryIdempotencyStore();
    const loudStore = new MemoryIdempotencyStore();
    const events: string[] = [];
    const script = (): Script => ({
      send: [outcomeUnknown()],
      reconcile: [{ outcome: 'applied', evidence: 'found', refund: SENT }],
    });
    const quiet = engine(fakeAdapter(script()).adapter, {
      store: quietStore,
      logger: (event) => events.push(event.type),
    });
    const loud = engine(fakeAdapter(script()).adapter, {
      store: loudStore,
      logger: () => {
        throw new Error('logger down');
      },
    });
    const expected = await quiet.refund(request());
    expect(await loud.refund(request())).toEqual(expected);
    expect(await loud.refund(request())).toEqual({ ...expected, replayed: true });
    expect((await loudStore.get('k-1'))?.result).toBe((await quietStore.get('k-1'))?.result);
    expect(events).toEqual(['claimed', 'reconciled']);
  });
});

describe('resolve(): a person settles an unknown refund', () => {
  it('applied: completes a held refund, replays it, and unblocks its order', async () => {
    const fake = fakeAdapter({ send: [outcomeUnknown(), SENT] });
    const refunds = engine(fake.adapter);
    expect((await refunds.refund(request('k-1'))).status).toBe('unknown');
    // Unsettled, k-1 blocks every other refund of its order.
    await expect(refunds.refund(request('k-2'))).rejects.toBeInstanceOf(IdempotencyInProgressError);
    const resolved = await refunds.resolve(
      { idempotencyKey: 'k-1' },
      { outcome: 'applied', refundId: 'r-9', evidence: 'seen in the portal' },
    );
    expect(resolved).toMatchObject({
      status: 'succeeded',
      refundId: 'r-9',
      reconciliation: { method: 'manual', outcome: 'applied', evidence: 'seen in the portal' },
    });
    expect(await refunds.refund(request('k-1'))).toMatchObject({ replayed: true, refundId: 'r-9' });
    expect(await refunds.refund(request('k-2'))).toMatchObject({ status: 'pending' });
    expect(fake.sends.map((p) => p.request.idempotencyKey)).toEqual(['k-1', 'k-2']);
  });

  it('not_applied: frees the key, so the same key sends the refund', async () => {
    const fake = fakeAdapter({ send: [outcomeUnknown(), SENT] });
    const refunds = engine(fake.adapter);
    expect((await refunds.refund(request())).status).toBe('unknown');
    const resolved = await refunds.resolve(request(), {
      outcome: 'not_applied',
      evidence: 'not in the portal after an hour',
    });
    expect(resolved).toMatchObject({ status: 'failed', failure: { reason: 'not_applied' } });
    expect(await refunds.refund(request())).toMatchObject({ status: 'pending', replayed: false });
    expect(fake.sends).toHaveLength(2);
  });

  it('a stored unknown (no lookup, as Shoplazza) is settled and replayed as such', async () => {
    const fake = fakeAdapter({ send: [outcomeUnknown()] });
    const noLookup: ProviderAdapter = {
      ...fake.adapter,
      capabilities: { ...CAPABILITIES.kakaclo, reconciliation: 'none' },
    };
    const refunds = engine(noLookup);
    expect((await refunds.refund(request())).status).toBe('unknown');
    await refunds.resolve(request(), { outcome: 'applied', evidence: 'admin shows it' });
    expect(await refunds.refund(request())).toMatchObject({ status: 'succeeded', replayed: true });
    expect(fake.sends).toHaveLength(1);
  });

  it('refuses while the late-apply window is open, and a refund that is not unknown', async () => {
    const held = engine(fakeAdapter({ send: [outcomeUnknown()] }).adapter, {
      lateApplyWindowMs: 60_000,
    });
    expect((await held.refund(request())).status).toBe('unknown');
    await expect(
      held.resolve(request(), { outcome: 'not_applied', evidence: 'x' }),
    ).rejects.toBeInstanceOf(IdempotencyInProgressError);

    const done = engine(fakeAdapter().adapter);
    await done.refund(request());
    const error = await done
      .resolve(request(), { outcome: 'applied', evidence: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe('idempotencyKey');
  });

  it('refuses a resolution without evidence, naming the field', async () => {
    const refunds = engine(fakeAdapter().adapter);
    const error = await refunds
      .resolve(request(), { outcome: 'applied', evidence: '' })
      .catch((e: unknown) => e);
    expect((error as LocalValidationError).field).toBe('resolution.evidence');
  });
});

/** The stored result of a record, parsed. */
function replayOf(record: { result?: string | undefined } | undefined): unknown {
  return record?.result === undefined ? undefined : (JSON.parse(record.result) as unknown);
}
