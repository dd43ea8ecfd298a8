import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ maxBodyBytes: 1024 });
});
afterEach(() => sandbox.close());

const kakacloAuth = () => ({ authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}` });

describe('the sandbox server', () => {
  it('listens on loopback by default and says where', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = (await (await fetch(`${sandbox.url}/__sandbox/info`)).json()) as {
      baseUrls: { kakaclo: string };
      credentials: { kakaclo: { accessToken: string } };
    };
    expect(info.baseUrls.kakaclo).toBe(`${sandbox.url}/kakaclo`);
    expect(info.credentials.kakaclo.accessToken).toBe(sandbox.credentials.kakaclo.accessToken);
  });

  it('refuses a body above the cap with 413, without processing it', async () => {
    const response = await fetch(
      `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`,
      {
        method: 'POST',
        headers: kakacloAuth(),
        body: JSON.stringify({ remark: 'x'.repeat(2000) }),
      },
    ).catch((error: unknown) => error);
    // The server answers 413 and closes; depending on timing fetch sees the answer or the close.
    if (response instanceof Response) expect(response.status).toBe(413);
    else expect(response).toBeInstanceOf(TypeError);
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('answers an undocumented path in the provider style, and an unknown prefix with 404', async () => {
    const unknown = await fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders`, {
      headers: kakacloAuth(),
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: number }).code).toBe(40400);
    const wrongMethod = await fetch(
      `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`,
      { method: 'DELETE' },
    );
    expect(wrongMethod.status).toBe(404);
    expect((await fetch(`${sandbox.url}/stripe/v1/refunds`)).status).toBe(404);
  });

  it('a body that is not JSON is refused in the provider style', async () => {
    const response = await fetch(
      `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`,
      {
        method: 'POST',
        headers: { ...kakacloAuth(), 'content-type': 'application/json' },
        body: '{"remark":',
      },
    );
    expect(await response.json()).toEqual({ code: 40000, message: '(body): is not valid JSON' });
  });
});

describe('ledger, orders and reset through the admin API', () => {
  it('GET /__sandbox/ledger lists applied refunds with stable ids and the causing request, filterable', async () => {
    await fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
      method: 'POST',
      headers: { ...kakacloAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
    });
    const { entries } = (await (
      await fetch(`${sandbox.url}/__sandbox/ledger?provider=kakaclo&orderId=10001`)
    ).json()) as { entries: unknown[] };
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: 'led_000001',
      request: {
        method: 'POST',
        path: '/kakaclo/openapi/v2/order/orders/10001/refund',
        body: { orderItems: [{ itemId: '120001', quantity: 1 }] },
      },
    });
    const other = (await (await fetch(`${sandbox.url}/__sandbox/ledger?orderId=10004`)).json()) as {
      entries: unknown[];
    };
    expect(other.entries).toEqual([]);
    expect((await fetch(`${sandbox.url}/__sandbox/ledger?provider=stripe`)).status).toBe(400);
  });

  it('POST /__sandbox/orders adds an order (checked), and reset restores the seed', async () => {
    const order = {
      id: '77',
      currency: 'JPY',
      shipped: false,
      items: [{ itemId: 'a', skuCode: 'S', quantity: 1, unitPrice: '1500' }],
    };
    const added = await fetch(`${sandbox.url}/__sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'kakaclo', order }),
    });
    expect(added.status).toBe(201);
    const refund = () =>
      fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/77/refund`, {
        method: 'POST',
        headers: kakacloAuth(),
      }).then(async (r) => (await r.json()) as { code: number });
    expect((await refund()).code).toBe(10000);
    expect(sandbox.ledger()[0]).toMatchObject({
      amount: '1500',
      amountMinor: '1500',
      currency: 'JPY',
    });

    const bad = await fetch(`${sandbox.url}/__sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'kakaclo',
        order: { ...order, items: [{ ...order.items[0], unitPrice: '1.5' }] },
      }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      'order.items[0].unitPrice: must be a decimal string with at most 0 decimals for JPY',
    );

    await fetch(`${sandbox.url}/__sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(sandbox.ledger()).toEqual([]);
    expect((await refund()).code).toBe(40400);
  });
});
