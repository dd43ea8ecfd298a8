/**
 * Keeta through refund-core against the sandbox: a partial refund by lines (pending until
 * its webhook), the reason mapping, and `preview` in the unified shape.
 */
import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../../src/index.js';
import { KEETA_LINES, KEETA_ORDER, useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

describe('Keeta refunds', () => {
  it('a partial refund of two lines: pending, one ledger entry with those lines', async () => {
    const world = wire(sandbox());
    const result = await world.refunds.refund({
      provider: 'keeta',
      idempotencyKey: 'kt-lines',
      ...KEETA_ORDER,
      lines: [
        { lineId: KEETA_LINES.burger, quantity: 2 },
        { lineId: KEETA_LINES.fries, quantity: 1 },
      ],
      reason: { code: 200000, text: 'Do not like' },
    });

    expect(result).toMatchObject({
      provider: 'keeta',
      status: 'pending',
      orderId: KEETA_ORDER.orderId,
      replayed: false,
    });
    const ledger = sandbox().ledger({ provider: 'keeta', orderId: KEETA_ORDER.orderId });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      [KEETA_LINES.burger, 2],
      [KEETA_LINES.fries, 1],
    ]);
    expect([ledger[0]!.amount, ledger[0]!.currency]).toEqual(['58.50', 'SAR']);
    expect(ledger[0]!.request.body).toMatchObject({
      partRefundType: 200000,
      partRefundReason: 'Do not like',
    });
    expect(world.writes('keeta')).toBe(1);
  });

  it('preview: the refundable units per line, in the unified shape, down after a refund', async () => {
    const world = wire(sandbox());
    const before = await world.refunds.preview({ provider: 'keeta', ...KEETA_ORDER });
    expect(before).toMatchObject({ provider: 'keeta', orderId: KEETA_ORDER.orderId });
    expect(before.lines).toEqual([
      expect.objectContaining({
        lineId: KEETA_LINES.burger,
        name: 'Chicken burger',
        quantity: 3,
        refundableQuantity: 3,
      }),
      expect.objectContaining({
        lineId: KEETA_LINES.fries,
        name: 'Fries',
        quantity: 1,
        refundableQuantity: 1,
      }),
    ]);

    await world.refunds.refund({
      provider: 'keeta',
      idempotencyKey: 'kt-preview',
      ...KEETA_ORDER,
      lines: [{ lineId: KEETA_LINES.burger, quantity: 2 }],
      reason: { code: 200002 },
    });
    const after = await world.refunds.preview({ provider: 'keeta', ...KEETA_ORDER });
    expect(after.lines.map((l) => [l.lineId, l.refundableQuantity])).toEqual([
      [KEETA_LINES.burger, 1],
      [KEETA_LINES.fries, 1],
    ]);
    // What preview says is what the sandbox's books say.
    const order = sandbox()
      .orders()
      .keeta.orders.find((o) => o.orderViewId === KEETA_ORDER.orderId);
    const burger = order?.products.find((p) => p.orderProductId === KEETA_LINES.burger);
    expect(burger && burger.count - (burger.refunded ?? 0)).toBe(1);
    expect(sandbox().ledger({ provider: 'keeta' })).toHaveLength(1);
  });

  it('ids above 2^53 keep every digit: refund, preview, drop_after_apply reconciliation, ledger', async () => {
    const world = wire(sandbox());
    const order = { orderId: '1152921504606846977', shopId: KEETA_ORDER.shopId };
    const lineId = '9007199254740993';
    sandbox().addFaults([
      { kind: 'drop_after_apply', provider: 'keeta', operation: 'applyPartialRefund' },
    ]);
    const result = await world.refunds.refund({
      provider: 'keeta',
      idempotencyKey: 'kt-big-ids',
      ...order,
      lines: [{ lineId, quantity: 1 }],
      reason: { code: 200003 },
    });

    expect(result).toMatchObject({
      status: 'pending',
      orderId: order.orderId,
      reconciliation: { outcome: 'applied' },
    });
    const preview = await world.refunds.preview({ provider: 'keeta', ...order });
    expect(preview.lines.map((l) => [l.lineId, l.refundableQuantity])).toEqual([[lineId, 1]]);
    const ledger = sandbox().ledger({ provider: 'keeta', orderId: order.orderId });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([[lineId, 1]]);
  });

  it('preview of the other providers: UnsupportedOperationError, nothing sent', async () => {
    const world = wire(sandbox());
    for (const provider of ['shoplazza', 'kakaclo'] as const) {
      await expect(world.refunds.preview({ provider, orderId: '10001' })).rejects.toBeInstanceOf(
        UnsupportedOperationError,
      );
    }
    expect(world.requests).toEqual([]);
  });
});
