/**
 * "Never resend blind", as callers really behave: the answer to a refund is lost, and the
 * caller (its queue, its retry loop, another instance) sends the same key again and again.
 * However often, and whatever the provider's lookup says meanwhile, the ledger ends with
 * exactly one refund.
 */
import { describe, expect, it } from 'vitest';
import {
  IdempotencyInProgressError,
  MemoryIdempotencyStore,
  type RefundRequest,
} from '../../src/index.js';
import { KAKACLO_CASE as c, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import { useSandbox, wire, type World } from './sandbox.test-util.js';

const sandbox = useSandbox();

/** A late-apply window short enough to wait out by hand. */
const WINDOW_MS = 500;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A retry's outcome while the key is held: its status, or `in_progress` when refund-core
 * refused it as in flight. Both send nothing; anything else is a failure of the test.
 */
async function retryStatus(world: World, request: RefundRequest): Promise<string> {
  try {
    return (await world.refunds.refund(request)).status;
  } catch (error) {
    if (error instanceof IdempotencyInProgressError) return 'in_progress';
    throw error;
  }
}

/** Every KakaClo refund write is applied and its answer lost, for as long as the test runs. */
const DROP_EVERY_WRITE = {
  kind: 'drop_after_apply',
  provider: 'kakaclo',
  operation: 'refundOrder',
  times: 100,
} as const;

describe('KakaClo: drop_after_apply, then the caller retries with the same key', () => {
  it('many sequential and concurrent retries: one write, one ledger entry, one refund id', async () => {
    const world = wire(sandbox());
    sandbox().addFaults([DROP_EVERY_WRITE]);

    const first = await world.refunds.refund(c.request('msg-81'));
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await world.refunds.refund(c.request('msg-81')));
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => world.refunds.refund(c.request('msg-81'))),
    );

    const ledger = ledgerOf(sandbox(), c);
    expect(ledger).toHaveLength(1);
    expect(world.writes('kakaclo')).toBe(1);
    expect(first.reconciliation?.outcome).toBe('applied');
    for (const result of [first, ...sequential, ...concurrent]) {
      expect(result.status).toBe('pending');
      expect(result.refundId).toBe(ledger[0]!.refundId);
    }
  });

  it('the retry arrives at another instance sharing the store: replayed, one ledger entry', async () => {
    const store = new MemoryIdempotencyStore();
    const instanceA = wire(sandbox(), { refunds: { store } });
    const instanceB = wire(sandbox(), { refunds: { store } });
    sandbox().addFaults([DROP_EVERY_WRITE]);

    const first = await instanceA.refunds.refund(c.request('msg-82'));
    const redelivered = await instanceB.refunds.refund(c.request('msg-82'));

    expect(redelivered.replayed).toBe(true);
    expect(redelivered.refundId).toBe(first.refundId);
    expect(instanceA.writes('kakaclo') + instanceB.writes('kakaclo')).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('while the refund query fails too, retries send nothing; once it answers, it is reconciled', async () => {
    const world = wire(sandbox(), {
      maxRetries: 0,
      refunds: { lateApplyWindowMs: WINDOW_MS },
      // Once the write leaves, the lookup breaks: reconciliation cannot prove anything.
      onRequest: (sent) => {
        if (sent.provider === 'kakaclo' && sent.operation === 'refundOrder') {
          sandbox().addFaults([
            { kind: 'server_error', provider: 'kakaclo', operation: 'queryRefund', times: 100 },
          ]);
        }
      },
    });
    sandbox().addFaults([DROP_EVERY_WRITE]);

    const first = await world.refunds.refund(c.request('msg-83'));
    expect(first.status).toBe('unknown');
    expect(first.reconciliation?.outcome).toBe('inconclusive');
    expect(first.unknown?.where).toContain('queryRefund');
    for (let i = 0; i < 5; i++) {
      expect(['unknown', 'in_progress']).toContain(await retryStatus(world, c.request('msg-83')));
    }
    expect(world.writes('kakaclo')).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);

    sandbox().clearFaults();
    await pause(WINDOW_MS + 200);
    const settled = await world.refunds.refund(c.request('msg-83'));
    expect(settled.status).toBe('pending');
    expect(settled.reconciliation).toMatchObject({ trigger: 'lease_expired', outcome: 'applied' });
    expect(settled.refundId).toBe(ledgerOf(sandbox(), c)[0]!.refundId);
    expect(world.writes('kakaclo')).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

const OPERATIONS = {
  kakaclo: { write: 'refundOrder', read: 'queryRefund' },
  keeta: { write: 'applyPartialRefund', read: 'previewPartialRefund' },
} as const;

describe.each([c, KEETA_CASE])(
  '$name: the client times out, the provider is still working on it',
  (k) => {
    it('the caller retries with the same key at once and again later: one ledger entry, one write', async () => {
      const world = wire(sandbox(), { timeoutMs: 200, refunds: { lateApplyWindowMs: 1500 } });
      const operation = OPERATIONS[k.provider as keyof typeof OPERATIONS].write;
      sandbox().addFaults([{ kind: 'latency', provider: k.provider, operation, latencyMs: 1000 }]);

      expect(await retryStatus(world, k.request('msg-84'))).toBe('unknown');
      expect(['unknown', 'in_progress']).toContain(await retryStatus(world, k.request('msg-84')));
      // Let the held first request reach the provider's books, and the window pass.
      await pause(1500 + 300);
      const later = await world.refunds.refund(k.request('msg-84'));

      expect(later).toMatchObject({ status: 'pending', reconciliation: { outcome: 'applied' } });
      expect(world.writes(k.provider)).toBe(1);
      expect(ledgerOf(sandbox(), k)).toHaveLength(1);
    });
  },
);

describe.each([c, KEETA_CASE])('$name: answer lost and the lookup down', (k) => {
  it('unknown, left for later; recover() reconciles it without sending again', async () => {
    const ops = OPERATIONS[k.provider as keyof typeof OPERATIONS];
    const world = wire(sandbox(), {
      maxRetries: 0,
      refunds: { lateApplyWindowMs: WINDOW_MS },
      onRequest: (sent) => {
        if (sent.provider === k.provider && sent.operation === ops.write) {
          sandbox().addFaults([
            { kind: 'server_error', provider: k.provider, operation: ops.read, times: 100 },
          ]);
        }
      },
    });
    sandbox().addFaults([
      { kind: 'drop_after_apply', provider: k.provider, operation: ops.write, times: 100 },
    ]);

    const first = await world.refunds.refund(k.request('msg-85'));
    expect(first).toMatchObject({ status: 'unknown', reconciliation: { outcome: 'inconclusive' } });
    expect(first.unknown?.check).toContain(k.orderId);
    // Held: nothing to recover yet.
    expect(await world.refunds.recover()).toEqual([]);

    sandbox().clearFaults();
    await pause(WINDOW_MS + 200);
    const recovered = await world.refunds.recover();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.result).toMatchObject({
      idempotencyKey: 'msg-85',
      status: 'pending',
      reconciliation: { trigger: 'lease_expired', outcome: 'applied' },
    });
    expect(await world.refunds.recover()).toEqual([]);
    expect((await world.refunds.status(first)).status).toBe('pending');
    expect(world.writes(k.provider)).toBe(1);
    expect(ledgerOf(sandbox(), k)).toHaveLength(1);
  });
});

describe.each([c, KEETA_CASE])('$name: the caller aborts while the write is in flight', (k) => {
  it('no blind resend: the held write applies once, the retry after the window finds it', async () => {
    const controller = new AbortController();
    const operation = OPERATIONS[k.provider as keyof typeof OPERATIONS].write;
    const world = wire(sandbox(), {
      refunds: { lateApplyWindowMs: 1500 },
      onRequest: (sent) => {
        if (sent.operation === operation) setTimeout(() => controller.abort(), 100);
      },
    });
    sandbox().addFaults([{ kind: 'latency', provider: k.provider, operation, latencyMs: 800 }]);

    const first = await world.refunds
      .refund(k.request('msg-86'), { signal: controller.signal })
      .then(
        (result) => result.status,
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
    // Aborted after sending proves nothing: never "not applied", never a freed key.
    expect(first).not.toBe('failed');
    expect(await retryStatus(world, k.request('msg-86'))).toMatch(/^(unknown|in_progress)$/);

    await pause(1500 + 300);
    const later = await world.refunds.refund(k.request('msg-86'));
    expect(later).toMatchObject({ status: 'pending' });
    expect(world.writes(k.provider)).toBe(1);
    expect(ledgerOf(sandbox(), k)).toHaveLength(1);
  });
});

describe('KakaClo: 20 concurrent callers, the answer lost', () => {
  it('one write, one ledger entry, the same reconciled result for all 20', async () => {
    const world = wire(sandbox());
    sandbox().addFaults([DROP_EVERY_WRITE]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => world.refunds.refund(c.request('msg-87'))),
    );

    const ledger = ledgerOf(sandbox(), c);
    expect(ledger).toHaveLength(1);
    expect(world.writes('kakaclo')).toBe(1);
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'pending',
        refundId: ledger[0]!.refundId,
        reconciliation: { outcome: 'applied' },
      });
    }
  });
});
