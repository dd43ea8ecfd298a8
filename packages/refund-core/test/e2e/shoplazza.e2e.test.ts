/**
 * Shoplazza through refund-core against the sandbox, in both API versions: partial refunds
 * by lines (2022-01 `partial_refund`, 2024-07 `refund` with totals and payment lines), exact
 * money in the ledger, and no preview.
 */
import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../../src/index.js';
import { SHOPLAZZA_LINES, SHOPLAZZA_ORDER, useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

const usd = (amount: string) => ({ currency: 'USD', amount });

function ledger() {
  return sandbox().ledger({ provider: 'shoplazza', orderId: SHOPLAZZA_ORDER, shop: 'demo-store' });
}

describe('Shoplazza refunds', () => {
  it('2022-01: a partial refund by lines: succeeded, the ledger holds the lines and the exact amount', async () => {
    const world = wire(sandbox());
    const result = await world.refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2022-01',
      idempotencyKey: 'sl-2022-lines',
      orderId: SHOPLAZZA_ORDER,
      amount: usd('116'),
      returnGoods: true,
      lines: [
        { lineId: SHOPLAZZA_LINES.shirt, quantity: 1 },
        { lineId: SHOPLAZZA_LINES.tote, quantity: 1 },
      ],
    });

    const entries = ledger();
    expect(entries).toHaveLength(1);
    expect(result).toMatchObject({
      provider: 'shoplazza',
      status: 'succeeded',
      refundId: entries[0]!.refundId,
      // Normalised to the currency's full exponent.
      amount: usd('116.00'),
      replayed: false,
    });
    expect(entries[0]).toMatchObject({
      operation: 'partialRefund',
      amount: '116.00',
      currency: 'USD',
    });
    expect(entries[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      [SHOPLAZZA_LINES.shirt, 1],
      [SHOPLAZZA_LINES.tote, 1],
    ]);
    expect(entries[0]!.request.body).toMatchObject({ price: '116.00', is_return: true });
  });

  it('2024-07: lines, shipping and split payments: succeeded, the ledger holds the exact totals', async () => {
    const world = wire(sandbox());
    const result = await world.refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2024-07',
      idempotencyKey: 'sl-2024-lines',
      orderId: SHOPLAZZA_ORDER,
      amount: usd('45.00'),
      productAmount: usd('35.00'),
      shipping: usd('10.00'),
      payments: [
        { paymentLineId: 'PAY1', amount: usd('40.01') },
        { paymentLineId: 'PAY2', amount: usd('4.99') },
      ],
      lines: [
        {
          lineId: SHOPLAZZA_LINES.tote,
          quantity: 1,
          waitingShipQuantity: 1,
          returnInventory: true,
        },
      ],
      note: 'damaged in transit',
    });

    const entries = ledger();
    expect(entries).toHaveLength(1);
    expect(result).toMatchObject({
      status: 'succeeded',
      refundId: entries[0]!.refundId,
      amount: usd('45.00'),
    });
    expect(entries[0]).toMatchObject({
      operation: 'refundOrder',
      amount: '45.00',
      amountMinor: '4500',
    });
    expect(entries[0]!.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      [SHOPLAZZA_LINES.tote, 1],
    ]);
    expect(entries[0]!.request.body).toMatchObject({
      refund_total: '45.00',
      refund_shipping_total: '10.00',
      refund_payments: [
        { payment_line_id: 'PAY1', refund_price: '40.01' },
        { payment_line_id: 'PAY2', refund_price: '4.99' },
      ],
      note: 'damaged in transit',
    });
    const order = sandbox()
      .orders()
      .shoplazza.orders.find((o) => o.id === SHOPLAZZA_ORDER);
    expect(order).toMatchObject({ refundedAmount: '45.00', refundedShipping: '10.00' });
  });

  it('both versions on one order, one after the other: two keys, two ledger entries', async () => {
    const world = wire(sandbox());
    await world.refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2022-01',
      idempotencyKey: 'sl-mixed-1',
      orderId: SHOPLAZZA_ORDER,
      amount: usd('81.00'),
      returnGoods: false,
      lines: [{ lineId: SHOPLAZZA_LINES.shirt, quantity: 1 }],
    });
    await world.refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2024-07',
      idempotencyKey: 'sl-mixed-2',
      orderId: SHOPLAZZA_ORDER,
      amount: usd('81.00'),
      productAmount: usd('81.00'),
      payments: [{ paymentLineId: 'PAY1', amount: usd('81.00') }],
      lines: [{ lineId: SHOPLAZZA_LINES.shirt, quantity: 1 }],
    });

    expect(ledger().map((e) => e.operation)).toEqual(['partialRefund', 'refundOrder']);
    expect(world.writes('shoplazza')).toBe(2);
  });

  it('a refusal (more units than are left) is stored as failed and replayed, nothing sent again', async () => {
    const world = wire(sandbox());
    const request = {
      provider: 'shoplazza',
      apiVersion: '2024-07',
      idempotencyKey: 'sl-too-many',
      orderId: SHOPLAZZA_ORDER,
      amount: usd('243.00'),
      productAmount: usd('243.00'),
      payments: [{ paymentLineId: 'PAY1', amount: usd('243.00') }],
      lines: [{ lineId: SHOPLAZZA_LINES.shirt, quantity: 3 }],
    } as const;
    const refused = await world.refunds.refund(request);
    const again = await world.refunds.refund(request);

    expect(refused.status).toBe('failed');
    expect(refused.failure).toMatchObject({ reason: 'provider_refused' });
    expect(again).toMatchObject({ status: 'failed', replayed: true });
    expect(world.writes('shoplazza')).toBe(1);
    expect(ledger()).toEqual([]);
  });

  it('preview: UnsupportedOperationError, nothing sent', async () => {
    const world = wire(sandbox());
    await expect(
      world.refunds.preview({ provider: 'shoplazza', orderId: SHOPLAZZA_ORDER }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(world.requests).toEqual([]);
  });
});
