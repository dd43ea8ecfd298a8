import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJson } from '../json.js';
import { startSandbox } from '../start.js';
import type { Sandbox, SandboxOptions } from '../sandbox.js';

let sandbox: Sandbox;
let now = Date.parse('2026-11-22T10:00:00Z');

async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox({ clock: () => now, ...options });
}
afterEach(() => sandbox.close());

/** A refund answer: the refund number is a bare JSON integer beyond 2^53. */
interface RefundBody {
  code: number;
  message: string;
  data?: bigint;
}

interface QueryBody {
  code: number;
  message: string;
  data: {
    total: number;
    list: { refundNo: string; refundStatus: string; id: string; remark?: string }[];
  };
}

function call(
  method: string,
  path: string,
  body?: unknown,
  token = sandbox.credentials.kakaclo.accessToken,
): Promise<{ status: number; body: RefundBody }> {
  return fetch(`${sandbox.baseUrls.kakaclo}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(async (response) => ({
    status: response.status,
    body: parseJson(await response.text()) as RefundBody,
  }));
}

const refund = (orderId: string, body?: unknown) =>
  call('POST', `/openapi/v2/order/orders/${orderId}/refund`, body);
const query = async (id: string) => {
  const answer = await call('GET', `/openapi/v2/order/orders/refund/${id}`);
  return { status: answer.status, body: answer.body as unknown as QueryBody };
};

describe('KakaClo sandbox', () => {
  beforeEach(() => start());

  it('refunds some items: code 10000, a 19-digit refund id as a bare JSON integer, ledger exact', async () => {
    const answer = await refund('10001', {
      orderItems: [{ itemId: '120002', skuCode: 'FSZW08923_R_L_NUB', quantity: 2 }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(10000);
    expect(typeof answer.body.data).toBe('bigint');
    expect(String(answer.body.data)).toHaveLength(19);
    const [entry] = sandbox.ledger({ provider: 'kakaclo' });
    expect(entry).toMatchObject({
      orderId: '10001',
      refundId: String(answer.body.data),
      lines: [{ lineId: '120002', quantity: 2, amountMinor: '2598' }],
      amount: '25.98',
      currency: 'USD',
      status: 'pending_review',
    });
  });

  it('without items refunds what is left of the whole order', async () => {
    await refund('10001', { orderItems: [{ itemId: '120001', quantity: 1 }] });
    const answer = await refund('10001', { remark: 'all of it' });
    expect(answer.body.code).toBe(10000);
    expect(sandbox.ledger()[1]).toMatchObject({
      lines: [
        { lineId: '120001', quantity: 1 },
        { lineId: '120002', quantity: 3 },
      ],
      amountMinor: String(4 * 1299),
    });
    expect((await refund('10001')).body).toEqual({
      code: 40900,
      message: 'order 10001 is already fully refunded',
    });
  });

  it('refuses more units than bought minus already refunded, across requests', async () => {
    expect(
      (await refund('10001', { orderItems: [{ itemId: '120001', quantity: 2 }] })).body.code,
    ).toBe(10000);
    const second = await refund('10001', { orderItems: [{ itemId: '120001', quantity: 1 }] });
    expect(second.body).toEqual({
      code: 40900,
      message: 'orderItems[0].quantity: 1 requested but only 0 of item 120001 can be refunded',
    });
    const duplicated = await refund('10001', {
      orderItems: [
        { itemId: '120002', quantity: 2 },
        { itemId: '120002', quantity: 2 },
      ],
    });
    expect(duplicated.body.message).toContain('4 requested but only 3');
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('refuses a shipped order, an unknown order and an unknown item', async () => {
    expect((await refund('10003')).body).toEqual({
      code: 40900,
      message: 'order 10003 has shipped and cannot be refunded',
    });
    expect((await refund('99999')).body).toEqual({ code: 40400, message: 'order 99999 not found' });
    expect(
      (await refund('10001', { orderItems: [{ itemId: 'nope', quantity: 1 }] })).body.code,
    ).toBe(40400);
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('validates against the spec and names the field', async () => {
    const answer = await refund('10001', { orderItems: [{ itemId: '120001', quantity: '1' }] });
    expect(answer.body).toEqual({
      code: 40000,
      message: 'orderItems[0].quantity: must be integer',
    });
  });

  it('checks the bearer token', async () => {
    const answer = await call('POST', '/openapi/v2/order/orders/10001/refund', {}, 'wrong');
    expect(answer).toEqual({ status: 401, body: { code: 40100, message: 'invalid access token' } });
  });

  it('query by order id or by refund id reflects pending_review, then the admin settlement', async () => {
    const { body } = await refund('10001', { orderItems: [{ itemId: '120001', quantity: 1 }] });
    const refundNo = String(body.data);
    for (const id of ['10001', refundNo]) {
      const answer = await query(id);
      expect(answer.body.data.list).toEqual([
        { refundNo, refundStatus: 'pending_review', id: '10001', remark: 'test' },
      ]);
    }
    const settled = await fetch(`${sandbox.url}/__sandbox/kakaclo/refunds/${refundNo}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'refund_failed' }),
    });
    expect(settled.status).toBe(200);
    expect((await query(refundNo)).body.data.list[0]!.refundStatus).toBe('refund_failed');
    expect(sandbox.ledger()[0]!.status).toBe('refund_failed');
    // A failed refund gives its units back: the item can be refunded again.
    expect(
      (await refund('10001', { orderItems: [{ itemId: '120001', quantity: 2 }] })).body.code,
    ).toBe(10000);
  });

  it('an unknown id is not found', async () => {
    expect((await query('55555')).body).toEqual({
      code: 40400,
      message: 'no order or refund 55555',
    });
  });
});

describe('KakaClo sandbox: settling on its own', () => {
  it('settles after kakacloSettleAfterMs by the sandbox clock', async () => {
    await start({ kakacloSettleAfterMs: 60_000 });
    const { body } = await refund('10001');
    expect((await query('10001')).body.data.list[0]!.refundStatus).toBe('pending_review');
    now += 60_000;
    expect((await query('10001')).body.data.list[0]!.refundStatus).toBe('refund_successfully');
    expect(sandbox.ledger()[0]).toMatchObject({
      refundId: String(body.data),
      status: 'refund_successfully',
    });
  });
});

describe('KakaClo countryCode (the warehouse of the SKU)', () => {
  beforeEach(() => start());
  // Order 10001: item 120001 = FSZW08923_R_L_NUB from CN (2 units), 120002 = the same SKU from US (3).

  it('{skuCode, countryCode} hits the line of that warehouse', async () => {
    const answer = await refund('10001', {
      orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', countryCode: 'US', quantity: 3 }],
    });
    expect(answer.body.code).toBe(10000);
    expect(sandbox.ledger()[0]!.lines).toEqual([
      { lineId: '120002', quantity: 3, amountMinor: '3897' },
    ]);
  });

  it('a skuCode on lines of two warehouses without countryCode is refused as ambiguous', async () => {
    const answer = await refund('10001', {
      orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', quantity: 1 }],
    });
    expect(answer.body).toEqual({
      code: 40000,
      message:
        'orderItems[0].countryCode: is required: SKU FSZW08923_R_L_NUB is on more than one item of order 10001 (CN, US)',
    });
    expect(sandbox.ledger()).toEqual([]);
  });

  it('an itemId whose countryCode or skuCode contradicts it is refused', async () => {
    const country = await refund('10001', {
      orderItems: [{ itemId: '120001', countryCode: 'US', quantity: 1 }],
    });
    expect(country.body).toEqual({
      code: 40000,
      message: 'orderItems[0].countryCode: item 120001 ships from CN, not US',
    });
    const sku = await refund('10001', {
      orderItems: [{ itemId: '120001', skuCode: 'OTHER', quantity: 1 }],
    });
    expect(sku.body).toEqual({
      code: 40000,
      message: 'orderItems[0].skuCode: item 120001 is SKU FSZW08923_R_L_NUB, not OTHER',
    });
    expect(sandbox.ledger()).toEqual([]);
  });

  it('a skuCode with a countryCode no line has is not found', async () => {
    const answer = await refund('10001', {
      orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', countryCode: 'DE', quantity: 1 }],
    });
    expect(answer.body).toEqual({
      code: 40400,
      message: 'orderItems[0]: no item of SKU FSZW08923_R_L_NUB from DE in order 10001',
    });
  });
});
