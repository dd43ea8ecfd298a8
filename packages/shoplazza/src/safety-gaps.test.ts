/**
 * The safety gaps of issue 9 (client part), each written first against the client before the
 * fix: unknown fields, array holes, path ids, `raw` middleware, secrets in validation errors,
 * currency exponents, unknown option keys, ids in answers.
 */
import { LocalValidationError } from '@refundkit/http';
import { expectNoSecrets, fakeFetch, json, specRequestValidator } from '@refundkit/test-kit';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient, type ShoplazzaClient } from './client.js';
import type { ShoplazzaClientOptions } from './options.js';

const TOKEN = 'shpat_gap_0123456789_SECRET';
const SUCCESS_2024 = { code: 'SUCCESS', message: 'ok', data: { refund_record_id: 'R1' } };
const ORDER_2022 = { Id: 'r1', Status: 'finished' };
const validate2022 = specRequestValidator('shoplazza', 'partialRefund');

function setup(answer: Response, options: Partial<ShoplazzaClientOptions> = {}) {
  const { fetch, sent } = fakeFetch(answer);
  const client = createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, fetch, ...options });
  return { client, sent };
}

/** Calls `call` on a fresh client; it must throw LocalValidationError with nothing sent. */
async function refused(
  call: (client: ShoplazzaClient) => Promise<unknown>,
  answer: Response = json(SUCCESS_2024),
): Promise<LocalValidationError> {
  const { client, sent } = setup(answer);
  let error: unknown;
  try {
    await call(client);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(LocalValidationError);
  expect(sent).toHaveLength(0);
  expectNoSecrets(error, [TOKEN]);
  return error as LocalValidationError;
}

// Calls with input the types forbid, as JavaScript callers and queue messages send it.
const partialRefund = (c: ShoplazzaClient, body: unknown, id: unknown = '1') =>
  c.partialRefund(id as string, body as never);
const refundOrder = (c: ShoplazzaClient, body: unknown, id: unknown = '1') =>
  c.refundOrder(id as string, body as never);

describe('unknown body fields are refused at every depth', () => {
  test('a misspelt line_item (2022-01) is refused instead of refunding price with no lines', async () => {
    const body = { is_return: false, price: '81.00', line_item: [{ id: 'L1', quantity: 1 }] };
    const error = await refused((c) => partialRefund(c, body), json(ORDER_2022));
    expect(error).toMatchObject({ field: 'line_item', rule: 'unknown_field' });
  });

  test.each<[string, unknown, string]>([
    [
      'line_items[0]',
      { is_return: false, price: '1.00', line_items: [{ id: 'L1', quantity: 1, qty: 2 }] },
      'line_items[0].qty',
    ],
    ['top level', { is_return: false, price: '1.00', toJSON: 'x' }, 'toJSON'],
  ])('2022-01 %s', async (_where, body, field) => {
    const error = await refused((c) => partialRefund(c, body), json(ORDER_2022));
    expect(error).toMatchObject({ field, rule: 'unknown_field', operation: 'partialRefund' });
  });

  test.each<[string, unknown, string]>([
    ['top level', { refund_total: '1.00', refund_payment: [] }, 'refund_payment'],
    [
      'refund_line_items[0]',
      { refund_total: '1.00', refund_line_items: [{ line_item_id: 'L', restock: true }] },
      'refund_line_items[0].restock',
    ],
    [
      'refund_payments[0]',
      {
        refund_total: '1.00',
        refund_payments: [{ payment_line_id: 'P', refund_price: '1.00', amount: '1.00' }],
      },
      'refund_payments[0].amount',
    ],
    [
      'refund_additional_prices[0]',
      { refund_total: '1.00', refund_additional_prices: [{ name: 'Fee', amount: '1' }] },
      'refund_additional_prices[0].amount',
    ],
  ])('2024-07 %s', async (_where, body, field) => {
    const error = await refused((c) => refundOrder(c, body));
    expect(error).toMatchObject({ field, rule: 'unknown_field', operation: 'refundOrder' });
  });

  test('a key holding the token is masked in the error', async () => {
    const error = await refused((c) => refundOrder(c, { refund_total: '1.00', [TOKEN]: 1 }));
    expect(error.rule).toBe('unknown_field');
  });
});

describe('the sent body is built from the checked fields only', () => {
  test('in the spec field order, whatever order the caller used', async () => {
    const { client, sent } = setup(json(ORDER_2022));
    await client.partialRefund('1', {
      line_items: [{ quantity: 1, id: 'L1' }],
      price: '1.00',
      is_return: false,
    });
    expect(sent[0]?.body).toBe(
      '{"is_return":false,"price":"1.00","line_items":[{"id":"L1","quantity":1}]}',
    );
  });

  test('a getter that changes after the check cannot put unchecked money on the wire', async () => {
    // Valid on the first read, not afterwards: a client that checks the caller's object and
    // then serialises it sends "-5" unchecked.
    let reads = 0;
    const body = {
      is_return: false,
      get price() {
        reads++;
        return reads === 1 ? '1.00' : '-5';
      },
    };
    const { client, sent } = setup(json(ORDER_2022));
    const error = await client.partialRefund('1', body).catch((caught: unknown) => caught);
    if (sent.length === 0) expect(error).toBeInstanceOf(LocalValidationError);
    else expect(validate2022(sent[0]?.body ?? '')).toEqual([]);
  });

  test('a bigint quantity (int64 in the spec) is sent as digits', async () => {
    const { client, sent } = setup(json(ORDER_2022));
    await client.partialRefund('1', {
      is_return: false,
      price: '1.00',
      line_items: [{ id: 'L1', quantity: 2n }],
    });
    expect(sent[0]?.body).toContain('"quantity":2}');
  });
});

describe('array holes and non-objects in arrays', () => {
  test.each<[string, (c: ShoplazzaClient) => Promise<unknown>, string]>([
    [
      'line_items: [,]',
      // eslint-disable-next-line no-sparse-arrays -- the hole is the point
      (c) => partialRefund(c, { is_return: true, price: '1', line_items: [,] }),
      'line_items[0]',
    ],
    [
      'refund_payments: [,]',
      // eslint-disable-next-line no-sparse-arrays -- the hole is the point
      (c) => refundOrder(c, { refund_total: '0', refund_payments: [,] }),
      'refund_payments[0]',
    ],
    [
      'a hole after a valid item',
      (c) =>
        refundOrder(c, {
          refund_total: '1',
          // eslint-disable-next-line no-sparse-arrays -- the hole is the point
          refund_line_items: [{ line_item_id: 'L' }, , { line_item_id: 'M' }],
        }),
      'refund_line_items[1]',
    ],
  ])('%s is refused', async (_name, call, field) => {
    const error = await refused(call);
    expect(error).toMatchObject({ field, rule: 'required' });
  });

  test.each([['a string'], [7], [['nested']]])('a %j item is refused', async (item) => {
    const error = await refused((c) =>
      refundOrder(c, { refund_total: '1', refund_additional_prices: [item] }),
    );
    expect(error.field).toBe('refund_additional_prices[0]');
  });
});

describe('path ids', () => {
  test.each<[string, unknown]>([
    ['a lone surrogate', '\udc00'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a fraction', 1.5],
    ['a number beyond 2^53', 2 ** 53 + 2],
    ['zero', 0],
  ])('%s is a LocalValidationError, nothing sent', async (_name, id) => {
    for (const call of [partialRefund, refundOrder]) {
      const error = await refused((c) =>
        call(c, { is_return: true, price: '1', refund_total: '1' }, id),
      );
      expect(error.field).toBe('orderId');
    }
  });

  test('number and bigint ids are sent as exact digits', async () => {
    const { client, sent } = setup(json(SUCCESS_2024));
    await client.refundOrder(1232123, { refund_total: '1.00' });
    await client.refundOrder(2n ** 60n, { refund_total: '1.00' });
    expect(sent.map((request) => request.url)).toEqual([
      'https://mystore.myshoplaza.com/openapi/2024-07/orders/1232123/refund',
      `https://mystore.myshoplaza.com/openapi/2024-07/orders/${2n ** 60n}/refund`,
    ]);
  });
});

describe('middleware on raw never reaches a wrapped call', () => {
  test('partialRefund and refundOrder go through a private instance', async () => {
    const seen: string[] = [];
    const { fetch, sent } = fakeFetch(json(ORDER_2022), json(SUCCESS_2024), json(ORDER_2022));
    const client = createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, fetch });
    client.raw.use({
      onRequest({ request }) {
        seen.push(request.url);
        return new Request('https://mystore.myshoplaza.com/stolen', request);
      },
    });
    await client.partialRefund('1', { is_return: false, price: '1.00' });
    await client.refundOrder('1', { refund_total: '1.00' });
    expect(seen).toEqual([]);
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual([
      '/openapi/2022-01/orders/1/partial_refund',
      '/openapi/2024-07/orders/1/refund',
    ]);
    // The middleware does run on raw itself: the test above is not vacuous.
    await client.raw.POST('/openapi/2022-01/orders/{id}/partial_refund', {
      params: { path: { id: '1' } },
      body: { is_return: false, price: '1.00' },
    });
    expect(seen).toHaveLength(1);
  });
});

describe('secrets in validation errors', () => {
  test.each<[string, (c: ShoplazzaClient) => Promise<unknown>]>([
    ['price', (c) => partialRefund(c, { is_return: true, price: TOKEN })],
    ['refund_tip', (c) => refundOrder(c, { refund_total: '1', refund_tip: TOKEN })],
    ['orderId', (c) => refundOrder(c, { refund_total: '1' }, ` ${TOKEN}`)],
    ['options.currency', (c) => c.refundOrder('1', { refund_total: '1' }, { currency: TOKEN })],
  ])('a token pasted into %s is not quoted back', async (_field, call) => {
    await refused(call);
  });
});

describe('currency exponents (ISO 4217, not Intl)', () => {
  test('HUF "1500.50" is accepted with currency HUF (Intl says 0 decimals)', async () => {
    const { client, sent } = setup(json(SUCCESS_2024), { currency: 'HUF' });
    await client.refundOrder('1', { refund_total: '1500.50' });
    await client.partialRefund('1', { is_return: false, price: '1500.50' }, { currency: 'HUF' });
    expect(sent).toHaveLength(2);
  });

  test('an unknown currency code is refused clearly, per call and per client', async () => {
    const error = await refused((c) =>
      c.refundOrder('1', { refund_total: '1' }, { currency: 'XYZ' }),
    );
    expect(error).toMatchObject({ field: 'options.currency', rule: 'currency' });
    expect(error.message).toContain('ISO 4217');
    expect(() =>
      createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, currency: 'ABC' }),
    ).toThrow(LocalValidationError);
  });
});

describe('unknown option keys', () => {
  test('a misspelt client option is refused', () => {
    let error: unknown;
    try {
      createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, timeoutMS: 5 } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field: 'timeoutMS', rule: 'unknown_field' });
  });

  test('a misspelt per-call option is refused', async () => {
    const error = await refused((c) =>
      c.refundOrder('1', { refund_total: '1' }, { timeoutMS: 5 } as never),
    );
    expect(error).toMatchObject({ field: 'options.timeoutMS', rule: 'unknown_field' });
  });
});

describe('ids in answers are strings', () => {
  test('2022-01 integer ids come back as exact digit strings', async () => {
    const text =
      '{"Id":9007199254740993,"Status":"finished","Order":{"Id":42,"ShippingLine":{"Id":7,"Name":"x","ShippingPrice":"1.00"},"Customer":{"UserId":8}}}';
    const { client } = setup(new Response(text, { status: 200 }));
    const result = await client.partialRefund('1', { is_return: false, price: '1.00' });
    expect(result.Id).toBe('9007199254740993');
    expect(result.Order?.Id).toBe('42');
    expect(result.Order?.ShippingLine?.Id).toBe('7');
    expect(result.Order?.Customer?.UserId).toBe('8');
  });

  test('2024-07 integer ids come back as exact digit strings', async () => {
    const text =
      '{"code":"SUCCESS","data":{"refund_record_id":12345678901234567890,"post_sale_id":5}}';
    const { client } = setup(new Response(text, { status: 200 }));
    const result = await client.refundOrder('1', { refund_total: '1.00' });
    expect(result).toEqual({ refund_record_id: '12345678901234567890', post_sale_id: '5' });
  });
});
