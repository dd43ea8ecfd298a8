import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keetaSign, send } from './http.test-util.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

const NOW_S = 1_700_000_000;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => NOW_S * 1000 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const WRONG_TYPES = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'text/html',
  'multipart/form-data; boundary=x',
];

function keetaBody(): string {
  const url = `${sandbox.baseUrls.keeta}/order/refund/part/apply`;
  const { appId, accessToken, appSecret } = sandbox.credentials.keeta;
  const params: Record<string, unknown> = {
    appId,
    accessToken,
    timestamp: NOW_S,
    orderViewId: 756823555555859,
    shopId: 466663,
    products: [{ orderProductId: 1234534224, refundCount: 1 }],
    partRefundType: 200001,
  };
  params['sig'] = keetaSign(url, params, appSecret);
  return JSON.stringify(params);
}

describe('a body that is not declared application/json is refused, nothing applied', () => {
  for (const type of WRONG_TYPES) {
    it(`Keeta, ${type}`, async () => {
      const answer = await send(`${sandbox.baseUrls.keeta}/order/refund/part/apply`, {
        headers: { 'content-type': type },
        body: keetaBody(),
      });
      expect(answer.status).toBe(415);
      expect(answer.json).toEqual({
        code: 415,
        message: `Content-Type: must be application/json, got ${type}`,
      });
      expect(sandbox.ledger()).toEqual([]);
    });

    it(`KakaClo, ${type}`, async () => {
      const answer = await send(
        `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`,
        {
          headers: {
            authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
            'content-type': type,
          },
          body: JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
        },
      );
      expect(answer.status).toBe(415);
      expect(answer.json).toEqual({
        code: 415,
        message: `Content-Type: must be application/json, got ${type}`,
      });
      expect(sandbox.ledger()).toEqual([]);
    });

    it(`Shoplazza 2022-01 and 2024-07, ${type}`, async () => {
      const headers = {
        'access-token': sandbox.credentials.shoplazza.accessToken,
        'content-type': type,
      };
      const base = sandbox.shoplazzaBaseUrl('demo-store');
      const old = await send(`${base}/openapi/2022-01/orders/1232123/partial_refund`, {
        headers,
        body: JSON.stringify({ is_return: false, price: '1.00' }),
      });
      expect([old.status, old.json]).toEqual([
        415,
        { errors: [`Content-Type: must be application/json, got ${type}`] },
      ]);
      const current = await send(`${base}/openapi/2024-07/orders/1232123/refund`, {
        headers,
        body: JSON.stringify({ refund_total: '1.00' }),
      });
      expect([current.status, current.json]).toEqual([
        415,
        {
          code: 'UnsupportedMediaType',
          message: `Content-Type: must be application/json, got ${type}`,
        },
      ]);
      expect(sandbox.ledger()).toEqual([]);
    });
  }

  it('a body without any Content-Type is refused too; no body needs none', async () => {
    const url = `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`;
    const auth = { authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}` };
    // fetch adds text/plain to a string body; a Uint8Array body goes without a type.
    const typeless = await fetch(url, {
      method: 'POST',
      headers: auth,
      body: new TextEncoder().encode('{"remark":"x"}'),
    });
    expect(typeless.status).toBe(415);
    expect(await typeless.json()).toEqual({
      code: 415,
      message: 'Content-Type: must be application/json, got none',
    });
    expect(sandbox.ledger()).toEqual([]);
    const whole = await send(url, { headers: auth });
    expect(whole.json).toMatchObject({ code: 10000 });
    const declared = await send(url.replace('10001', '10004'), {
      headers: { ...auth, 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{}',
    });
    expect(declared.json).toMatchObject({ code: 10000 });
  });
});

describe('a body that is not UTF-8', () => {
  it("is the provider's invalid parameter, nothing applied", async () => {
    const bytes = new TextEncoder().encode('{"remark":"XX"}');
    bytes[11] = 0xc3;
    bytes[12] = 0x28; // not a UTF-8 sequence
    const response = await fetch(
      `${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
          'content-type': 'application/json',
        },
        body: bytes,
      },
    );
    expect(await response.json()).toEqual({ code: 40000, message: '(body): is not valid UTF-8' });
    expect(sandbox.ledger()).toEqual([]);
  });
});
