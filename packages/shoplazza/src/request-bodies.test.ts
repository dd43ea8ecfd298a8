import { LocalValidationError } from '@refundkit/http';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient } from './client.js';
import { fakeFetch, json } from '@refundkit/test-kit';
import type { ShoplazzaClientOptions, ShoplazzaRequestOptions } from './options.js';

const SUCCESS_2024 = { code: 'SUCCESS', message: 'ok', data: { refund_record_id: 'R1' } };

function setup(options: Partial<ShoplazzaClientOptions> = {}) {
  const fake = fakeFetch(json({ Id: 'r1' }));
  const client = createShoplazzaClient({
    shop: 'mystore',
    accessToken: 'tok_validate',
    fetch: fake.fetch,
    ...options,
  });
  return { client, calls: fake.sent };
}

/** Runs a call that must be refused locally; returns the error and asserts nothing was sent. */
async function refused(
  call: (client: ReturnType<typeof setup>['client']) => Promise<unknown>,
  options: Partial<ShoplazzaClientOptions> = {},
): Promise<LocalValidationError> {
  const { client, calls } = setup(options);
  const error = await call(client).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalValidationError);
  expect(calls).toHaveLength(0);
  return error as LocalValidationError;
}

const valid2022 = { is_return: true, price: '81.00', line_items: [{ id: 'L1', quantity: 1 }] };

describe('partialRefund (2022-01) local validation', () => {
  test.each<[string, unknown, string, string]>([
    ['a body that is not an object', null, 'body', 'object'],
    ['a missing is_return', { price: '1.00' }, 'is_return', 'required'],
    ['a non-boolean is_return', { is_return: 'yes', price: '1.00' }, 'is_return', 'boolean'],
    ['a missing price', { is_return: false }, 'price', 'required'],
    ['a numeric price', { is_return: false, price: 81 }, 'price', 'decimal_string'],
    ['a negative price', { is_return: false, price: '-1.00' }, 'price', 'decimal_string'],
    ['an exponent price', { is_return: false, price: '1e3' }, 'price', 'decimal_string'],
    ['a padded price', { is_return: false, price: ' 1.00' }, 'price', 'decimal_string'],
    ['a comma price', { is_return: false, price: '1,00' }, 'price', 'decimal_string'],
    [
      '4 decimals with no currency',
      { is_return: false, price: '1.0001' },
      'price',
      'currency_decimals',
    ],
    ['line_items not an array', { ...valid2022, line_items: {} }, 'line_items', 'array'],
    ['a null line item', { ...valid2022, line_items: [null] }, 'line_items[0]', 'required'],
    ['a string line item', { ...valid2022, line_items: ['L1'] }, 'line_items[0]', 'object'],
    [
      'a line item without id',
      { ...valid2022, line_items: [{ quantity: 1 }] },
      'line_items[0].id',
      'required',
    ],
    [
      'an empty line item id',
      { ...valid2022, line_items: [{ id: ' ', quantity: 1 }] },
      'line_items[0].id',
      'non_empty_string',
    ],
    [
      'a missing quantity',
      { ...valid2022, line_items: [{ id: 'L1' }] },
      'line_items[0].quantity',
      'required',
    ],
    [
      'a zero quantity',
      { ...valid2022, line_items: [{ id: 'L1', quantity: 0 }] },
      'line_items[0].quantity',
      'positive_integer',
    ],
    [
      'a negative quantity',
      { ...valid2022, line_items: [{ id: 'L1', quantity: -1 }] },
      'line_items[0].quantity',
      'positive_integer',
    ],
    [
      'a fractional quantity',
      { ...valid2022, line_items: [{ id: 'L1', quantity: 1.5 }] },
      'line_items[0].quantity',
      'positive_integer',
    ],
    [
      'a string quantity',
      { ...valid2022, line_items: [{ id: 'L1', quantity: '1' }] },
      'line_items[0].quantity',
      'positive_integer',
    ],
    [
      'a bad second item',
      {
        ...valid2022,
        line_items: [
          { id: 'L1', quantity: 1 },
          { id: 'L2', quantity: 0 },
        ],
      },
      'line_items[1].quantity',
      'positive_integer',
    ],
  ])('refuses %s', async (_name, body, field, rule) => {
    const error = await refused((c) => c.partialRefund('1', body as never));
    expect(error).toMatchObject({ field, rule, operation: 'partialRefund' });
  });

  test.each(['', '.', '..', ' 1', '1 ', '1\n', 'a\u0000b'])(
    'refuses the order id %j',
    async (id) => {
      const error = await refused((c) => c.partialRefund(id, valid2022));
      expect(error).toMatchObject({ field: 'orderId', rule: 'path_id' });
    },
  );

  test('uses the currency for the decimals: client option, then the call', async () => {
    const body = { is_return: false, price: '81.5' };
    expect(await refused((c) => c.partialRefund('1', body), { currency: 'JPY' })).toMatchObject({
      field: 'price',
      rule: 'currency_decimals',
    });
    expect(
      await refused((c) => c.partialRefund('1', { is_return: false, price: '1.005' }), {
        currency: 'USD',
      }),
    ).toMatchObject({ field: 'price', rule: 'currency_decimals' });

    // KWD has 3 decimals: the call's currency wins over the client's JPY.
    const { client, calls } = setup({ currency: 'JPY' });
    await client.partialRefund('1', { is_return: false, price: '1.005' }, { currency: 'KWD' });
    expect(calls).toHaveLength(1);
  });

  test('allows up to 3 decimals when no currency is known', async () => {
    const { client, calls } = setup();
    await client.partialRefund('1', { is_return: false, price: '1.005' });
    expect(calls).toHaveLength(1);
  });

  test('refuses a bad call option', async () => {
    expect(await refused((c) => c.partialRefund('1', valid2022, { currency: 'US' }))).toMatchObject(
      { field: 'options.currency', rule: 'currency' },
    );
    expect(await refused((c) => c.partialRefund('1', valid2022, { timeoutMs: 0 }))).toMatchObject({
      field: 'options.timeoutMs',
    });
    expect(await refused((c) => c.partialRefund('1', valid2022, { maxRetries: -1 }))).toMatchObject(
      { field: 'options.maxRetries' },
    );
    expect(
      await refused((c) =>
        c.partialRefund('1', valid2022, { signal: 'x' } as unknown as ShoplazzaRequestOptions),
      ),
    ).toMatchObject({ field: 'options.signal' });
  });
});

const valid2024 = {
  refund_total: '90.00',
  refund_line_items: [
    { line_item_id: 'LI1', quantity: 2, waiting_ship_quantity: 0, return_inventory: true },
  ],
  refund_payments: [{ payment_line_id: 'PAY1', refund_price: '90.00' }],
  refund_additional_prices: [{ name: 'Fee', price: '5.00' }],
};

describe('refundOrder (2024-07) local validation', () => {
  test.each<[string, unknown, string, string]>([
    ['a body that is not an object', [], 'body', 'object'],
    ['a missing refund_total', { note: 'x' }, 'refund_total', 'required'],
    ['a numeric refund_total', { refund_total: 90 }, 'refund_total', 'decimal_string'],
    ['a numeric refund_tip', { refund_total: '1', refund_tip: 5 }, 'refund_tip', 'decimal_string'],
    [
      'a bad refund_shipping_total',
      { refund_total: '1', refund_shipping_total: '1,0' },
      'refund_shipping_total',
      'decimal_string',
    ],
    [
      'a bad refund_additional_total',
      { refund_total: '1', refund_additional_total: '-1' },
      'refund_additional_total',
      'decimal_string',
    ],
    [
      'a bad refund_product_total',
      { refund_total: '1', refund_product_total: '1.00001' },
      'refund_product_total',
      'currency_decimals',
    ],
    ['a numeric note', { refund_total: '1', note: 5 }, 'note', 'string'],
    [
      'refund_line_items not an array',
      { refund_total: '1', refund_line_items: 'LI1' },
      'refund_line_items',
      'array',
    ],
    [
      'a line item without id',
      { refund_total: '1', refund_line_items: [{ quantity: 1 }] },
      'refund_line_items[0].line_item_id',
      'required',
    ],
    [
      'a zero quantity',
      { refund_total: '1', refund_line_items: [{ line_item_id: 'L', quantity: 0 }] },
      'refund_line_items[0].quantity',
      'positive_integer',
    ],
    [
      'a negative waiting_ship_quantity',
      { refund_total: '1', refund_line_items: [{ line_item_id: 'L', waiting_ship_quantity: -1 }] },
      'refund_line_items[0].waiting_ship_quantity',
      'non_negative_integer',
    ],
    [
      'a string return_inventory',
      { refund_total: '1', refund_line_items: [{ line_item_id: 'L', return_inventory: 'true' }] },
      'refund_line_items[0].return_inventory',
      'boolean',
    ],
    [
      'a payment without refund_price',
      { refund_total: '1', refund_payments: [{ payment_line_id: 'P' }] },
      'refund_payments[0].refund_price',
      'required',
    ],
    [
      'a payment without payment_line_id',
      { refund_total: '1', refund_payments: [{ refund_price: '1' }] },
      'refund_payments[0].payment_line_id',
      'required',
    ],
    [
      'a numeric refund_price',
      { refund_total: '1', refund_payments: [{ payment_line_id: 'P', refund_price: 1 }] },
      'refund_payments[0].refund_price',
      'decimal_string',
    ],
    [
      'a numeric additional price',
      { refund_total: '1', refund_additional_prices: [{ name: 'Fee', price: 5 }] },
      'refund_additional_prices[0].price',
      'decimal_string',
    ],
    [
      'a numeric additional name',
      { refund_total: '1', refund_additional_prices: [{ name: 5 }] },
      'refund_additional_prices[0].name',
      'string',
    ],
  ])('refuses %s', async (_name, body, field, rule) => {
    const error = await refused((c) => c.refundOrder('1', body as never));
    expect(error).toMatchObject({ field, rule, operation: 'refundOrder' });
  });

  test.each(['', '..', '.', '\t1'])('refuses the order id %j', async (id) => {
    const error = await refused((c) => c.refundOrder(id, valid2024));
    expect(error).toMatchObject({ field: 'orderId', rule: 'path_id' });
  });

  test('refund_total must equal the exact sum of refund_payments', async () => {
    const body = {
      refund_total: '90.01',
      refund_payments: [
        { payment_line_id: 'P1', refund_price: '50.00' },
        { payment_line_id: 'P2', refund_price: '40.00' },
      ],
    };
    const error = await refused((c) => c.refundOrder('1', body), { currency: 'USD' });
    expect(error).toMatchObject({ field: 'refund_total', rule: 'refund_payments_sum' });
    expect(error.message).toContain('(90.00)');
  });

  test('sums in minor units, where floats would be wrong', async () => {
    // In floating point 0.1 + 0.2 === 0.30000000000000004, not 0.3.
    expect(0.1 + 0.2).not.toBe(0.3);
    const payments = [
      { payment_line_id: 'P1', refund_price: '0.1' },
      { payment_line_id: 'P2', refund_price: '0.2' },
    ];
    for (const total of ['0.3', '0.30']) {
      const fake = fakeFetch(json(SUCCESS_2024));
      const c = createShoplazzaClient({ shop: 'mystore', accessToken: 'tok_x', fetch: fake.fetch });
      await c.refundOrder(
        '1',
        { refund_total: total, refund_payments: payments },
        { currency: 'USD' },
      );
      expect(fake.sent).toHaveLength(1);
    }

    // Beyond 2^53 minor units, where doubles cannot even hold the amounts.
    const big = fakeFetch(json(SUCCESS_2024));
    const c = createShoplazzaClient({ shop: 'mystore', accessToken: 'tok_x', fetch: big.fetch });
    await c.refundOrder('1', {
      refund_total: '90071992547409.93',
      refund_payments: [
        { payment_line_id: 'P1', refund_price: '90071992547409.91' },
        { payment_line_id: 'P2', refund_price: '0.02' },
      ],
    });
    expect(big.sent).toHaveLength(1);
    expect(JSON.parse(big.sent[0]!.body)).toMatchObject({ refund_total: '90071992547409.93' });

    const off = await refused((cl) =>
      cl.refundOrder('1', {
        refund_total: '0.31',
        refund_payments: payments,
      }),
    );
    expect(off).toMatchObject({ field: 'refund_total', rule: 'refund_payments_sum' });
    expect(off.message).toContain('(0.300)');
  });

  test('an empty refund_payments list sums to zero', async () => {
    const error = await refused((c) =>
      c.refundOrder('1', { refund_total: '10.00', refund_payments: [] }),
    );
    expect(error).toMatchObject({ field: 'refund_total', rule: 'refund_payments_sum' });
  });

  test('money decimals follow the currency', async () => {
    expect(
      await refused((c) => c.refundOrder('1', { refund_total: '1.5' }, { currency: 'JPY' })),
    ).toMatchObject({ field: 'refund_total', rule: 'currency_decimals' });
    expect(await refused((c) => c.refundOrder('1', valid2024, { currency: 'JPY' }))).toMatchObject({
      field: 'refund_total',
      rule: 'currency_decimals',
    });
  });

  test('a fully documented body passes', async () => {
    const fake = fakeFetch(json(SUCCESS_2024));
    const c = createShoplazzaClient({ shop: 'mystore', accessToken: 'tok_x', fetch: fake.fetch });
    await c.refundOrder('1', valid2024, { currency: 'USD' });
    expect(fake.sent).toHaveLength(1);
  });
});
