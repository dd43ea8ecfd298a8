/**
 * KakaClo through refund-core against the sandbox: refunds by lines and of the whole order,
 * no preview, a refusal stored and replayed, and asynchronous settlement followed with
 * `status()` and `waitForFinal()` (the sandbox's own settlement and its admin settle).
 */
import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../../src/index.js';
import { KAKACLO_ORDER, KAKACLO_WHOLE_ORDER, useSandbox, wire } from './sandbox.test-util.js';

describe('KakaClo refunds', () => {
  const sandbox = useSandbox();

  it('a partial refund by lines (item id, and SKU + warehouse): pending, as in the ledger', async () => {
    const world = wire(sandbox());
    const result = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-lines',
      orderId: KAKACLO_ORDER,
      lines: [
        { lineId: '120001', quantity: 1 },
        { skuCode: 'FSZW08923_R_L_NUB', countryCode: 'US', quantity: 2 },
      ],
      reason: { code: 'Out Of Stock', text: 'customer asked' },
    });

    const ledger = sandbox().ledger({ provider: 'kakaclo', orderId: KAKACLO_ORDER });
    expect(ledger).toHaveLength(1);
    expect(result).toMatchObject({
      provider: 'kakaclo',
      status: 'pending',
      orderId: KAKACLO_ORDER,
      refundId: ledger[0]!.refundId,
      replayed: false,
    });
    expect(ledger[0]!.status).toBe('pending_review');
    expect(ledger[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['120001', 1],
      ['120002', 2],
    ]);
    expect(ledger[0]!.amount).toBe('38.97');
    expect(ledger[0]!.request.body).toMatchObject({
      refundReason: 'Out Of Stock',
      remark: 'customer asked',
    });
  });

  it('a whole-order refund: every unit in one ledger entry', async () => {
    const world = wire(sandbox());
    const result = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-whole',
      orderId: KAKACLO_WHOLE_ORDER,
      wholeOrder: true,
    });

    const ledger = sandbox().ledger({ provider: 'kakaclo', orderId: KAKACLO_WHOLE_ORDER });
    expect(ledger).toHaveLength(1);
    expect(result.status).toBe('pending');
    expect(result.refundId).toBe(ledger[0]!.refundId);
    expect(ledger[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([['140001', 2]]);
    expect([ledger[0]!.amount, ledger[0]!.currency]).toEqual(['7.000', 'KWD']);
  });

  it('preview: UnsupportedOperationError, nothing sent', async () => {
    const world = wire(sandbox());
    await expect(
      world.refunds.preview({ provider: 'kakaclo', orderId: KAKACLO_ORDER }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(world.requests).toEqual([]);
  });

  it('a refusal (a shipped order) is stored as failed and replayed, never sent again', async () => {
    const world = wire(sandbox());
    const request = {
      provider: 'kakaclo',
      idempotencyKey: 'kk-shipped',
      orderId: '10003',
      wholeOrder: true,
    } as const;
    const refused = await world.refunds.refund(request);
    const again = await world.refunds.refund(request);

    expect(refused.status).toBe('failed');
    expect(refused.failure?.reason).toBe('provider_refused');
    expect(again).toMatchObject({ status: 'failed', replayed: true, failure: refused.failure });
    expect(world.writes('kakaclo')).toBe(1);
    expect(sandbox().ledger({ provider: 'kakaclo' })).toEqual([]);
  });

  it('the admin settles it succeeded: status() asks KakaClo and stores it; then it stops asking', async () => {
    const world = wire(sandbox());
    const request = {
      provider: 'kakaclo',
      idempotencyKey: 'kk-settle-ok',
      orderId: KAKACLO_ORDER,
      lines: [{ lineId: '120001', quantity: 1 }],
    } as const;
    const sent = await world.refunds.refund(request);
    expect((await world.refunds.status(sent)).status).toBe('pending');

    expect(sandbox().settleKakacloRefund(sent.refundId!, 'refund_successfully')).toBe(true);
    const settled = await world.refunds.status(sent);
    expect(settled).toMatchObject({ status: 'succeeded', refundId: sent.refundId });
    expect(sandbox().ledger({ provider: 'kakaclo' })).toMatchObject([
      { refundId: sent.refundId, status: 'refund_successfully' },
    ]);

    const queries = world.requests.length;
    expect((await world.refunds.status(sent)).status).toBe('succeeded');
    // A repeat of the refund replays the settled result.
    expect(await world.refunds.refund(request)).toMatchObject({
      status: 'succeeded',
      replayed: true,
    });
    expect(world.requests).toHaveLength(queries);
    expect(sandbox().ledger({ provider: 'kakaclo' })).toHaveLength(1);
  });

  it('the admin settles it refund_failed: waitForFinal ends failed, as the ledger says', async () => {
    const world = wire(sandbox());
    const sent = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-settle-failed',
      orderId: KAKACLO_ORDER,
      lines: [{ lineId: '120002', quantity: 3 }],
    });
    sandbox().settleKakacloRefund(sent.refundId!, 'refund_failed');

    const final = await world.refunds.waitForFinal(sent, { timeoutMs: 10_000, intervalMs: 500 });
    expect(final).toMatchObject({ status: 'failed', refundId: sent.refundId });
    expect(final.failure?.reason).toBe('provider_refused');
    expect(sandbox().ledger({ provider: 'kakaclo' })).toMatchObject([
      { refundId: sent.refundId, status: 'refund_failed' },
    ]);
  });
});

describe('KakaClo settling on its own (kakacloSettleAfterMs)', () => {
  const sandbox = useSandbox({ kakacloSettleAfterMs: 300 });

  it('waitForFinal polls until KakaClo reports succeeded; the ledger agrees', async () => {
    const world = wire(sandbox());
    const sent = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-auto',
      orderId: KAKACLO_WHOLE_ORDER,
      wholeOrder: true,
    });
    expect(sent.status).toBe('pending');

    const final = await world.refunds.waitForFinal(sent, { timeoutMs: 10_000, intervalMs: 500 });
    expect(final).toMatchObject({ status: 'succeeded', refundId: sent.refundId });
    expect((await world.refunds.status(sent)).status).toBe('succeeded');
    expect(sandbox().ledger({ provider: 'kakaclo' })).toMatchObject([
      { refundId: sent.refundId, status: 'refund_successfully' },
    ]);
    expect(world.writes('kakaclo')).toBe(1);
  });
});

describe('KakaClo refusing on its own (kakacloSettleStatus: refund_failed)', () => {
  const sandbox = useSandbox({ kakacloSettleAfterMs: 200, kakacloSettleStatus: 'refund_failed' });

  it('waitForFinal ends failed; the ledger entry is refund_failed', async () => {
    const world = wire(sandbox());
    const sent = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-auto-failed',
      orderId: KAKACLO_ORDER,
      lines: [{ lineId: '120002', quantity: 1 }],
    });

    const final = await world.refunds.waitForFinal(sent, { timeoutMs: 10_000, intervalMs: 500 });
    expect(final).toMatchObject({ status: 'failed', refundId: sent.refundId });
    expect(sandbox().ledger({ provider: 'kakaclo' })).toMatchObject([
      { refundId: sent.refundId, status: 'refund_failed' },
    ]);
  });

  it('answer lost, and KakaClo has refused it by the time it is reconciled: failed, not pending', async () => {
    const world = wire(sandbox(), {
      // The lookup sees the refund only after KakaClo has decided.
      onRequest: (sent) => {
        if (sent.operation === 'refundOrder') {
          sandbox().addFaults([
            { kind: 'latency', provider: 'kakaclo', operation: 'queryRefund', latencyMs: 400 },
          ]);
        }
      },
    });
    sandbox().addFaults([
      { kind: 'drop_after_apply', provider: 'kakaclo', operation: 'refundOrder' },
    ]);
    const result = await world.refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: 'kk-lost-refused',
      orderId: KAKACLO_WHOLE_ORDER,
      wholeOrder: true,
    });

    const ledger = sandbox().ledger({ provider: 'kakaclo' });
    expect(ledger).toMatchObject([{ status: 'refund_failed' }]);
    expect(result).toMatchObject({
      status: 'failed',
      refundId: ledger[0]!.refundId,
      reconciliation: { outcome: 'applied' },
    });
    expect(world.writes('kakaclo')).toBe(1);
  });
});
