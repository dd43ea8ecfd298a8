import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../spec.js';
import { startSandbox } from '../start.js';
import type { Sandbox } from '../sandbox.js';

const NOW = Date.parse('2024-06-24T08:17:59.000Z');
const TOKEN = 'sandbox-shoplazza-access-token';
const SHIRT = '31d95f28-baf0-47c9-ad53-dbf3833f1b85'; // 2 × 81.00, all unshipped
const TOTE = 'LI123'; // 3 × 35.00, 1 unshipped
// Order 1232123 (USD): 162.00 + 105.00 + 10.00 shipping = 277.00.
const USD_ORDER = '1232123';
const JPY_ORDER = '1232124'; // 2 × 4500 JPY
const KWD_ORDER = '1232125'; // 4 × 2.125 KWD

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => NOW });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function post(
  path: string,
  body: unknown,
  options: { shop?: string; token?: string | null; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['access-token'] = token;
  const response = await fetch(`${sandbox.shoplazzaBaseUrl(options.shop ?? 'demo-store')}${path}`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const partialRefund = (orderId: string, body: unknown, options?: Parameters<typeof post>[2]) =>
  post(`/openapi/2022-01/orders/${orderId}/partial_refund`, body, options);
const refundOrder = (orderId: string, body: unknown, options?: Parameters<typeof post>[2]) =>
  post(`/openapi/2024-07/orders/${orderId}/refund`, body, options);

function errors2022(answer: Answer): string {
  return (answer.body['errors'] as string[]).join('\n');
}

describe('shoplazza: the spec examples', () => {
  const spec = loadSpec('shoplazza') as unknown as {
    paths: Record<
      string,
      {
        post: {
          parameters: { example: string }[];
          requestBody: {
            content: { 'application/json': { examples: Record<string, { value: unknown }> } };
          };
        };
      }
    >;
  };

  for (const template of [
    '/openapi/2022-01/orders/{id}/partial_refund',
    '/openapi/2024-07/orders/{order_id}/refund',
  ]) {
    const operation = spec.paths[template]!.post;
    const orderId = operation.parameters[0]!.example;
    for (const [name, { value }] of Object.entries(
      operation.requestBody.content['application/json'].examples,
    )) {
      it(`${template} example "${name}" succeeds against a fresh sandbox`, async () => {
        sandbox.reset();
        const path = template.replace(/\{[^}]+\}/, orderId);
        const answer = await post(path, value);
        expect(answer.status).toBe(200);
        if (template.includes('2024-07')) expect(answer.body['code']).toBe('SUCCESS');
        else expect(answer.body['Status']).toBe('finished');
        expect(sandbox.ledger({ provider: 'shoplazza' })).toHaveLength(1);
      });
    }
  }
});

describe('shoplazza: store and authentication', () => {
  it('answers 404 for a store that does not exist, in each version’s error style', async () => {
    const old = await partialRefund(
      USD_ORDER,
      { is_return: false, price: '1.00' },
      { shop: 'nope' },
    );
    expect(old.status).toBe(404);
    expect(errors2022(old)).toMatch(/Shop not found.*nope/);
    const recent = await refundOrder(USD_ORDER, { refund_total: '1.00' }, { shop: 'nope' });
    expect(recent.status).toBe(404);
    expect(recent.body).toMatchObject({
      code: 'NotFound',
      message: expect.stringMatching(/nope/) as string,
    });
  });

  it('2022-01: a missing access-token is 401 {error}', async () => {
    const answer = await partialRefund(
      USD_ORDER,
      { is_return: false, price: '1.00' },
      { token: null },
    );
    expect(answer).toEqual({
      status: 401,
      body: { error: 'Unauthorized: missing access-token header' },
    });
  });

  it('2024-07: a wrong access-token is 401 {code: "Unauthorized"}', async () => {
    const answer = await refundOrder(USD_ORDER, { refund_total: '1.00' }, { token: 'wrong' });
    expect(answer).toEqual({
      status: 401,
      body: { code: 'Unauthorized', message: 'Unauthorized: invalid access-token' },
    });
    expect(sandbox.ledger()).toHaveLength(0);
  });
});

describe('shoplazza: schema violations', () => {
  it('2022-01: a value breaking the spec is 422 naming the field', async () => {
    const answer = await partialRefund(USD_ORDER, { is_return: false, price: '81,00' });
    expect(answer.status).toBe(422);
    expect(answer.body['errors']).toEqual(['price: must match pattern "^\\d+(\\.\\d+)?$"']);
  });

  it('2022-01: a missing field or a wrong type is 400 (malformed), every field named', async () => {
    const answer = await partialRefund(USD_ORDER, {
      is_return: 'yes',
      line_items: [{ id: SHIRT }],
    });
    expect(answer.status).toBe(400);
    expect(errors2022(answer)).toContain('price: is required');
    expect(errors2022(answer)).toContain('is_return: must be boolean');
    expect(errors2022(answer)).toContain('line_items[0].quantity: is required');
  });

  it('2022-01: a body that is not JSON is 400', async () => {
    const answer = await partialRefund(USD_ORDER, undefined, { raw: '{"price": ' });
    expect(answer).toEqual({ status: 400, body: { errors: ['(body): is not valid JSON'] } });
  });

  it('2024-07: a value breaking the spec is 400 InvalidParameter naming the field', async () => {
    const answer = await refundOrder(USD_ORDER, { refund_total: 10 });
    expect(answer).toEqual({
      status: 400,
      body: { code: 'InvalidParameter', message: 'refund_total: must be string' },
    });
  });
});

describe('shoplazza: orders and line items', () => {
  it('2022-01: an unknown order is 404 "Order not found"', async () => {
    const answer = await partialRefund('999', { is_return: false, price: '1.00' });
    expect(answer.status).toBe(404);
    expect(errors2022(answer)).toMatch(/^Order not found/);
  });

  it('2024-07: an unknown order is 400 OrderNotFound', async () => {
    const answer = await refundOrder('999', { refund_total: '1.00' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'OrderNotFound' });
  });

  it('2022-01: an unknown line item is 404 naming it', async () => {
    const answer = await partialRefund(USD_ORDER, {
      is_return: true,
      price: '1.00',
      line_items: [{ id: 'nope', quantity: 1 }],
    });
    expect(answer.status).toBe(404);
    expect(errors2022(answer)).toContain('line_items[0].id: line item "nope" not found');
  });

  it('2024-07: an unknown line item is 400 LineItemNotFound', async () => {
    const answer = await refundOrder(USD_ORDER, {
      refund_total: '1.00',
      refund_line_items: [{ line_item_id: 'nope', quantity: 1 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'LineItemNotFound',
      message: expect.stringContaining('refund_line_items[0].line_item_id') as string,
    });
  });

  it('2024-07: an entry without line_item_id is 400 InvalidParameter', async () => {
    const answer = await refundOrder(USD_ORDER, {
      refund_total: '1.00',
      refund_line_items: [{ quantity: 1 }],
    });
    expect(answer.body).toEqual({
      code: 'InvalidParameter',
      message: 'refund_line_items[0].line_item_id: is required',
    });
  });
});

describe('shoplazza: quantities', () => {
  it('2022-01: duplicates of a line are summed against what is left (422)', async () => {
    const answer = await partialRefund(USD_ORDER, {
      is_return: true,
      price: '10.00',
      line_items: [
        { id: SHIRT, quantity: 1 },
        { id: SHIRT, quantity: 2 },
      ],
    });
    expect(answer.status).toBe(422);
    expect(errors2022(answer)).toContain(
      `line_items[1].quantity: 3 requested for line item "${SHIRT}" but only 2 of 2 can still be refunded`,
    );
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('2024-07: units refunded by one request are gone for the next', async () => {
    const first = await refundOrder(USD_ORDER, {
      refund_total: '70.00',
      refund_line_items: [{ line_item_id: TOTE, quantity: 2 }],
    });
    expect(first.status).toBe(200);
    const second = await refundOrder(USD_ORDER, {
      refund_total: '70.00',
      refund_line_items: [{ line_item_id: TOTE, quantity: 2 }],
    });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({
      code: 'RefundQuantityExceeded',
      message: expect.stringContaining('only 1 of 3 can still be refunded') as string,
    });
  });

  it('2022-01: a quantity below 1 is refused (422)', async () => {
    const answer = await partialRefund(USD_ORDER, {
      is_return: true,
      price: '1.00',
      line_items: [{ id: SHIRT, quantity: 0 }],
    });
    expect(answer.status).toBe(422);
    expect(errors2022(answer)).toContain('line_items[0].quantity: must be at least 1');
  });

  it('2024-07: waiting_ship_quantity may not exceed the entry’s quantity', async () => {
    const answer = await refundOrder(USD_ORDER, {
      refund_total: '81.00',
      refund_line_items: [{ line_item_id: SHIRT, quantity: 1, waiting_ship_quantity: 2 }],
    });
    expect(answer.body).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining(
        'refund_line_items[0].waiting_ship_quantity: 2 is more than the entry',
      ) as string,
    });
  });

  it('2024-07: waiting_ship_quantity may not exceed the unshipped units, across requests', async () => {
    const tooMany = await refundOrder(USD_ORDER, {
      refund_total: '70.00',
      refund_line_items: [{ line_item_id: TOTE, quantity: 2, waiting_ship_quantity: 2 }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      code: 'RefundQuantityExceeded',
      message: expect.stringContaining('only 1 unit(s) of it are waiting to ship') as string,
    });
    const first = await refundOrder(USD_ORDER, {
      refund_total: '35.00',
      refund_line_items: [{ line_item_id: TOTE, quantity: 1, waiting_ship_quantity: 1 }],
    });
    expect(first.status).toBe(200);
    const again = await refundOrder(USD_ORDER, {
      refund_total: '35.00',
      refund_line_items: [{ line_item_id: TOTE, quantity: 1, waiting_ship_quantity: 1 }],
    });
    expect(again.body).toMatchObject({
      code: 'RefundQuantityExceeded',
      message: expect.stringContaining('only 0 unit(s)') as string,
    });
  });
});

describe('shoplazza: amounts', () => {
  it('2022-01: an amount with more decimals than JPY allows is refused (422)', async () => {
    const answer = await partialRefund(JPY_ORDER, { is_return: false, price: '1.5' });
    expect(answer.status).toBe(422);
    expect(errors2022(answer)).toContain(
      'price: "1.5" has more decimals than JPY allows (at most 0)',
    );
  });

  it('2024-07: JPY "1.5" is refused, also inside refund_payments', async () => {
    const answer = await refundOrder(JPY_ORDER, {
      refund_total: '1.5',
      refund_payments: [{ payment_line_id: 'P1', refund_price: '1.5' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('InvalidParameter');
    expect(answer.body['message']).toContain('refund_total: "1.5" has more decimals than JPY');
    expect(answer.body['message']).toContain('refund_payments[0].refund_price: "1.5"');
  });

  it('KWD "1.125" (3 decimals) is accepted, in both versions, and recorded exactly', async () => {
    const old = await partialRefund(KWD_ORDER, { is_return: false, price: '1.125' });
    expect(old.status).toBe(200);
    const recent = await refundOrder(KWD_ORDER, { refund_total: '1.125' });
    expect(recent.status).toBe(200);
    expect(sandbox.ledger({ orderId: KWD_ORDER }).map((e) => [e.amountMinor, e.amount])).toEqual([
      ['1125', '1.125'],
      ['1125', '1.125'],
    ]);
  });

  it('a zero amount is refused', async () => {
    const old = await partialRefund(USD_ORDER, { is_return: false, price: '0.00' });
    expect(old.status).toBe(422);
    expect(errors2022(old)).toContain('price: must be greater than 0');
    const recent = await refundOrder(USD_ORDER, { refund_total: '0' });
    expect(recent.body).toEqual({
      code: 'InvalidParameter',
      message: 'refund_total: must be greater than 0',
    });
  });

  it('2022-01: over-refund across two requests is 422, the exact rest succeeds, then 406', async () => {
    expect((await partialRefund(USD_ORDER, { is_return: false, price: '200.00' })).status).toBe(
      200,
    );
    const over = await partialRefund(USD_ORDER, { is_return: false, price: '77.01' });
    expect(over.status).toBe(422);
    expect(errors2022(over)).toContain('price: 77.01 is more than the 77.00 USD left to refund');
    const rest = await partialRefund(USD_ORDER, { is_return: false, price: '77.00' });
    expect(rest.status).toBe(200);
    expect(rest.body['AllRefunded']).toBe(true);
    const done = await partialRefund(USD_ORDER, { is_return: false, price: '0.01' });
    expect(done.status).toBe(406);
    expect(errors2022(done)).toMatch(/^After-sales is not included in current order/);
  });

  it('2024-07: over-refund across two requests is 400 RefundAmountExceeded, then OrderNotRefundable', async () => {
    expect((await refundOrder(USD_ORDER, { refund_total: '200.00' })).status).toBe(200);
    const over = await refundOrder(USD_ORDER, { refund_total: '77.01' });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      code: 'RefundAmountExceeded',
      message: expect.stringContaining('77.00 USD left') as string,
    });
    expect((await refundOrder(USD_ORDER, { refund_total: '77.00' })).status).toBe(200);
    const done = await refundOrder(USD_ORDER, { refund_total: '0.01' });
    expect(done.body).toMatchObject({ code: 'OrderNotRefundable' });
  });

  it('2024-07: refund_total must equal the exact sum of refund_payments (0.10 + 0.20 = 0.30)', async () => {
    const exact = await refundOrder(USD_ORDER, {
      refund_total: '0.30',
      refund_payments: [
        { payment_line_id: 'PAY1', refund_price: '0.10' },
        { payment_line_id: 'PAY2', refund_price: '0.20' },
      ],
    });
    expect(exact.status).toBe(200);
    const mismatch = await refundOrder(USD_ORDER, {
      refund_total: '0.30',
      refund_payments: [
        { payment_line_id: 'PAY1', refund_price: '0.10' },
        { payment_line_id: 'PAY2', refund_price: '0.1' },
      ],
    });
    expect(mismatch).toEqual({
      status: 400,
      body: {
        code: 'InvalidParameter',
        message:
          'refund_total: 0.30 does not equal the sum of refund_payments[].refund_price (0.20)',
      },
    });
    expect(sandbox.ledger().map((e) => e.amountMinor)).toEqual(['30']);
  });
});

describe('shoplazza: successful refunds', () => {
  it('2022-01: answers the refund order with an exact order snapshot and records it', async () => {
    const answer = await partialRefund(USD_ORDER, {
      is_return: true,
      price: '81.10',
      line_items: [{ id: SHIRT, quantity: 1 }],
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        Id: '5a0d0000-0000-4000-8000-000000000001',
        Status: 'finished',
        CreatedAt: '2024-06-24T08:17:59Z',
        Note: '',
        RefundFailReason: '',
        AllRefunded: false,
        RefundStatus: 'finished',
        Order: {
          Id: USD_ORDER,
          Currency: 'USD',
          TotalPrice: '277.00',
          TotalShipping: '10.00',
          SubTotal: '267.00',
          TotalRefundPrice: '81.10',
          UpdatedAt: '2024-06-24T08:17:59Z',
        },
      },
    });
    expect(sandbox.ledger()).toEqual([
      {
        id: 'led_000001',
        provider: 'shoplazza',
        shop: 'demo-store',
        operation: 'partialRefund',
        orderId: USD_ORDER,
        refundId: '5a0d0000-0000-4000-8000-000000000001',
        lines: [{ lineId: SHIRT, quantity: 1, amountMinor: '8100' }],
        amountMinor: '8110',
        amount: '81.10',
        currency: 'USD',
        status: 'applied',
        appliedAt: '2024-06-24T08:17:59.000Z',
        request: {
          method: 'POST',
          path: `/shoplazza/demo-store/openapi/2022-01/orders/${USD_ORDER}/partial_refund`,
          body: { is_return: true, price: '81.10', line_items: [{ id: SHIRT, quantity: 1 }] },
        },
        requestId: expect.stringMatching(/^sbx_\d+$/) as string,
      },
    ]);
  });

  it('2024-07: answers SUCCESS with the ids, the ledger sums duplicate lines exactly', async () => {
    const answer = await refundOrder(USD_ORDER, {
      refund_total: '105.00',
      refund_line_items: [
        { line_item_id: TOTE, quantity: 1 },
        { line_item_id: TOTE, quantity: 2 },
      ],
      refund_payments: [{ payment_line_id: 'PAY123', refund_price: '105.00' }],
      accessToken: 'leaked',
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        code: 'SUCCESS',
        message: 'Refund processed successfully',
        data: { refund_record_id: 'R000000000001', post_sale_id: 'A000000000001' },
      },
    });
    const [entry] = sandbox.ledger();
    expect(entry).toMatchObject({
      operation: 'refundOrder',
      refundId: 'R000000000001',
      lines: [{ lineId: TOTE, quantity: 3, amountMinor: '10500' }],
      amountMinor: '10500',
      amount: '105.00',
    });
    expect((entry!.request.body as Record<string, unknown>)['accessToken']).toBe('[REDACTED]');
  });

  it('refunds in one version count against the other', async () => {
    expect(
      (
        await partialRefund(USD_ORDER, {
          is_return: true,
          price: '162.00',
          line_items: [{ id: SHIRT, quantity: 2 }],
        })
      ).status,
    ).toBe(200);
    const answer = await refundOrder(USD_ORDER, {
      refund_total: '81.00',
      refund_line_items: [{ line_item_id: SHIRT, quantity: 1 }],
    });
    expect(answer.body).toMatchObject({ code: 'RefundQuantityExceeded' });
  });

  it('an undocumented path is 404 in the version’s style', async () => {
    const answer = await post(`/openapi/2022-01/orders/${USD_ORDER}/refund`, {});
    expect(answer.status).toBe(404);
    expect(errors2022(answer)).toMatch(/no such endpoint/);
  });
});

describe('shoplazza 2024-07: shipping and tip sub-totals', () => {
  it('refund_shipping_total above the shipping left is refused; the exact rest is accepted', async () => {
    const tooMuch = await refundOrder(USD_ORDER, {
      refund_total: '10.00',
      refund_shipping_total: '999.00',
    });
    expect(tooMuch).toEqual({
      status: 400,
      body: {
        code: 'RefundAmountExceeded',
        message:
          'refund_shipping_total: 999.00 is more than the 10.00 USD of shipping left to refund on order 1232123 (charged 10.00, refunded 0.00)',
      },
    });
    expect(sandbox.ledger()).toEqual([]);
    expect(
      (await refundOrder(USD_ORDER, { refund_total: '6.00', refund_shipping_total: '6.00' }))
        .status,
    ).toBe(200);
    const over = await refundOrder(USD_ORDER, {
      refund_total: '4.01',
      refund_shipping_total: '4.01',
    });
    expect(over.body['code']).toBe('RefundAmountExceeded');
    expect(
      (await refundOrder(USD_ORDER, { refund_total: '4.00', refund_shipping_total: '4.00' }))
        .status,
    ).toBe(200);
    expect(sandbox.ledger()).toHaveLength(2);
  });

  it('refund_tip is bounded by the tip the order was charged, where the order has one', async () => {
    sandbox.addOrder('shoplazza', {
      shop: 'demo-store',
      id: '555',
      currency: 'USD',
      tip: '2.50',
      lineItems: [{ id: 'L1', title: 'Cup', quantity: 1, price: '10.00' }],
    });
    expect((await refundOrder('555', { refund_total: '2.50', refund_tip: '2.50' })).status).toBe(
      200,
    );
    const again = await refundOrder('555', { refund_total: '0.01', refund_tip: '0.01' });
    expect(again.body).toEqual({
      code: 'RefundAmountExceeded',
      message:
        'refund_tip: 0.01 is more than the 0.00 USD of tip left to refund on order 555 (charged 2.50, refunded 2.50)',
    });
    expect(sandbox.orders().shoplazza.orders.find((o) => o.id === '555')).toMatchObject({
      tip: '2.50',
      refundedTip: '2.50',
      refundedAmount: '2.50',
    });
  });
});
