import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileOperations, loadSpec } from '../spec.js';
import { startSandbox } from '../start.js';
import type { Sandbox } from '../sandbox.js';
import { KEETA_CODES } from './keeta.js';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const APPLY = '/order/refund/part/apply';
const PREVIEW = '/order/refund/part/products/preview';

/** JSON text in which bigint values are written as bare digits (exact 64-bit ids). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `__bigint__${v}` : v,
  ).replace(/"__bigint__(-?\d+)"/g, '$1');
}

/**
 * Keeta's signature as protocols.md states it, written here independently of the sandbox:
 * sha256hex(url + '?' + sorted name=value pairs (sig excluded) + appSecret).
 */
function keetaSig(url: string, params: Record<string, unknown>, appSecret: string): string {
  const pairs = Object.keys(params)
    .filter((name) => name !== 'sig')
    .sort()
    .map((name) => {
      const value = params[name];
      let text = '';
      if (typeof value === 'string') text = value;
      else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
        text = String(value);
      else if (value !== null && typeof value === 'object') text = toJson(value);
      return `${name}=${text}`;
    });
  return createHash('sha256')
    .update(`${url}?${pairs.join('&')}${appSecret}`)
    .digest('hex');
}

interface KeetaAnswer {
  code: number;
  message: string;
  data?: unknown;
}

async function post(url: string, text: string): Promise<{ answer: KeetaAnswer; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
  expect(response.status).toBe(200);
  const body = await response.text();
  return { answer: JSON.parse(body) as KeetaAnswer, text: body };
}

describe('Keeta: the spec examples', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      credentials: { keeta: { appId: 123, accessToken: 'abc', appSecret: 'abc' } },
      keetaSignatureBaseUrl: 'https://open.mykeeta.com/api/open',
      clock: () => 1682566749_000,
    });
  });
  afterAll(() => sandbox.close());

  const spec = loadSpec('keeta') as unknown as {
    paths: Record<
      string,
      {
        post: {
          requestBody: {
            content: { 'application/json': { examples: Record<string, { value: object }> } };
          };
        };
      }
    >;
  };
  const examples = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item.post.requestBody.content['application/json'].examples).map(
      ([name, example]) => ({ path, name, value: example.value }),
    ),
  );

  it('has four examples', () => {
    expect(examples.map((e) => e.name)).toHaveLength(4);
  });

  it.each(examples)('$path $name succeeds on a fresh sandbox', async ({ path, value }) => {
    sandbox.reset();
    const { answer } = await post(`${sandbox.baseUrls.keeta}${path}`, JSON.stringify(value));
    expect(answer).toMatchObject({ code: 0, message: 'Success' });
  });
});

describe('Keeta provider', () => {
  let sandbox: Sandbox;
  const secret = 'test-secret';
  const credentials = { appId: 4242, accessToken: 'test-token', appSecret: secret };

  beforeAll(async () => {
    sandbox = await startSandbox({ credentials: { keeta: credentials }, clock: () => NOW_MS });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  /** Adds the common parameters and signs them over the URL the request is sent to. */
  function signed(
    path: string,
    fields: Record<string, unknown>,
    common: Record<string, unknown> = {},
    appSecret = secret,
  ): Record<string, unknown> {
    const params: Record<string, unknown> = {
      appId: credentials.appId,
      accessToken: credentials.accessToken,
      timestamp: NOW_S,
      ...common,
      ...fields,
    };
    return { ...params, sig: keetaSig(`${sandbox.baseUrls.keeta}${path}`, params, appSecret) };
  }

  async function call(
    path: string,
    fields: Record<string, unknown>,
    common: Record<string, unknown> = {},
  ): Promise<KeetaAnswer> {
    return (await post(`${sandbox.baseUrls.keeta}${path}`, toJson(signed(path, fields, common))))
      .answer;
  }

  const sarRefund = (orderProductId: number, refundCount: number) => ({
    orderViewId: 756823555555859,
    shopId: 466663,
    products: [{ orderProductId, refundCount }],
    partRefundType: 200001,
  });

  describe('authentication', () => {
    it('accepts a correctly signed request and answers the bare envelope', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1));
      expect(answer).toEqual({ code: 0, message: 'Success' });
    });

    it('refuses a signature made with another secret', async () => {
      const body = signed(APPLY, sarRefund(1234534224, 1), {}, 'wrong-secret');
      const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, toJson(body));
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
      expect(answer.message).toMatch(/^sig: /);
      expect(sandbox.ledger()).toHaveLength(0);
    });

    it('refuses a body changed after signing', async () => {
      const body = signed(APPLY, sarRefund(1234534224, 1));
      body['products'] = [{ orderProductId: 1234534224, refundCount: 2 }];
      const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, toJson(body));
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
    });

    it('signs nested JSON with its keys in their original order, not re-sorted', async () => {
      const path = APPLY;
      const fields = {
        orderViewId: 756823555555859,
        shopId: 466663,
        products: [{ refundCount: 1, orderProductId: 1234534224 }],
        partRefundType: 200001,
      };
      const ok = await call(path, fields);
      expect(ok.code).toBe(0);
      // Same body signed with the inner keys sorted: Keeta would compute another pre-image.
      const params = {
        appId: credentials.appId,
        accessToken: credentials.accessToken,
        timestamp: NOW_S,
        ...fields,
      };
      const sorted = { ...params, products: [{ orderProductId: 1234534224, refundCount: 1 }] };
      const sig = keetaSig(`${sandbox.baseUrls.keeta}${path}`, sorted, secret);
      const { answer } = await post(`${sandbox.baseUrls.keeta}${path}`, toJson({ ...params, sig }));
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
    });

    it('signs the URL the request arrived at unless keetaSignatureBaseUrl is set', async () => {
      const params = {
        appId: credentials.appId,
        accessToken: credentials.accessToken,
        timestamp: NOW_S,
        ...sarRefund(1234534224, 1),
      };
      const sig = keetaSig(`https://open.mykeeta.com/api/open${APPLY}`, params, secret);
      const { answer } = await post(
        `${sandbox.baseUrls.keeta}${APPLY}`,
        toJson({ ...params, sig }),
      );
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
    });

    it('signs an empty value as name=', async () => {
      const answer = await call(APPLY, { ...sarRefund(1234534224, 1), partRefundReason: '' });
      expect(answer.code).toBe(0);
    });

    it('refuses an uppercase or malformed sig', async () => {
      const body = signed(APPLY, sarRefund(1234534224, 1));
      body['sig'] = String(body['sig']).toUpperCase();
      const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, toJson(body));
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
      expect(answer.message).toMatch(/^sig: .*lowercase hex/);
    });

    it('refuses another appId even when signed with the secret', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1), { appId: 4243 });
      expect(answer.code).toBe(KEETA_CODES.invalidCredentials);
      expect(answer.message).toMatch(/^appId: /);
    });

    it('refuses another accessToken', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1), { accessToken: 'expired' });
      expect(answer.code).toBe(KEETA_CODES.invalidCredentials);
      expect(answer.message).toMatch(/^accessToken: /);
    });

    it('refuses a timestamp older than the window', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1), { timestamp: NOW_S - 301 });
      expect(answer.code).toBe(KEETA_CODES.staleTimestamp);
      expect(answer.message).toMatch(/^timestamp: /);
    });

    it('refuses a timestamp further ahead than the window', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1), { timestamp: NOW_S + 301 });
      expect(answer.code).toBe(KEETA_CODES.staleTimestamp);
    });

    it('accepts a timestamp at the edge of the window', async () => {
      expect((await call(PREVIEW, sarRefund(1234534224, 1), { timestamp: NOW_S - 300 })).code).toBe(
        0,
      );
      expect((await call(PREVIEW, sarRefund(1234534224, 1), { timestamp: NOW_S + 300 })).code).toBe(
        0,
      );
    });

    it('refuses a timestamp in milliseconds', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 1), { timestamp: NOW_MS });
      expect(answer.code).toBe(KEETA_CODES.staleTimestamp);
    });

    it('answers missing common parameters by name', async () => {
      for (const name of ['appId', 'accessToken', 'timestamp', 'sig']) {
        const body = signed(APPLY, sarRefund(1234534224, 1));
        Reflect.deleteProperty(body, name);
        const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, toJson(body));
        expect(answer).toEqual({
          code: KEETA_CODES.invalidParameter,
          message: `${name}: is required`,
        });
      }
    });

    it('answers a body that is not a JSON object, empty or not JSON without crashing', async () => {
      for (const text of ['[1,2]', '"x"', 'null', '', '{not json']) {
        const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, text);
        expect(answer.code).toBe(KEETA_CODES.invalidParameter);
        expect(answer.message).toMatch(/^\(body\): /);
      }
    });

    it('checks the signature before the schema', async () => {
      const body = signed(APPLY, { orderViewId: 'not-a-number' }, {}, 'wrong-secret');
      const { answer } = await post(`${sandbox.baseUrls.keeta}${APPLY}`, toJson(body));
      expect(answer.code).toBe(KEETA_CODES.invalidSignature);
    });
  });

  describe('validation', () => {
    it('names the field of a schema violation', async () => {
      const answer = await call(APPLY, {
        ...sarRefund(1234534224, 1),
        products: [{ orderProductId: 1234534224, refundCount: '1' }],
      });
      expect(answer.code).toBe(KEETA_CODES.invalidParameter);
      expect(answer.message).toContain('products[0].refundCount');
    });

    it('refuses a refundCount of 0, naming the field', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 0));
      expect(answer.code).toBe(KEETA_CODES.invalidParameter);
      expect(answer.message).toMatch(/^products\[0\]\.refundCount: must be at least 1/);
    });

    it('refuses an empty products list on apply', async () => {
      const answer = await call(APPLY, { ...sarRefund(1234534224, 1), products: [] });
      expect(answer).toEqual({
        code: KEETA_CODES.invalidParameter,
        message: 'products: must list at least one product',
      });
    });

    it('requires partRefundReason with partRefundType 200000', async () => {
      const fields = { ...sarRefund(1234534224, 1), partRefundType: 200000 };
      const missing = await call(APPLY, fields);
      expect(missing.code).toBe(KEETA_CODES.invalidParameter);
      expect(missing.message).toContain('partRefundReason: is required');
      const empty = await call(APPLY, { ...fields, partRefundReason: '' });
      expect(empty.code).toBe(KEETA_CODES.invalidParameter);
      expect(empty.message).toContain('partRefundReason');
      expect(sandbox.ledger()).toHaveLength(0);
      const given = await call(APPLY, { ...fields, partRefundReason: 'Cold fries' });
      expect(given.code).toBe(0);
    });

    it('refuses an undocumented partRefundType', async () => {
      const answer = await call(APPLY, { ...sarRefund(1234534224, 1), partRefundType: 200005 });
      expect(answer.code).toBe(KEETA_CODES.invalidParameter);
      expect(answer.message).toContain('partRefundType');
    });

    it('answers an undocumented route with a Keeta envelope', async () => {
      const response = await fetch(`${sandbox.baseUrls.keeta}/order/refund/full/apply`, {
        method: 'POST',
        body: '{}',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        code: KEETA_CODES.unknownEndpoint,
        message: 'no such endpoint: POST /order/refund/full/apply',
      });
    });
  });

  describe('business rules', () => {
    it('answers an unknown order', async () => {
      const answer = await call(APPLY, {
        ...sarRefund(1234534224, 1),
        orderViewId: 756823555555861,
      });
      expect(answer).toEqual({
        code: KEETA_CODES.orderNotFound,
        message: 'orderViewId: order 756823555555861 not found in shop 466663',
      });
    });

    it('answers an order of another shop as not found', async () => {
      const answer = await call(APPLY, { ...sarRefund(1234534224, 1), shopId: 466664 });
      expect(answer.code).toBe(KEETA_CODES.orderNotFound);
    });

    it('answers an unknown product, naming it', async () => {
      const answer = await call(APPLY, {
        ...sarRefund(1234534224, 1),
        products: [
          { orderProductId: 1234534224, refundCount: 1 },
          { orderProductId: 2234534224, refundCount: 1 },
        ],
      });
      expect(answer.code).toBe(KEETA_CODES.productNotFound);
      expect(answer.message).toMatch(/^products\[1\]\.orderProductId: product 2234534224 /);
      expect(sandbox.ledger()).toHaveLength(0);
    });

    it('refuses more units than bought', async () => {
      const answer = await call(APPLY, sarRefund(1234534224, 4));
      expect(answer.code).toBe(KEETA_CODES.notRefundable);
      expect(answer.message).toMatch(/^products\[0\]\.refundCount: 4 requested but only 3 /);
    });

    it('sums duplicate products of one request', async () => {
      const answer = await call(APPLY, {
        ...sarRefund(1234534224, 2),
        products: [
          { orderProductId: 1234534224, refundCount: 2 },
          { orderProductId: 1234534224, refundCount: 2 },
        ],
      });
      expect(answer.code).toBe(KEETA_CODES.notRefundable);
      expect(answer.message).toMatch(/^products\[1\]\.refundCount: 4 in total/);
    });

    it('refuses more units than bought minus refunded, across requests', async () => {
      expect((await call(APPLY, sarRefund(1234534224, 2))).code).toBe(0);
      const second = await call(APPLY, sarRefund(1234534224, 2));
      expect(second.code).toBe(KEETA_CODES.notRefundable);
      expect(second.message).toContain('only 1 of product 1234534224 can still be refunded');
      expect(sandbox.ledger({ provider: 'keeta' })).toHaveLength(1);
      expect((await call(APPLY, sarRefund(1234534224, 1))).code).toBe(0);
      expect((await call(APPLY, sarRefund(1234534224, 1))).code).toBe(KEETA_CODES.notRefundable);
    });

    it('records the refund in the ledger with credentials masked', async () => {
      const answer = await call(APPLY, {
        orderViewId: 756823555555859,
        shopId: 466663,
        products: [
          { orderProductId: 1234534224, refundCount: 2 },
          { orderProductId: 1234534225, refundCount: 1 },
        ],
        partRefundType: 200000,
        partRefundReason: 'Do not like',
      });
      expect(answer.code).toBe(0);
      const [entry, ...rest] = sandbox.ledger({ provider: 'keeta' });
      expect(rest).toHaveLength(0);
      expect(entry).toMatchObject({
        provider: 'keeta',
        operation: 'applyPartialRefund',
        orderId: '756823555555859',
        lines: [
          { lineId: '1234534224', quantity: 2, amountMinor: '4800' },
          { lineId: '1234534225', quantity: 1, amountMinor: '1050' },
        ],
        amountMinor: '5850',
        amount: '58.50',
        currency: 'SAR',
        status: 'applied',
        appliedAt: new Date(NOW_MS).toISOString(),
        request: {
          method: 'POST',
          path: `/keeta${APPLY}`,
          body: {
            appId: credentials.appId,
            accessToken: '[REDACTED]',
            sig: '[REDACTED]',
            partRefundReason: 'Do not like',
          },
        },
      });
      expect(entry!.refundId).toMatch(/^\d{15,19}$/);
      expect(JSON.stringify(entry)).not.toContain(credentials.accessToken);
    });

    it('gives each refund its own id', async () => {
      await call(APPLY, sarRefund(1234534224, 1));
      await call(APPLY, sarRefund(1234534224, 1));
      const [a, b] = sandbox.ledger();
      expect(a!.refundId).not.toBe(b!.refundId);
    });

    it('amounts are exact for KWD (3 decimals)', async () => {
      const answer = await call(APPLY, {
        orderViewId: 756823555555860,
        shopId: 466663,
        products: [{ orderProductId: 2234534224, refundCount: 3 }],
        partRefundType: 200002,
      });
      expect(answer.code).toBe(0);
      expect(sandbox.ledger({ orderId: '756823555555860' })[0]).toMatchObject({
        lines: [{ lineId: '2234534224', quantity: 3, amountMinor: '3750' }],
        amountMinor: '3750',
        amount: '3.750',
        currency: 'KWD',
      });
    });

    it('refunds ids above 2^53 exactly, and JPY amounts have no decimals', async () => {
      const answer = await call(APPLY, {
        orderViewId: 1152921504606846977n,
        shopId: 466663,
        products: [{ orderProductId: 9007199254740993n, refundCount: 2 }],
        partRefundType: 200003,
      });
      expect(answer).toEqual({ code: 0, message: 'Success' });
      const [entry] = sandbox.ledger({ orderId: '1152921504606846977' });
      expect(entry).toMatchObject({
        orderId: '1152921504606846977',
        lines: [{ lineId: '9007199254740993', quantity: 2, amountMinor: '3000' }],
        amountMinor: '3000',
        amount: '3000',
        currency: 'JPY',
      });
    });

    it('does not match an id rounded to a double', async () => {
      const answer = await call(APPLY, {
        orderViewId: 1152921504606846977n,
        shopId: 466663,
        products: [{ orderProductId: 9007199254740992n, refundCount: 1 }],
        partRefundType: 200003,
      });
      expect(answer.code).toBe(KEETA_CODES.productNotFound);
      expect(answer.message).toContain('9007199254740992');
      const order = await call(APPLY, {
        orderViewId: 1152921504606846976n,
        shopId: 466663,
        products: [{ orderProductId: 9007199254740993n, refundCount: 1 }],
        partRefundType: 200003,
      });
      expect(order.code).toBe(KEETA_CODES.orderNotFound);
    });
  });

  describe('preview', () => {
    const validatePreview = compileOperations('keeta', loadSpec('keeta')).find(
      (op) => op.operationId === 'previewPartialRefund',
    )!;

    it('lists every refundable product with a zero refund amount', async () => {
      const answer = await call(PREVIEW, { orderViewId: 756823555555859, shopId: 466663 });
      expect(validatePreview.validateResponse(200, answer)).toEqual([]);
      expect(answer).toEqual({
        code: 0,
        message: 'Success',
        data: {
          products: [
            {
              id: 1234534224,
              spuId: 9312039,
              skuId: 9312040,
              count: 3,
              price: 'SAR 24.00',
              name: 'Chicken burger',
              refundCount: 3,
              refundPrice: 'SAR 0.00',
            },
            {
              id: 1234534225,
              spuId: 9312041,
              skuId: 9312042,
              count: 1,
              price: 'SAR 10.50',
              name: 'Fries',
              refundCount: 1,
              refundPrice: 'SAR 0.00',
            },
          ],
        },
      });
    });

    it('reflects units already refunded and leaves out fully refunded products', async () => {
      await call(APPLY, {
        ...sarRefund(1234534224, 1),
        products: [
          { orderProductId: 1234534224, refundCount: 1 },
          { orderProductId: 1234534225, refundCount: 1 },
        ],
      });
      const answer = await call(PREVIEW, {
        orderViewId: 756823555555859,
        shopId: 466663,
        products: [],
      });
      expect(validatePreview.validateResponse(200, answer)).toEqual([]);
      const products = (answer.data as { products: { id: number; refundCount: number }[] })
        .products;
      expect(products.map((p) => [p.id, p.refundCount])).toEqual([[1234534224, 2]]);
    });

    it('prices the requested products exactly', async () => {
      const answer = await call(PREVIEW, {
        orderViewId: 756823555555860,
        shopId: 466663,
        products: [{ orderProductId: 2234534224, refundCount: 3 }],
      });
      expect(validatePreview.validateResponse(200, answer)).toEqual([]);
      expect(answer.data).toEqual({
        products: [
          {
            id: 2234534224,
            spuId: 9312043,
            skuId: 9312044,
            count: 3,
            price: 'KWD 1.250',
            name: 'Shawarma',
            refundCount: 3,
            refundPrice: 'KWD 3.750',
          },
        ],
      });
      expect(sandbox.ledger()).toHaveLength(0);
    });

    it('refuses to preview more units than are left', async () => {
      await call(APPLY, sarRefund(1234534224, 2));
      const answer = await call(PREVIEW, {
        orderViewId: 756823555555859,
        shopId: 466663,
        products: [{ orderProductId: 1234534224, refundCount: 2 }],
      });
      expect(answer.code).toBe(KEETA_CODES.notRefundable);
      expect(answer.message).toContain('only 1 of product 1234534224');
    });

    it('answers ids above 2^53 exactly', async () => {
      const body = toJson(
        signed(PREVIEW, {
          orderViewId: 1152921504606846977n,
          shopId: 466663,
          products: [{ orderProductId: 9007199254740993n, refundCount: 1 }],
        }),
      );
      const { answer, text } = await post(`${sandbox.baseUrls.keeta}${PREVIEW}`, body);
      expect(answer.code).toBe(0);
      expect(text).toContain('"id":9007199254740993');
      expect(text).toContain('"price":"JPY 1500"');
      expect(text).toContain('"refundPrice":"JPY 1500"');
    });

    it('answers an unknown order or product', async () => {
      const order = await call(PREVIEW, { orderViewId: 1, shopId: 466663 });
      expect(order.code).toBe(KEETA_CODES.orderNotFound);
      const product = await call(PREVIEW, {
        orderViewId: 756823555555859,
        shopId: 466663,
        products: [{ orderProductId: 2234534224, refundCount: 1 }],
      });
      expect(product.code).toBe(KEETA_CODES.productNotFound);
    });
  });
});
