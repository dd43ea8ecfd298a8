/**
 * The Shoplazza adapter over fake client objects: the exact body each API version sends, the
 * store a request is routed to, and what it refuses (naming the field) before sending.
 */
import { LocalValidationError, type RequestOptions } from '@refundkit/http';
import type { ShoplazzaClient } from '@refundkit/shoplazza';
import { describe, expect, it } from 'vitest';
import type { ProviderCall } from '../../adapter.js';
import { coreCheck } from '../../request-check.js';
import type { RefundRequest } from '../../request.js';
import { shoplazzaAdapter } from './shoplazza-adapter.js';

interface Call {
  operation: 'partialRefund' | 'refundOrder';
  shop: string;
  orderId: unknown;
  body: unknown;
  options: unknown;
}

/** A client of one store that records its calls. */
function fakeStore(shop: string | undefined, calls: Call[], answers: Record<string, unknown> = {}) {
  const record =
    (operation: Call['operation']) => (orderId: unknown, body: unknown, options: unknown) => {
      calls.push({ operation, shop: shop ?? '(base url)', orderId, body, options });
      return Promise.resolve(answers[operation] ?? {});
    };
  return {
    shop,
    baseUrl: `http://127.0.0.1:1/shoplazza/${shop ?? 'x'}`,
    partialRefund: record('partialRefund'),
    refundOrder: record('refundOrder'),
  } as unknown as ShoplazzaClient;
}

const call: ProviderCall = Object.assign(
  <T>(run: (options: RequestOptions) => Promise<T>) => run({ timeoutMs: 999 }),
  { signal: undefined },
);
const usd = (amount: string) => ({ currency: 'USD', amount });

const V2022: RefundRequest = {
  provider: 'shoplazza',
  apiVersion: '2022-01',
  idempotencyKey: 'k-1',
  orderId: '1232123',
  amount: usd('0.3'),
  returnGoods: false,
  lines: [{ lineId: 'LI123', quantity: 1 }],
};

const V2024: RefundRequest = {
  provider: 'shoplazza',
  apiVersion: '2024-07',
  idempotencyKey: 'k-2',
  orderId: '1232123',
  note: 'damaged',
  amount: usd('20'),
  productAmount: usd('12.5'),
  shipping: usd('5'),
  tip: usd('1.00'),
  additionalFees: [
    { name: 'gift wrap', amount: usd('1.25') },
    { name: 'insurance', amount: usd('0.25') },
  ],
  payments: [
    { paymentLineId: 'PAY1', amount: usd('15') },
    { paymentLineId: 'PAY2', amount: usd('5.00') },
  ],
  lines: [
    { lineId: 'LI123', quantity: 2, waitingShipQuantity: 1, returnInventory: true },
    { lineId: 'LI124', quantity: 1 },
  ],
};

function prepare(adapter: ReturnType<typeof shoplazzaAdapter>, request: unknown) {
  return adapter.prepare(request as RefundRequest, coreCheck('shoplazza', 'refund'));
}

describe('shoplazzaAdapter: 2022-01', () => {
  it('sends partialRefund with is_return, price at the full exponent and line_items', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter(
      fakeStore('demo-store', calls, { partialRefund: { Id: 'rec-1', Status: 'success' } }),
    );
    const prepared = prepare(adapter, V2022);
    expect(prepared).toMatchObject({
      orderKey: 'shoplazza:demo-store:1232123',
      bucket: 'shoplazza:demo-store',
      amount: usd('0.30'),
    });
    expect(await adapter.send(prepared, call)).toEqual({
      status: 'succeeded',
      refundId: 'rec-1',
      raw: { Id: 'rec-1', Status: 'success' },
    });
    expect(calls).toEqual([
      {
        operation: 'partialRefund',
        shop: 'demo-store',
        orderId: '1232123',
        body: { is_return: false, price: '0.30', line_items: [{ id: 'LI123', quantity: 1 }] },
        options: { timeoutMs: 999, currency: 'USD' },
      },
    ]);
  });

  it('leaves line_items out when no lines are given, and reads a pending status', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter(
      fakeStore('demo-store', calls, { partialRefund: { Id: '7', Status: 'Pending' } }),
    );
    const amountOnly = Object.fromEntries(Object.entries(V2022).filter(([key]) => key !== 'lines'));
    const sent = await adapter.send(
      prepare(adapter, {
        ...amountOnly,
        returnGoods: true,
        amount: { currency: 'JPY', amount: '1500' },
      }),
      call,
    );
    expect(sent).toMatchObject({ status: 'pending', refundId: '7' });
    expect(calls[0]).toMatchObject({
      body: { is_return: true, price: '1500' },
      options: { currency: 'JPY' },
    });
    expect(calls[0]!.body).not.toHaveProperty('line_items');
  });
});

describe('shoplazzaAdapter: 2024-07', () => {
  it('sends refundOrder with every total, fee, payment and line, exactly', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter(
      fakeStore('demo-store', calls, {
        refundOrder: { refund_record_id: 'rr-1', post_sale_id: 'ps-1' },
      }),
    );
    const sent = await adapter.send(prepare(adapter, V2024), call);
    expect(sent).toMatchObject({ status: 'succeeded', refundId: 'rr-1' });
    expect(calls).toEqual([
      {
        operation: 'refundOrder',
        shop: 'demo-store',
        orderId: '1232123',
        body: {
          refund_total: '20.00',
          refund_product_total: '12.50',
          refund_shipping_total: '5.00',
          refund_tip: '1.00',
          refund_additional_total: '1.50',
          refund_additional_prices: [
            { name: 'gift wrap', price: '1.25' },
            { name: 'insurance', price: '0.25' },
          ],
          refund_payments: [
            { payment_line_id: 'PAY1', refund_price: '15.00' },
            { payment_line_id: 'PAY2', refund_price: '5.00' },
          ],
          refund_line_items: [
            {
              line_item_id: 'LI123',
              quantity: 2,
              waiting_ship_quantity: 1,
              return_inventory: true,
            },
            { line_item_id: 'LI124', quantity: 1 },
          ],
          note: 'damaged',
        },
        options: { timeoutMs: 999, currency: 'USD' },
      },
    ]);
  });

  it('writes the zeros it fills in at the currency exponent (KWD: 3 decimals)', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter(fakeStore('demo-store', calls));
    const kwd = (amount: string) => ({ currency: 'KWD', amount });
    await adapter.send(
      prepare(adapter, {
        provider: 'shoplazza',
        apiVersion: '2024-07',
        idempotencyKey: 'k',
        orderId: '1232125',
        amount: kwd('2.125'),
        productAmount: kwd('2.125'),
        payments: [{ paymentLineId: 'PAY1', amount: kwd('2.125') }],
      }),
      call,
    );
    expect(calls[0]!.body).toEqual({
      refund_total: '2.125',
      refund_product_total: '2.125',
      refund_shipping_total: '0.000',
      refund_tip: '0.000',
      refund_additional_total: '0.000',
      refund_additional_prices: [],
      refund_payments: [{ payment_line_id: 'PAY1', refund_price: '2.125' }],
      refund_line_items: [],
      note: '',
    });
  });
});

describe('shoplazzaAdapter: stores', () => {
  it('routes each request to the client of its store', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter({
      'shop-a': fakeStore('shop-a', calls),
      'shop-b': fakeStore('shop-b', calls),
    });
    const prepared = prepare(adapter, { ...V2022, shop: 'shop-b' });
    expect(prepared).toMatchObject({
      orderKey: 'shoplazza:shop-b:1232123',
      bucket: 'shoplazza:shop-b',
    });
    await adapter.send(prepared, call);
    expect(calls.map((c) => c.shop)).toEqual(['shop-b']);
  });

  it('matches a store label in any case, as Shoplazza does: one store, one lock, one fingerprint', async () => {
    const calls: Call[] = [];
    const adapter = shoplazzaAdapter({
      'Shop-A': fakeStore('shop-a', calls),
      'shop-b': fakeStore('shop-b', calls),
    });
    const upper = prepare(adapter, { ...V2022, shop: 'SHOP-A' });
    const lower = prepare(adapter, { ...V2022, shop: 'shop-a' });
    expect(upper).toEqual(lower);
    expect(upper.orderKey).toBe('shoplazza:shop-a:1232123');
    await adapter.send(upper, call);
    expect(calls.map((c) => c.shop)).toEqual(['shop-a']);
  });

  it.each([
    ['several stores, shop left out', undefined],
    ['several stores, an unconfigured shop', 'shop-c'],
  ])('refuses %s, naming shop', (_name, shop) => {
    const adapter = shoplazzaAdapter({
      'shop-a': fakeStore('shop-a', []),
      'shop-b': fakeStore('shop-b', []),
    });
    expect(() => prepare(adapter, shop === undefined ? V2022 : { ...V2022, shop })).toThrow(
      expect.objectContaining({ field: 'shop' }) as Error,
    );
  });

  it('one store: shop may be left out, or must match', () => {
    const adapter = shoplazzaAdapter(fakeStore('demo-store', []));
    expect(prepare(adapter, { ...V2022, shop: 'demo-store' }).orderKey).toBe(
      'shoplazza:demo-store:1232123',
    );
    expect(() => prepare(adapter, { ...V2022, shop: 'other-store' })).toThrow(
      expect.objectContaining({ field: 'shop' }) as Error,
    );
  });
});

describe('shoplazzaAdapter: refusals before sending', () => {
  const without = (request: RefundRequest, field: string) =>
    Object.fromEntries(Object.entries(request).filter(([key]) => key !== field));

  it.each([
    ['apiVersion left out', without(V2022, 'apiVersion'), 'apiVersion'],
    ['an unknown apiVersion', { ...V2022, apiVersion: '2023-01' }, 'apiVersion'],
    ['2022-01: returnGoods left out', without(V2022, 'returnGoods'), 'returnGoods'],
    [
      '2022-01: amount as a number',
      { ...V2022, amount: { currency: 'USD', amount: 0.3 } },
      'amount.amount',
    ],
    ['2022-01: too many decimals', { ...V2022, amount: usd('0.301') }, 'amount.amount'],
    [
      '2022-01: an unknown currency',
      { ...V2022, amount: { currency: 'XYZ', amount: '1' } },
      'amount.currency',
    ],
    ['2022-01: a reason', { ...V2022, reason: { text: 'x' } }, 'reason'],
    ['2022-01: a 2024-07 field', { ...V2022, payments: [] }, 'payments'],
    [
      '2022-01: a zero quantity',
      { ...V2022, lines: [{ lineId: 'LI1', quantity: 0 }] },
      'lines[0].quantity',
    ],
    [
      '2022-01: an empty line id',
      { ...V2022, lines: [{ lineId: '', quantity: 1 }] },
      'lines[0].lineId',
    ],
    ['2024-07: payments left out', without(V2024, 'payments'), 'payments'],
    ['2024-07: productAmount left out', without(V2024, 'productAmount'), 'productAmount'],
    [
      '2024-07: payments that do not add up',
      { ...V2024, payments: [{ paymentLineId: 'PAY1', amount: usd('19.99') }] },
      'payments',
    ],
    [
      '2024-07: a payment in another currency',
      {
        ...V2024,
        payments: [{ paymentLineId: 'PAY1', amount: { currency: 'EUR', amount: '20' } }],
      },
      'payments[0].amount.currency',
    ],
    [
      '2024-07: shipping in another currency',
      { ...V2024, shipping: { currency: 'EUR', amount: '1' } },
      'shipping.currency',
    ],
    [
      '2024-07: a fee without a name',
      { ...V2024, additionalFees: [{ name: '', amount: usd('1') }] },
      'additionalFees[0].name',
    ],
    [
      '2024-07: a negative waitingShipQuantity',
      { ...V2024, lines: [{ lineId: 'LI1', quantity: 1, waitingShipQuantity: -1 }] },
      'lines[0].waitingShipQuantity',
    ],
    ['2024-07: a 2022-01 field', { ...V2024, returnGoods: true }, 'returnGoods'],
    ['wholeOrder', { ...V2022, wholeOrder: true }, 'wholeOrder'],
  ])('refuses %s', (_name, request, field) => {
    const adapter = shoplazzaAdapter(fakeStore('demo-store', []));
    let error: unknown;
    try {
      prepare(adapter, request);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe(field);
  });
});

describe('shoplazzaAdapter: an unknown outcome', () => {
  it('cannot be reconciled, and says where to look', async () => {
    const adapter = shoplazzaAdapter(fakeStore('demo-store', []));
    const prepared = prepare(adapter, V2022);
    expect(adapter.capabilities.reconciliation).toBe('none');
    expect((await adapter.reconcile(prepared, undefined, call)).outcome).toBe('inconclusive');
    const advice = adapter.unknownAdvice(prepared);
    expect(advice.check).toContain('1232123');
    expect(advice.check).toContain('0.30 USD');
    expect(advice.where).toContain('demo-store');
  });
});
