/**
 * Found by the soak ("result applied, ledger empty"): a KakaClo refund left in flight (its
 * answer lost inside the late-apply window, or its owner dead) no longer holds its order's
 * lock, so another refund of the same order goes through; when the first is reconciled
 * later, the other refund's number is "the one new refund" and the first is reported applied
 * with it, although nothing was ever refunded for it.
 *
 * Fixed by making an unsettled refund block its order: before a new refund of an order is
 * sent, refund-core reconciles the order's unsettled refunds, and while one cannot be settled
 * yet (its late-apply window is still open) the new one gets IdempotencyInProgressError.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKakacloClient } from '@refundkit/kakaclo';
import {
  createRefunds,
  IdempotencyInProgressError,
  MemoryIdempotencyStore,
  type IdempotencyStore,
  type RefundRequest,
  type RefundResult,
} from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { startSandbox, type Sandbox } from '@refundkit/sandbox';
import { DyingStore } from './dying-store.ts';

const A: RefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'A',
  orderId: '10001',
  lines: [{ lineId: '120001', quantity: 1 }],
};
const B: RefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'B',
  orderId: '10001',
  lines: [{ lineId: '120002', quantity: 1 }],
};

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function refundsOn(store: IdempotencyStore, leaseMs?: number) {
  return createRefunds({
    providers: {
      kakaclo: kakacloAdapter(
        createKakacloClient({
          baseUrl: sandbox.baseUrls.kakaclo,
          ...sandbox.credentials.kakaclo,
          timeoutMs: 200,
        }),
      ),
    },
    store,
    lateApplyWindowMs: 500,
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });
}

/** A's result may say applied only if the ledger holds a refund of A's line. */
function expectHonest(a: RefundResult | undefined, b: RefundResult) {
  const entriesOfA = sandbox
    .ledger()
    .filter((entry) => entry.lines.some((line) => line.lineId === '120001')).length;
  const claimsApplied = a?.status === 'pending' || a?.status === 'succeeded';
  expect({ claimsApplied, entriesOfA }).not.toEqual({ claimsApplied: true, entriesOfA: 0 });
  expect(a?.refundId).not.toBe(b.refundId);
}

describe('reconciling a KakaClo refund after another refund of its order', () => {
  it('answer lost inside the late-apply window (never applied), then another line refunded', async () => {
    sandbox.addFaults([
      { kind: 'latency', provider: 'kakaclo', operation: 'refundOrder', latencyMs: 300, times: 1 },
      { kind: 'reset_before_processing', provider: 'kakaclo', operation: 'refundOrder', times: 1 },
    ]);
    const refunds = refundsOn(new MemoryIdempotencyStore());
    expect((await refunds.refund(A)).status).toBe('unknown');
    // A is unsettled: B must wait, or A's later proof would count B's refund as A's.
    await expect(refunds.refund(B)).rejects.toBeInstanceOf(IdempotencyInProgressError);
    expect(sandbox.ledger()).toHaveLength(0);
    await pause(600);
    const b = await refunds.refund(B); // settles A (not applied) first, then sends B
    expect(b.status).toBe('pending');
    expectHonest(await refunds.refund(A), b);
    expect(sandbox.ledger()).toHaveLength(2); // B, then A resent by its caller's retry
  });

  it('owner died after the sending checkpoint (never sent), then another line refunded', async () => {
    const store = new MemoryIdempotencyStore();
    await expect(refundsOn(new DyingStore(store, 'before_send'), 200).refund(A)).rejects.toThrow(
      'the instance died',
    );
    await pause(250);
    const refunds = refundsOn(store);
    // B takes A over and asks KakaClo; A's late-apply window is still open, so B waits.
    await expect(refunds.refund(B)).rejects.toBeInstanceOf(IdempotencyInProgressError);
    expect(sandbox.ledger()).toHaveLength(0);
    await pause(600);
    const b = await refunds.refund(B);
    expect(b.status).toBe('pending');
    expect(await refunds.recover()).toEqual([]); // A was settled (not applied) before B was sent
    expectHonest(await refunds.refund(A), b);
  });
});
