import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from './http.test-util.js';
import { Ledger } from './ledger.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  vi.restoreAllMocks();
  sandbox.reset();
});

const kakaclo = (path: string, body?: string) =>
  send(`${sandbox.baseUrls.kakaclo}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body }),
  });
const shoplazza = (path: string, body: string) =>
  send(`${sandbox.shoplazzaBaseUrl('demo-store')}${path}`, {
    headers: {
      'access-token': sandbox.credentials.shoplazza.accessToken,
      'content-type': 'application/json',
    },
    body,
  });

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('deep JSON is refused when the body is parsed, nothing applied', () => {
  // 40 levels broke nothing before, 3000 overflowed the stack somewhere between validation
  // and the ledger: both are now a provider-style 400 naming the limit.
  for (const depth of [40, 3000, 20_000]) {
    it(`KakaClo, an extra field nested ${depth} deep`, async () => {
      const answer = await kakaclo(
        '/openapi/v2/order/orders/10001/refund',
        `{"orderItems":[{"itemId":"120001","quantity":1}],"x":${nested(depth)}}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        code: 40000,
        message: '(body): nests deeper than 32 levels (the sandbox limit)',
      });
      const query = (await kakaclo('/openapi/v2/order/orders/refund/10001')).json as {
        data: { total: number };
      };
      expect(query.data.total).toBe(0);
      expect(sandbox.ledger()).toEqual([]);
    });

    it(`Shoplazza 2022-01 and 2024-07, nested ${depth} deep`, async () => {
      const old = await shoplazza(
        '/openapi/2022-01/orders/1232123/partial_refund',
        `{"is_return":false,"price":"1.00","x":${nested(depth)}}`,
      );
      expect([old.status, old.json]).toEqual([
        400,
        { errors: ['(body): nests deeper than 32 levels (the sandbox limit)'] },
      ]);
      const current = await shoplazza(
        '/openapi/2024-07/orders/1232123/refund',
        `{"refund_total":"1.00","x":${nested(depth)}}`,
      );
      expect([current.status, current.json]).toEqual([
        400,
        {
          code: 'InvalidParameter',
          message: '(body): nests deeper than 32 levels (the sandbox limit)',
        },
      ]);
      expect(sandbox.ledger()).toEqual([]);
      expect(sandbox.orders().shoplazza.orders[0]!.refundedAmount).toBe('0.00');
    });
  }

  it('a body at the limit is still served', async () => {
    const answer = await kakaclo(
      '/openapi/v2/order/orders/10001/refund',
      `{"orderItems":[{"itemId":"120001","quantity":1}],"x":${nested(30)}}`,
    );
    expect((answer.json as { code: number }).code).toBe(10000);
    expect(sandbox.ledger()).toHaveLength(1);
  });
});

describe('applying a refund and recording it are one step', () => {
  it('when the ledger cannot record, the order is left untouched (every provider)', async () => {
    vi.spyOn(Ledger.prototype, 'record').mockImplementation(() => {
      throw new Error('ledger broke');
    });
    const failed = await kakaclo(
      '/openapi/v2/order/orders/10001/refund',
      JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 2 }] }),
    );
    expect(failed.status).toBe(500);
    const shop = await shoplazza(
      '/openapi/2022-01/orders/1232123/partial_refund',
      JSON.stringify({ is_return: false, price: '277.00' }),
    );
    expect(shop.status).toBe(500);
    vi.restoreAllMocks();

    // Both orders still have everything left to refund.
    const again = await kakaclo(
      '/openapi/v2/order/orders/10001/refund',
      JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 2 }] }),
    );
    expect((again.json as { code: number }).code).toBe(10000);
    const query = (await kakaclo('/openapi/v2/order/orders/refund/10001')).json as {
      data: { total: number };
    };
    expect(query.data.total).toBe(1);
    const full = await shoplazza(
      '/openapi/2022-01/orders/1232123/partial_refund',
      JSON.stringify({ is_return: false, price: '277.00' }),
    );
    expect(full.status).toBe(200);
    expect(sandbox.ledger()).toHaveLength(2);
  });
});

describe('ledger() hands out copies', () => {
  it('editing a returned entry does not edit the ledger, and settling does not edit it', async () => {
    await kakaclo(
      '/openapi/v2/order/orders/10001/refund',
      JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
    );
    const [entry] = sandbox.ledger();
    try {
      (entry as { amount: string }).amount = '999.99';
      (entry!.lines[0] as { quantity: number }).quantity = 99;
    } catch {
      // frozen entries throw in strict mode: equally fine
    }
    expect(sandbox.ledger()[0]).toMatchObject({ amount: '12.99', lines: [{ quantity: 1 }] });
    const before = sandbox.ledger()[0]!;
    expect(sandbox.settleKakacloRefund(before.refundId, 'refund_successfully')).toBe(true);
    expect(before.status).toBe('pending_review');
    expect(sandbox.ledger()[0]!.status).toBe('refund_successfully');
  });
});
