import { describe, expect, test } from 'vitest';
// What Keeta answered with:
import {
  ApiError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
} from '@refundkit/http';
// What happened without a usable answer:
import {
  ConnectionError,
  OutcomeUnknownError,
  TimeoutError,
  UserAbortError,
} from '@refundkit/http';
import { LocalValidationError, RedirectError, parseJson, type HttpEvent } from '@refundkit/http';
import { createKeetaClient } from './client.js';
import type { ApplyPartialRefundInput, PreviewPartialRefundInput } from './inputs.js';
import type { KeetaClientOptions } from './options.js';
import { keetaSigningString, signKeetaRequest, verifyKeetaSignature } from './sign.js';
import {
  fakeFetch,
  hang,
  json,
  jsonText,
  networkError,
  stringifyWithBigints,
  type Step,
  rejection as caught,
} from '@refundkit/test-kit';

/** What the scripted fetch does on every call. */
type Handler = Extract<Step, (request: Request, call: number) => unknown>;

const BASE = 'https://open.mykeeta.com/api/open';
const APPLY_URL = `${BASE}/order/refund/part/apply`;
const PREVIEW_URL = `${BASE}/order/refund/part/products/preview`;
const BIG = 2n ** 60n + 1n; // 1152921504606846977, far above 2^53
const OK = { code: 0, message: 'Success' };

const apply: ApplyPartialRefundInput = {
  orderViewId: 756823555555859,
  shopId: 466663,
  products: [{ orderProductId: 1234534224, refundCount: 1 }],
  partRefundType: 200000,
  partRefundReason: 'Do not like',
};
const preview: PreviewPartialRefundInput = { orderViewId: 756823555555859, shopId: 466663 };

/** The documented preview answer (spec example `success`). */
const PREVIEW_DATA = {
  products: [
    {
      id: 9312039,
      spuId: 9312039,
      skuId: 8414079,
      count: 2,
      price: '$10.00',
      name: 'Lemon Tea Double Cup Set Meal',
      refundCount: 0,
      refundPrice: '$0.00',
      choiceGroupList: [
        {
          id: 3271540,
          name: 'sweetness',
          choiceGroupSkuList: [
            {
              id: 16320510,
              spuId: 0,
              name: 'Slightly sweet',
              price: '$0.00',
              refundCount: 0,
              refundPrice: 0,
              groupSkuCount: 0,
            },
          ],
        },
      ],
      associatedChoiceGroupList: [{ name: 'noodles' }],
    },
  ],
  promotionInfoList: [
    {
      type: 3,
      title: 'promotionName',
      originFee: { amount: 24, currency: 'SAR', amountStr: 'SAR 24.00' },
    },
  ],
  valuationRule:
    'Refund formula: [Item price / (Subtotal + Top-up to minimum)] × [Actual payment amount]',
};

/** {@link PREVIEW_DATA} as the client returns it: every id an exact decimal string. */
const PREVIEW_RESULT = {
  ...PREVIEW_DATA,
  products: [
    {
      ...PREVIEW_DATA.products[0],
      id: '9312039',
      spuId: '9312039',
      skuId: '8414079',
      choiceGroupList: [
        {
          id: '3271540',
          name: 'sweetness',
          choiceGroupSkuList: [
            {
              id: '16320510',
              spuId: '0',
              name: 'Slightly sweet',
              price: '$0.00',
              refundCount: 0,
              refundPrice: 0,
              groupSkuCount: 0,
            },
          ],
        },
      ],
    },
  ],
};

/** A client on a scripted fetch that answers every call with `handler`. */
function scripted(handler: Handler, options: Omit<KeetaClientOptions, 'fetch'>) {
  const { fetch, sent } = fakeFetch(handler);
  return { client: createKeetaClient({ ...options, fetch }), sent };
}

/**
 * A client with the signing page's demo credentials (appId 123, token and secret "abc") and
 * a clock fixed at its timestamp, so bodies and sigs match the spec examples exactly.
 */
function demoClient(handler: Handler, options: Partial<KeetaClientOptions> = {}) {
  const demo = { appId: 123, appSecret: 'abc', accessToken: 'abc', clock: () => 1682566749_000 };
  return scripted(handler, { ...demo, ...options });
}

/** Real-looking secrets, long enough for the redactor to mask wherever they appear. */
const TOKEN = 'tok_9f8e7d6c5b4a3210_merchant_access';
const SECRET = 'sec_0a1b2c3d4e5f6789_app_secret';

/** A client with real-looking secrets and a logger recording every event. */
function secretClient(handler: Handler, options: Partial<KeetaClientOptions> = {}) {
  const events: HttpEvent[] = [];
  const record = (event: HttpEvent) => void events.push(event);
  const credentials = { appId: 123, appSecret: SECRET, accessToken: TOKEN, logger: record };
  return { ...scripted(handler, { ...credentials, ...options }), events };
}

/** The error the call fails with (it must fail). */

describe('success', () => {
  test('applyPartialRefund sends exactly the documented, signed body', async () => {
    const { client, sent } = demoClient(() => json(OK));
    await expect(client.applyPartialRefund(apply)).resolves.toBeUndefined();

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: APPLY_URL,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    // Spec example `otherReason`, sig included.
    expect(sent[0]!.body).toBe(
      '{"appId":123,"accessToken":"abc","timestamp":1682566749,"orderViewId":756823555555859,' +
        '"shopId":466663,"products":[{"orderProductId":1234534224,"refundCount":1}],' +
        '"partRefundType":200000,"partRefundReason":"Do not like",' +
        '"sig":"a0598e138aee0c52ddbc640582ddd0e07334d50f168ea8ef1c17ea0580e0c3bd"}',
    );
  });

  test('applyPartialRefund with a standard reason leaves partRefundReason out', async () => {
    const { client, sent } = demoClient(() => json(OK));
    const { orderViewId, shopId, products } = apply;
    await client.applyPartialRefund({ orderViewId, shopId, products, partRefundType: 200001 });
    const body = JSON.parse(sent[0]!.body) as Record<string, unknown>;
    expect(body).not.toHaveProperty('partRefundReason');
    expect(body['sig']).toBe('20e1f8c76ce493e87b8b0a32ae416821f31b6d53b23871917c108dc3f95a268f');
  });

  test('applyPartialRefund returns undocumented data as received', async () => {
    const { client } = demoClient(() =>
      json({ ...OK, data: { afterSaleOrderId: 833441825390895 } }),
    );
    await expect(client.applyPartialRefund(apply)).resolves.toEqual({
      afterSaleOrderId: 833441825390895,
    });
  });

  test('previewPartialRefund sends the signed body and returns the typed data', async () => {
    const { client, sent } = demoClient(() => json({ ...OK, data: PREVIEW_DATA }));
    const data = await client.previewPartialRefund({
      ...preview,
      products: [{ orderProductId: 1234534224, refundCount: 1 }],
    });
    expect(data).toEqual(PREVIEW_RESULT);
    expect(data?.products?.[0]?.price).toBe('$10.00');
    expect(data?.products?.[0]?.id).toBe('9312039');
    expect(sent[0]).toMatchObject({ url: PREVIEW_URL, method: 'POST' });
    expect(sent[0]!.body).toBe(
      '{"appId":123,"accessToken":"abc","timestamp":1682566749,"orderViewId":756823555555859,' +
        '"shopId":466663,"products":[{"orderProductId":1234534224,"refundCount":1}],' +
        '"sig":"73245f8dd56e9faf466abb2aec48c6cc2f8a15fc11ce05c0f633e58216796ce3"}',
    );
  });

  test('previewPartialRefund without products lists everything (spec example allProducts)', async () => {
    const { client, sent } = demoClient(() => json({ ...OK, data: PREVIEW_DATA }));
    await client.previewPartialRefund(preview);
    expect(JSON.parse(sent[0]!.body)).toEqual({
      appId: 123,
      accessToken: 'abc',
      timestamp: 1682566749,
      orderViewId: 756823555555859,
      shopId: 466663,
      sig: '3359acadbca1a1ccdf70c91fe43facf1c0d4a053ecc5ba8362bf6016816819ce',
    });
  });

  test('timestamp is the clock in whole seconds, and a new one is taken per call', async () => {
    let now = 1700000000_999;
    const { client, sent } = demoClient(() => json(OK), { clock: () => now });
    await client.previewPartialRefund(preview);
    now += 5_000;
    await client.previewPartialRefund(preview);
    expect(sent.map((r) => (JSON.parse(r.body) as { timestamp: number }).timestamp)).toEqual([
      1700000000, 1700000005,
    ]);
  });

  test('a configured baseUrl is used for the request and for the signed URL', async () => {
    const { client, sent } = demoClient(() => json(OK), {
      baseUrl: 'http://127.0.0.1:4010/keeta/',
    });
    expect(client.baseUrl).toBe('http://127.0.0.1:4010/keeta');
    await client.applyPartialRefund(apply);
    expect(sent[0]!.url).toBe('http://127.0.0.1:4010/keeta/order/refund/part/apply');
    const body = parseJson(sent[0]!.body) as Record<string, unknown>;
    await expect(
      verifyKeetaSignature({ url: sent[0]!.url, params: body, appSecret: 'abc', sig: body['sig'] }),
    ).resolves.toBe(true);
  });
});

describe('ids above 2^53', () => {
  test.each([
    ['bigint', BIG],
    ['digit string', String(BIG)],
  ])('orderViewId as a %s is sent and signed with every digit', async (_kind, id) => {
    const { client, sent } = demoClient(() => json(OK));
    await client.applyPartialRefund({
      ...apply,
      orderViewId: id,
      products: [{ orderProductId: id, refundCount: 2 }],
    });
    const text = sent[0]!.body;
    expect(text).toContain('"orderViewId":1152921504606846977,');
    expect(text).toContain('"products":[{"orderProductId":1152921504606846977,"refundCount":2}]');

    const body = parseJson(text) as Record<string, unknown>;
    expect(body['orderViewId']).toBe(BIG);
    const preImage = keetaSigningString({ url: sent[0]!.url, params: body });
    expect(preImage).toContain('&orderViewId=1152921504606846977&');
    expect(preImage).toContain('products=[{"orderProductId":1152921504606846977,"refundCount":2}]');
    // The body on the wire is exactly what was signed.
    await expect(
      signKeetaRequest({ url: APPLY_URL, params: body, appSecret: 'abc' }),
    ).resolves.toBe(body['sig']);
  });

  test('an id above 2^53 in the answer comes back as its exact decimal string', async () => {
    const { client } = demoClient(() =>
      jsonText(
        '{"code":0,"message":"Success","data":{"products":[{"id":1152921504606846977,' +
          '"skuId":9007199254740993,"count":2,"choiceGroupList":[{"id":9223372036854775807}]}]}}',
      ),
    );
    const data = await client.previewPartialRefund({ ...preview, orderViewId: BIG });
    const product = data?.products?.[0];
    expect(product?.id).toBe(String(BIG));
    expect(product?.skuId).toBe('9007199254740993');
    expect(product?.count).toBe(2);
    expect(product?.choiceGroupList?.[0]?.id).toBe(String(2n ** 63n - 1n));
  });
});

describe('Keeta failure envelope (HTTP 200, code ≠ 0)', () => {
  const failure = { code: 1, message: 'Order not found' };

  test('becomes an ApiError with the code and message, and a refund is not resent', async () => {
    const { client, sent } = demoClient(() => json(failure));
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.constructor).toBe(ApiError); // no invented classification
    expect(error).toMatchObject({
      provider: 'keeta',
      operation: 'applyPartialRefund',
      status: 200,
      code: 1,
      providerMessage: 'Order not found',
      message: expect.stringContaining('Order not found') as unknown,
    });
    expect(sent).toHaveLength(1);
  });

  test('on a preview, too, and it is not retried (Keeta answered)', async () => {
    const { client, sent } = demoClient(() => json(failure));
    const error = await caught(client.previewPartialRefund(preview));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 1, providerMessage: 'Order not found' });
    expect(sent).toHaveLength(1);
  });

  test('a code above 2^53 is kept exact', async () => {
    const { client } = demoClient(() => jsonText('{"code":9007199254740993,"message":"x"}'));
    await expect(client.previewPartialRefund(preview)).rejects.toMatchObject({
      code: 9007199254740993n,
    });
  });
});

describe('answers that are not a Keeta envelope', () => {
  const html = () =>
    new Response('<html>gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } });

  test('a read gets InvalidResponseError', async () => {
    const { client } = demoClient(html);
    await expect(client.previewPartialRefund(preview)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  test('JSON without a numeric code is InvalidResponseError for a read', async () => {
    const { client } = demoClient(() => json({ message: 'Success', data: {} }));
    await expect(client.previewPartialRefund(preview)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  test.each([
    ['HTML', html],
    ['JSON without code', () => json({ data: null })],
    // Keeta's code is an integer: a string code is no Keeta answer, so it proves no refusal.
    ['a string code "0"', () => json({ code: '0', message: 'success' })],
    ['a string code "1003"', () => json({ code: '1003', message: 'refused?' })],
    ['an empty body', () => new Response('', { status: 200, headers: { 'content-length': '0' } })],
  ])('a refund write answered with %s is OutcomeUnknownError, sent once', async (_kind, answer) => {
    const { client, sent } = demoClient(answer);
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(InvalidResponseError);
    expect(sent).toHaveLength(1);
  });
});

describe('rate limits (429)', () => {
  test('Retry-After is honoured, then the refund succeeds', async () => {
    const events: HttpEvent[] = [];
    const { client, sent } = demoClient(
      (_request, call) =>
        call === 1
          ? json({ code: 429, message: 'Too many requests' }, 429, { 'retry-after-ms': '30' })
          : json(OK),
      { logger: (event) => void events.push(event) },
    );
    await expect(client.applyPartialRefund(apply)).resolves.toBeUndefined();
    // The wait the transport chose is Keeta's, exactly (no wall-clock assertion).
    expect(events.filter((event) => event.type === 'retry')).toMatchObject([{ delayMs: 30 }]);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toBe(sent[0]!.body); // the same signed body, not a second refund
  });

  test('when retries run out it is a RateLimitError with the wait', async () => {
    const { client, sent } = demoClient(() => json({}, 429, { 'retry-after-ms': '1' }), {
      maxRetries: 1,
    });
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1 });
    expect(sent).toHaveLength(2);
  });
});

describe('a refund write is never resent when it may have arrived', () => {
  test('timeout → OutcomeUnknownError, fetch called once', async () => {
    const { client, sent } = demoClient(hang);
    const error = await caught(client.applyPartialRefund(apply, { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(sent).toHaveLength(1);
  });

  test('HTTP 500 → OutcomeUnknownError, fetch called once', async () => {
    const { client, sent } = demoClient(() => new Response('upstream error', { status: 500 }));
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 500 });
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
  });

  test('connection reset → OutcomeUnknownError, fetch called once', async () => {
    const { client, sent } = demoClient(() => Promise.reject(networkError('ECONNRESET')));
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect(sent).toHaveLength(1);
  });

  test('caller abort mid-flight → OutcomeUnknownError wrapping UserAbortError, once', async () => {
    // Abort once the request is in flight (signing takes a moment, so a timer could fire first).
    const controller = new AbortController();
    const { client, sent } = demoClient((request) => {
      setTimeout(() => controller.abort(), 5);
      return hang(request);
    });
    const error = await caught(client.applyPartialRefund(apply, { signal: controller.signal }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(UserAbortError);
    expect(sent).toHaveLength(1);
  });

  test('connection refused (provably not sent) IS retried', async () => {
    const { client, sent } = demoClient((_request, call) =>
      call === 1 ? Promise.reject(networkError('ECONNREFUSED')) : json(OK),
    );
    await expect(client.applyPartialRefund(apply)).resolves.toBeUndefined();
    expect(sent).toHaveLength(2);
  });

  test('connection refused every time ends in ConnectionError(requestNotSent)', async () => {
    const { client, sent } = demoClient(() => Promise.reject(networkError('ECONNREFUSED')), {
      maxRetries: 1,
    });
    const error = await caught(client.applyPartialRefund(apply));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ requestNotSent: true, errorCode: 'ECONNREFUSED' });
    expect(sent).toHaveLength(2);
  });

  test('a redirect is not followed', async () => {
    const { client, sent } = demoClient(
      () =>
        new Response(null, { status: 307, headers: { location: 'https://evil.example/steal' } }),
    );
    const error = await caught(client.applyPartialRefund(apply));
    // A write: the redirect proves nothing, so the outcome is unknown.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(RedirectError);
    expect(error.cause).toMatchObject({ locationOrigin: 'https://evil.example' });
    expect(sent).toHaveLength(1);
  });
});

describe('a read is retried', () => {
  test('after a 500', async () => {
    const { client, sent } = demoClient((_request, call) =>
      call === 1 ? new Response('oops', { status: 500 }) : json({ ...OK, data: PREVIEW_DATA }),
    );
    await expect(client.previewPartialRefund(preview)).resolves.toEqual(PREVIEW_RESULT);
    expect(sent).toHaveLength(2);
  });

  test('after a timeout', async () => {
    const { client, sent } = demoClient((request, call) =>
      call === 1 ? hang(request) : json({ ...OK, data: PREVIEW_DATA }),
    );
    await expect(client.previewPartialRefund(preview, { timeoutMs: 20 })).resolves.toEqual(
      PREVIEW_RESULT,
    );
    expect(sent).toHaveLength(2);
  });

  test('after a connection reset', async () => {
    const { client, sent } = demoClient((_request, call) =>
      call === 1 ? Promise.reject(networkError('ECONNRESET')) : json({ ...OK, data: PREVIEW_DATA }),
    );
    await expect(client.previewPartialRefund(preview)).resolves.toEqual(PREVIEW_RESULT);
    expect(sent).toHaveLength(2);
  });

  test('until retries run out: InternalServerError / TimeoutError', async () => {
    const server = demoClient(() => new Response('oops', { status: 503 }), { maxRetries: 0 });
    await expect(server.client.previewPartialRefund(preview)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.sent).toHaveLength(1);

    const slow = demoClient(hang, { timeoutMs: 20 });
    await expect(
      slow.client.previewPartialRefund(preview, { maxRetries: 0 }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(slow.sent).toHaveLength(1);
  });

  test('a caller abort stops it with UserAbortError', async () => {
    const { client } = demoClient(hang);
    await expect(
      client.previewPartialRefund(preview, { signal: AbortSignal.timeout(10) }),
    ).rejects.toBeInstanceOf(UserAbortError);
  });
});

describe('secrets stay out of errors and logs', () => {
  const echo = `invalid accessToken ${TOKEN} for app secret ${SECRET}`;

  function assertNoSecret(value: string) {
    expect(value).not.toContain(TOKEN);
    expect(value).not.toContain(SECRET);
  }

  test.each([
    [
      'apply, failure envelope echoing the token',
      'apply',
      () => json({ code: 100, message: echo, accessToken: TOKEN }),
    ],
    [
      'preview, failure envelope echoing the token',
      'preview',
      () => json({ code: 100, message: echo }),
    ],
    [
      'apply, 500 page echoing the token',
      'apply',
      () => new Response(`<p>${echo}</p>`, { status: 500 }),
    ],
    ['preview, 500 JSON echoing the token', 'preview', () => json({ code: 5, message: echo }, 500)],
    [
      'apply, 200 HTML echoing the token',
      'apply',
      () => new Response(`<p>${echo}</p>`, { status: 200 }),
    ],
    ['preview, 401 echoing the token', 'preview', () => json({ message: echo }, 401)],
    [
      'apply, reset whose message has the token',
      'apply',
      () => Promise.reject(networkError('ECONNRESET', echo)),
    ],
  ] as const)('%s', async (_name, which, handler) => {
    const { client, events } = secretClient(handler, { maxRetries: 0 });
    const error = await caught(
      which === 'apply' ? client.applyPartialRefund(apply) : client.previewPartialRefund(preview),
    );
    expect(error).toBeInstanceOf(Error);
    assertNoSecret(String(error));
    assertNoSecret(JSON.stringify(error));
    assertNoSecret(String(error.stack));
    assertNoSecret(stringifyWithBigints(error.cause));
    assertNoSecret(String((error.cause as Error | undefined)?.stack));
    assertNoSecret(stringifyWithBigints(events));
    expect(events.some((event) => event.type === 'request')).toBe(true);
  });

  test('the logged request body masks accessToken and sig, but the wire carries them', async () => {
    const { client, events, sent } = secretClient(() => json(OK));
    await client.applyPartialRefund(apply);
    const request = events.find((event) => event.type === 'request');
    expect(request).toMatchObject({
      body: { accessToken: '[REDACTED]', sig: '[REDACTED]', appId: 123 },
    });
    assertNoSecret(stringifyWithBigints(events));
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ accessToken: TOKEN });
    expect(sent[0]!.body).not.toContain(SECRET);
  });

  test('a bad option names the option, never its value', () => {
    const error = (() => {
      try {
        createKeetaClient({
          appId: 123,
          appSecret: SECRET,
          accessToken: TOKEN,
          baseUrl: `https://x.example/?t=${TOKEN}`,
        });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toMatchObject({ field: 'baseUrl' });
    assertNoSecret(String(error) + JSON.stringify(error));
  });
});

describe('local validation: nothing is sent', () => {
  const product = { orderProductId: 1234534224, refundCount: 1 };
  const applyCases: [string, unknown, string, string][] = [
    ['body not an object', null, 'body', 'object'],
    ['orderViewId missing', { ...apply, orderViewId: undefined }, 'orderViewId', 'int64'],
    ['orderViewId zero', { ...apply, orderViewId: 0 }, 'orderViewId', 'positive'],
    ['orderViewId negative string', { ...apply, orderViewId: '-5' }, 'orderViewId', 'positive'],
    ['orderViewId fraction', { ...apply, orderViewId: 1.5 }, 'orderViewId', 'int64'],
    ['orderViewId unsafe number', { ...apply, orderViewId: 2 ** 60 }, 'orderViewId', 'int64'],
    ['orderViewId above int64', { ...apply, orderViewId: 2n ** 63n }, 'orderViewId', 'int64'],
    ['orderViewId not digits', { ...apply, orderViewId: '12a' }, 'orderViewId', 'int64'],
    ['shopId zero', { ...apply, shopId: 0n }, 'shopId', 'positive'],
    ['products missing', { ...apply, products: undefined }, 'products', 'array'],
    ['products empty', { ...apply, products: [] }, 'products', 'min_items'],
    ['product not an object', { ...apply, products: [product, 7] }, 'products[1]', 'object'],
    [
      'orderProductId zero',
      { ...apply, products: [product, { orderProductId: 0, refundCount: 1 }] },
      'products[1].orderProductId',
      'positive',
    ],
    [
      'refundCount zero',
      { ...apply, products: [{ ...product, refundCount: 0 }] },
      'products[0].refundCount',
      'positive_integer',
    ],
    [
      'refundCount fraction',
      { ...apply, products: [{ ...product, refundCount: 1.5 }] },
      'products[0].refundCount',
      'positive_integer',
    ],
    [
      'refundCount string',
      { ...apply, products: [{ ...product, refundCount: '1' }] },
      'products[0].refundCount',
      'positive_integer',
    ],
    [
      'refundCount missing',
      { ...apply, products: [{ orderProductId: 1 }] },
      'products[0].refundCount',
      'positive_integer',
    ],
    [
      'unknown product field',
      { ...apply, products: [{ ...product, qty: 1 }] },
      'products[0].qty',
      'unknown_field',
    ],
    ['partRefundType undocumented', { ...apply, partRefundType: 123 }, 'partRefundType', 'enum'],
    ['partRefundType as string', { ...apply, partRefundType: '200001' }, 'partRefundType', 'enum'],
    ['partRefundType missing', { ...apply, partRefundType: undefined }, 'partRefundType', 'enum'],
    [
      '200000 without reason',
      { ...apply, partRefundReason: undefined },
      'partRefundReason',
      'non_empty_string',
    ],
    [
      '200000 with empty reason',
      { ...apply, partRefundReason: '' },
      'partRefundReason',
      'non_empty_string',
    ],
    [
      '200000 with blank reason',
      { ...apply, partRefundReason: '  ' },
      'partRefundReason',
      'non_empty_string',
    ],
    [
      'reason not a string',
      { ...apply, partRefundType: 200002, partRefundReason: 5 },
      'partRefundReason',
      'string',
    ],
    ['common parameter passed', { ...apply, sig: 'x' }, 'sig', 'reserved'],
    ['appId passed', { ...apply, appId: 1 }, 'appId', 'reserved'],
    ['misspelt field', { ...apply, partRefundReson: 'x' }, 'partRefundReson', 'unknown_field'],
  ];

  test.each(applyCases)('applyPartialRefund: %s', async (_name, body, field, rule) => {
    const { client, sent } = demoClient(() => json(OK));
    const error = await caught(client.applyPartialRefund(body as ApplyPartialRefundInput));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field, rule, operation: 'applyPartialRefund' });
    expect(sent).toHaveLength(0);
  });

  const previewCases: [string, unknown, string, string][] = [
    ['orderViewId missing', { shopId: 1 }, 'orderViewId', 'int64'],
    ['shopId negative', { ...preview, shopId: -1 }, 'shopId', 'positive'],
    ['products not an array', { ...preview, products: {} }, 'products', 'array'],
    ['products null', { ...preview, products: null }, 'products', 'array'],
    [
      'bad product',
      { ...preview, products: [{ orderProductId: 'x', refundCount: 1 }] },
      'products[0].orderProductId',
      'int64',
    ],
    [
      'bad count',
      { ...preview, products: [{ orderProductId: 1, refundCount: -1 }] },
      'products[0].refundCount',
      'positive_integer',
    ],
    ['apply-only field', { ...preview, partRefundType: 200001 }, 'partRefundType', 'unknown_field'],
    ['token passed', { ...preview, accessToken: 'x' }, 'accessToken', 'reserved'],
  ];

  test.each(previewCases)('previewPartialRefund: %s', async (_name, body, field, rule) => {
    const { client, sent } = demoClient(() => json(OK));
    const error = await caught(client.previewPartialRefund(body as PreviewPartialRefundInput));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field, rule, operation: 'previewPartialRefund' });
    expect(sent).toHaveLength(0);
  });

  test('previewPartialRefund accepts an empty products list', async () => {
    const { client, sent } = demoClient(() => json(OK));
    await client.previewPartialRefund({ ...preview, products: [] });
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ products: [] });
  });

  test.each([
    [{ timeoutMs: 0 }, 'options.timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'options.timeoutMs'],
    [{ maxRetries: -1 }, 'options.maxRetries'],
    [{ maxRetries: 1.5 }, 'options.maxRetries'],
    [{ signal: 'stop' }, 'options.signal'],
  ])('bad per-call options %o are refused', async (options, field) => {
    const { client, sent } = demoClient(() => json(OK));
    await expect(client.applyPartialRefund(apply, options as never)).rejects.toMatchObject({
      field,
    });
    expect(sent).toHaveLength(0);
  });

  test('a clock that does not give a time is refused before sending', async () => {
    const { client, sent } = demoClient(() => json(OK), { clock: () => Number.NaN });
    await expect(client.applyPartialRefund(apply)).rejects.toMatchObject({ field: 'clock' });
    expect(sent).toHaveLength(0);
  });
});

describe('createKeetaClient options', () => {
  const good = { appId: 123, appSecret: SECRET, accessToken: TOKEN };

  test.each([
    [{ appId: 0 }, 'appId'],
    [{ appId: '12x' }, 'appId'],
    [{ appId: undefined }, 'appId'],
    [{ appSecret: '' }, 'appSecret'],
    [{ accessToken: ' ' }, 'accessToken'],
    [{ accessToken: undefined }, 'accessToken'],
    [{ baseUrl: 'http://open.mykeeta.com/api/open' }, 'baseUrl'],
    [{ baseUrl: 'https://open.mykeeta.com/api/open#x' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pw@open.mykeeta.com/api/open' }, 'baseUrl'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ timeoutMs: -1 }, 'timeoutMs'],
    [{ maxRetries: Number.POSITIVE_INFINITY }, 'maxRetries'],
    [{ fetch: 'fetch' }, 'fetch'],
    [{ clock: 5 }, 'clock'],
    [{ logger: {} }, 'logger'],
  ])('%o is refused, naming the option', (override, field) => {
    expect(() => createKeetaClient({ ...good, ...override } as KeetaClientOptions)).toThrow(
      expect.objectContaining({ name: 'LocalValidationError', field }),
    );
  });

  test('defaults to the production base URL and accepts a bigint appId', async () => {
    const { client, sent } = demoClient(() => json(OK), { appId: BIG });
    expect(client.baseUrl).toBe(BASE);
    await client.previewPartialRefund(preview);
    expect(sent[0]!.body).toContain('"appId":1152921504606846977,');
  });
});

describe('raw', () => {
  test('goes through the transport: typed errors, no redirects, redacted logs', async () => {
    const { client, sent, events } = secretClient(
      () =>
        new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
    );
    const error = await caught(
      client.raw.POST('/order/refund/part/products/preview', {
        body: {
          appId: 123,
          accessToken: TOKEN,
          timestamp: 1,
          sig: '0'.repeat(64),
          orderViewId: 1,
          shopId: 2,
        },
      }),
    );
    // `raw` calls count as writes: a redirect leaves their outcome unknown.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ operation: 'raw' });
    expect(sent).toHaveLength(1);
    expect(stringifyWithBigints(events)).not.toContain(TOKEN);
  });

  test('returns the raw envelope text on success', async () => {
    const { client } = demoClient(() =>
      jsonText('{"code":0,"message":"Success","data":{"id":1152921504606846977}}'),
    );
    const { data } = await client.raw.POST('/order/refund/part/products/preview', {
      body: {
        appId: 123,
        accessToken: 'abc',
        timestamp: 1,
        sig: '0'.repeat(64),
        orderViewId: 1,
        shopId: 2,
      },
      parseAs: 'text',
    });
    expect(parseJson(data!)).toEqual({ code: 0, message: 'Success', data: { id: BIG } });
  });
});
