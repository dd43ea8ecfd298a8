/**
 * Several instances of a service sharing one idempotency store, and several refunds of one
 * order at once: a key in flight elsewhere is `IdempotencyInProgressError` (or a bounded
 * wait), and refunds of one order are serialized, so a reconciliation that compares the
 * order before and after is never confused by a neighbour's refund.
 */
import { describe, expect, it } from 'vitest';
import {
  IdempotencyInProgressError,
  MemoryIdempotencyStore,
  type RefundRequest,
} from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf, type ProviderCase } from './cases.test-util.js';
import { useSandbox, wire, type SentRequest } from './sandbox.test-util.js';

const sandbox = useSandbox();

const WRITE = { kakaclo: 'refundOrder', keeta: 'applyPartialRefund' } as const;

/** Resolves when the first refund write of `provider` leaves a client. */
function writeSeen(provider: keyof typeof WRITE): {
  onRequest: (sent: SentRequest) => void;
  seen: Promise<void>;
} {
  let resolve: () => void = () => undefined;
  const seen = new Promise<void>((r) => (resolve = r));
  return {
    onRequest: (sent) => {
      if (sent.provider === provider && sent.operation === WRITE[provider]) resolve();
    },
    seen,
  };
}

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: two instances, one store', (c: ProviderCase) => {
  it('the key in flight at instance A: instance B gets IdempotencyInProgressError, sends nothing', async () => {
    const store = new MemoryIdempotencyStore();
    const write = writeSeen(c.provider as keyof typeof WRITE);
    const a = wire(sandbox(), { refunds: { store }, onRequest: write.onRequest });
    const b = wire(sandbox(), { refunds: { store } });
    const operation = WRITE[c.provider as keyof typeof WRITE];
    sandbox().addFaults([{ kind: 'latency', provider: c.provider, operation, latencyMs: 500 }]);

    const first = a.refunds.refund(c.request('inst-1'));
    await write.seen;
    const error = await b.refunds.refund(c.request('inst-1')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdempotencyInProgressError);
    expect((error as IdempotencyInProgressError).retryable).toBe(true);
    expect(b.requests).toEqual([]);

    const result = await first;
    // Once A is done, B gets A's result.
    expect(await b.refunds.refund(c.request('inst-1'))).toEqual({ ...result, replayed: true });
    expect(a.writes(c.provider) + b.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('with inFlightWaitMs, instance B waits for A and replays its result', async () => {
    const store = new MemoryIdempotencyStore();
    const write = writeSeen(c.provider as keyof typeof WRITE);
    const a = wire(sandbox(), { refunds: { store }, onRequest: write.onRequest });
    const b = wire(sandbox(), { refunds: { store, inFlightWaitMs: 10_000 } });
    const operation = WRITE[c.provider as keyof typeof WRITE];
    sandbox().addFaults([{ kind: 'latency', provider: c.provider, operation, latencyMs: 300 }]);

    const first = a.refunds.refund(c.request('inst-2'));
    await write.seen;
    const waited = await b.refunds.refund(c.request('inst-2'));
    const result = await first;

    expect(waited).toEqual({ ...result, replayed: true });
    expect(b.requests).toEqual([]);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: a slow call renews its lease', (c) => {
  it('with a lease far shorter than the call, another instance never takes the key over', async () => {
    const store = new MemoryIdempotencyStore();
    const write = writeSeen(c.provider as keyof typeof WRITE);
    const a = wire(sandbox(), { refunds: { store, leaseMs: 150 }, onRequest: write.onRequest });
    const b = wire(sandbox(), { refunds: { store, leaseMs: 150 } });
    const operation = WRITE[c.provider as keyof typeof WRITE];
    sandbox().addFaults([{ kind: 'latency', provider: c.provider, operation, latencyMs: 900 }]);

    const state = { done: false };
    const first = a.refunds.refund(c.request('lease-1')).finally(() => (state.done = true));
    await write.seen;
    const seen: string[] = [];
    while (!state.done) {
      seen.push(
        await b.refunds.refund(c.request('lease-1')).then(
          (r) => (r.replayed ? 'replayed' : 'took_over'),
          (e: unknown) => (e instanceof IdempotencyInProgressError ? 'in_progress' : String(e)),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await first;

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== 'in_progress' && s !== 'replayed')).toEqual([]);
    expect(b.requests).toEqual([]);
    expect(a.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

/** Two refunds of one order that fit together (different lines). */
const NEIGHBOURS: readonly { c: ProviderCase; other: RefundRequest }[] = [
  {
    c: KAKACLO_CASE,
    other: {
      provider: 'kakaclo',
      idempotencyKey: 'order-b',
      orderId: KAKACLO_CASE.orderId,
      lines: [{ lineId: '120002', quantity: 1 }],
    },
  },
  { c: KEETA_CASE, other: KEETA_CASE.different('order-b') },
];

describe.each(NEIGHBOURS)('$c.name: refunds of one order at once', ({ c, other }) => {
  it('two keys, both answers lost: each reconciled to its own refund, two ledger entries', async () => {
    const world = wire(sandbox());
    const operation = WRITE[c.provider as keyof typeof WRITE];
    sandbox().addFaults([{ kind: 'drop_after_apply', provider: c.provider, operation, times: 2 }]);

    const [one, two] = await Promise.all([
      world.refunds.refund(c.request('order-a')),
      world.refunds.refund(other),
    ]);

    const ledger = ledgerOf(sandbox(), c);
    expect(ledger).toHaveLength(2);
    expect(one.reconciliation?.outcome).toBe('applied');
    expect(two.reconciliation?.outcome).toBe('applied');
    expect(world.writes(c.provider)).toBe(2);
    if (c.provider === 'kakaclo') {
      // Each result names the refund its own write created, in the order they were sent.
      expect(new Set([one.refundId, two.refundId])).toEqual(new Set(ledger.map((e) => e.refundId)));
    }
  });
});
