import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { send } from './http.test-util.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const shoplazzaHeaders = () => ({
  'access-token': sandbox.credentials.shoplazza.accessToken,
  'content-type': 'application/json',
});
const kakacloHeaders = () => ({
  authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
  'content-type': 'application/json',
});

describe('shop names are DNS labels', () => {
  it('a seed shop that is not a DNS label is refused at start, naming the field', async () => {
    await expect(
      startSandbox({
        seed: {
          shoplazza: {
            orders: [
              {
                shop: 'alpha/beta',
                id: '7',
                currency: 'USD',
                lineItems: [{ id: 'L', title: 'T', quantity: 1, price: '1.00' }],
              },
            ],
          },
        },
      }),
    ).rejects.toThrow('shoplazza.orders[0].shop: must be a DNS label');
  });

  it("an encoded slash in the shop segment cannot reach another shop's order", async () => {
    sandbox.addOrder('shoplazza', {
      shop: 'alpha',
      id: 'beta-7',
      currency: 'USD',
      lineItems: [{ id: 'L', title: 'T', quantity: 1, price: '5.00' }],
    });
    for (const shop of ['alpha%2Fbeta', 'alpha%2fbeta', 'alpha.beta', 'alpha%00']) {
      const answer = await send(
        `${sandbox.url}/shoplazza/${shop}/openapi/2022-01/orders/7/partial_refund`,
        { headers: shoplazzaHeaders(), body: JSON.stringify({ is_return: false, price: '5.00' }) },
      );
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ errors: [expect.stringMatching(/^Shop not found/)] });
    }
    expect(sandbox.ledger()).toEqual([]);
  });

  it('matches shops case-insensitively, as DNS does', async () => {
    const answer = await send(
      `${sandbox.url}/shoplazza/Demo-Store/openapi/2022-01/orders/1232123/partial_refund`,
      { headers: shoplazzaHeaders(), body: JSON.stringify({ is_return: false, price: '1.00' }) },
    );
    expect(answer.status).toBe(200);
    expect(sandbox.ledger({ shop: 'DEMO-STORE' })).toMatchObject([{ shop: 'demo-store' }]);
  });
});

describe('malformed percent-encoding is a provider-style refusal, not a 500', () => {
  it('in a KakaClo order id and query id', async () => {
    const refund = await send(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/%ZZ/refund`, {
      headers: kakacloHeaders(),
      body: '{}',
    });
    expect(refund.status).toBe(404);
    expect(refund.json).toMatchObject({ code: 40400 });
    const query = await send(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/refund/1%E0`, {
      method: 'GET',
      headers: kakacloHeaders(),
    });
    expect(query.status).toBe(404);
    expect(query.json).toMatchObject({ code: 40400 });
  });

  it('in a Shoplazza shop and order id', async () => {
    const shop = await send(
      `${sandbox.url}/shoplazza/demo%ZZ/openapi/2024-07/orders/1232123/refund`,
      { headers: shoplazzaHeaders(), body: JSON.stringify({ refund_total: '1.00' }) },
    );
    expect(shop.status).toBe(404);
    expect(shop.json).toMatchObject({ code: 'NotFound' });
    const order = await send(
      `${sandbox.shoplazzaBaseUrl('demo-store')}/openapi/2024-07/orders/12%ZZ/refund`,
      { headers: shoplazzaHeaders(), body: JSON.stringify({ refund_total: '1.00' }) },
    );
    expect(order.status).toBe(404);
    expect(order.json).toMatchObject({ code: 'NotFound' });
    expect(sandbox.ledger()).toEqual([]);
  });

  it('in an admin path', async () => {
    const answer = await send(`${sandbox.url}/__sandbox/kakaclo/refunds/%ZZ/settle`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'refund_failed' }),
    });
    expect(answer.status).toBe(404);
  });
});

describe('request ids', () => {
  it('are numbered per sandbox, not per process', async () => {
    const other = await startSandbox();
    try {
      await send(`${other.url}/__sandbox/info`, { method: 'GET' });
      await send(`${other.url}/__sandbox/info`, { method: 'GET' });
      const third = await send(`${other.url}/__sandbox/info`, { method: 'GET' });
      expect(third.headers.get('x-request-id')).toBe('sbx_3');
      const fresh = await startSandbox();
      try {
        const first = await send(`${fresh.url}/__sandbox/info`, { method: 'GET' });
        expect(first.headers.get('x-request-id')).toBe('sbx_1');
      } finally {
        await fresh.close();
      }
    } finally {
      await other.close();
    }
  });
});
