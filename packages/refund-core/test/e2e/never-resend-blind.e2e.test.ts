/**
 * "Never resend blind", as callers really behave: the answer to a refund is lost, and the
 * caller (its queue, its retry loop, another instance) sends the same key again and again.
 * However often, and whatever the provider's lookup says meanwhile, the ledger ends with
 * exactly one refund.
 */
import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/index.js';
import { KAKACLO_CASE as c, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

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

  it('while the refund query fails too, retries get unknown and send nothing; then it is reconciled', async () => {
    const world = wire(sandbox(), {
      maxRetries: 0,
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
      expect((await world.refunds.refund(c.request('msg-83'))).status).toBe('unknown');
    }
    expect(world.writes('kakaclo')).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);

    sandbox().clearFaults();
    const settled = await world.refunds.refund(c.request('msg-83'));
    expect(settled.status).toBe('pending');
    expect(settled.reconciliation).toMatchObject({ trigger: 'lease_expired', outcome: 'applied' });
    expect(settled.refundId).toBe(ledgerOf(sandbox(), c)[0]!.refundId);
    expect(world.writes('kakaclo')).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

describe.each([c, KEETA_CASE])(
  '$name: the client times out, the provider is still working on it',
  (k) => {
    it('the caller retries with the same key at once: still one ledger entry once the provider is done', async () => {
      const world = wire(sandbox(), { timeoutMs: 200 });
      const operation = k.provider === 'kakaclo' ? 'refundOrder' : 'applyPartialRefund';
      sandbox().addFaults([{ kind: 'latency', provider: k.provider, operation, latencyMs: 1000 }]);

      await world.refunds.refund(k.request('msg-84'));
      await world.refunds.refund(k.request('msg-84'));
      // Let the held first request reach the provider's books before counting.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      expect(ledgerOf(sandbox(), k)).toHaveLength(1);
    });
  },
);
