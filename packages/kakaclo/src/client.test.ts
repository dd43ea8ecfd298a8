import { describe, expect, test } from 'vitest';
import { stringifyJson, type HttpEvent } from '@refundkit/http';
// The error classes come through the client's own index, as a caller imports them.
import {
  createKakacloClient,
  KAKACLO_BASE_URL,
  KAKACLO_TEST_BASE_URL,
  parseJson,
  type KakacloClientOptions,
  ApiError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  LocalValidationError,
  OutcomeUnknownError,
  RateLimitError,
  RedirectError,
  RefundkitError,
  TimeoutError,
  UserAbortError,
} from './index.js';
import {
  fakeFetch,
  hang,
  networkError,
  stringifyWithBigints as stringifyAll,
  type Step,
  scriptedClient,
  rejection,
} from '@refundkit/test-kit';

const TOKEN = 'kk_TOKEN_9f8e7d6c5b4a3210';
const REFUND_URL = `${KAKACLO_BASE_URL}/openapi/v2/order/orders/10001/refund`;
const QUERY_URL = `${KAKACLO_BASE_URL}/openapi/v2/order/orders/refund/10001`;
const REFUND_NO = '1560897343230267394'; // the documented 19-digit refund number

/** A JSON answer; a string body is sent verbatim (to write bare 19-digit integers). */
function answer(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(typeof body === 'string' ? body : stringifyJson(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** A KakaClo success envelope around `data`. */
function ok(data: unknown): Response {
  return answer({ code: 10000, message: 'ok', data });
}

const connectionReset = (): Step => ({ throw: networkError('ECONNRESET') });
const connectionRefused = (): Step => ({
  throw: networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'),
});

function setup(steps: Step[], options: Partial<KakacloClientOptions> = {}) {
  return scriptedClient<ReturnType<typeof createKakacloClient>, HttpEvent>(steps, (http) =>
    createKakacloClient({ accessToken: TOKEN, ...http, ...options }),
  );
}

/** The rejection of `promise`, which must reject. */

const someItems = {
  remark: 'test',
  refundReason: 'Other',
  orderItems: [
    { itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' },
    { itemId: '120002', skuCode: 'FSZW08923_R_L_NUB', quantity: 2, countryCode: 'US' },
  ],
};

describe('createKakacloClient', () => {
  test('defaults to the production base URL; the test host is one option away', async () => {
    expect(KAKACLO_BASE_URL).toBe('https://developer.kakaclo.com/openapi');
    const prod = setup([ok(1)]);
    expect(prod.client.baseUrl).toBe(KAKACLO_BASE_URL);
    await prod.client.refundOrder('10001');
    expect(prod.calls[0]?.url).toBe(REFUND_URL);

    const test = setup([ok(1)], { baseUrl: KAKACLO_TEST_BASE_URL });
    await test.client.refundOrder('10001');
    // Exactly the URL of KakaClo's own curl examples.
    expect(test.calls[0]?.url).toBe(
      'https://test-developer.kakaclo.com/openapi/openapi/v2/order/orders/10001/refund',
    );
  });

  test('a trailing slash on baseUrl is dropped; http is allowed for localhost only', async () => {
    const local = setup([ok(1)], { baseUrl: 'http://localhost:4010/kk/' });
    await local.client.refundOrder('7');
    expect(local.calls[0]?.url).toBe('http://localhost:4010/kk/openapi/v2/order/orders/7/refund');
  });

  test.each([
    [{ accessToken: '' }, 'accessToken', 'non_empty_string'],
    [{ accessToken: undefined }, 'accessToken', 'non_empty_string'],
    [{ accessToken: `Bearer ${TOKEN}` }, 'accessToken', 'bearer_token'],
    [{ accessToken: `${TOKEN}\n` }, 'accessToken', 'bearer_token'],
    [{ accessToken: 'tok_ü_123456' }, 'accessToken', 'bearer_token'],
    [{ accessToken: 'tok_\u0100_123456' }, 'accessToken', 'bearer_token'],
    [{ baseUrl: 'http://developer.kakaclo.com/openapi' }, 'baseUrl', 'base_url'],
    [{ baseUrl: 'https://developer.kakaclo.com/openapi?x=1' }, 'baseUrl', 'base_url'],
    [{ baseUrl: 'developer.kakaclo.com' }, 'baseUrl', 'base_url'],
    [{ timeoutMs: 0 }, 'timeoutMs', 'timeout'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs', 'timeout'],
    [{ timeoutMs: 3_000_000_000 }, 'timeoutMs', 'timeout'],
    [{ maxRetries: -1 }, 'maxRetries', 'max_retries'],
    [{ maxRetries: 0.5 }, 'maxRetries', 'max_retries'],
    [{ fetch: 'fetch' }, 'fetch', 'function'],
    [{ logger: console }, 'logger', 'function'],
  ])('refuses %o (field %s, rule %s)', (override, field, rule) => {
    const options = { accessToken: TOKEN, ...override } as unknown as KakacloClientOptions;
    let error: unknown;
    try {
      createKakacloClient(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field, rule, provider: 'kakaclo' });
    expect(String(error)).not.toContain(TOKEN);
    expect(stringifyAll(error)).not.toContain(TOKEN);
  });

  test('refuses a missing options object', () => {
    expect(() => createKakacloClient(undefined as unknown as KakacloClientOptions)).toThrow(
      LocalValidationError,
    );
  });
});

describe('refundOrder: success', () => {
  test('sends the documented "refund some items" request and returns the refund id', async () => {
    const { client, calls } = setup([answer({ code: 10000, message: 'ok', data: 10002 })]);
    const result = await client.refundOrder('10001', someItems);

    expect(result).toEqual({ refundId: '10002' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({
      method: 'POST',
      url: REFUND_URL,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      // Byte for byte the body of KakaClo's curl example.
      body: '{"remark":"test","refundReason":"Other","orderItems":[{"itemId":"120001","skuCode":"FSZW08923_R_L_NUB","quantity":1,"countryCode":"CN"},{"itemId":"120002","skuCode":"FSZW08923_R_L_NUB","quantity":2,"countryCode":"US"}]}',
    });
  });

  test('without a body refunds the whole order and sends {}', async () => {
    const { client, calls } = setup([ok(10002)]);
    await client.refundOrder('10001');
    expect(calls[0]?.body).toBe('{}');
    expect(calls[0]?.headers['content-type']).toBe('application/json');
  });

  test('the documented whole-order body is sent as given', async () => {
    const { client, calls } = setup([ok(10002)]);
    await client.refundOrder('10001', { remark: 'other reason' });
    expect(calls[0]?.body).toBe('{"remark":"other reason"}');
  });

  test('only checked fields are sent, in the documented order', async () => {
    const { client, calls } = setup([ok(1)]);
    await client.refundOrder('10001', {
      orderItems: [{ quantity: 3, skuCode: 'SKU-1' }],
      refundReason: 'Out Of Stock',
    });
    expect(calls[0]?.body).toBe(
      '{"refundReason":"Out Of Stock","orderItems":[{"skuCode":"SKU-1","quantity":3}]}',
    );
  });

  test('an item may be named by itemId alone (the page marks no item field required)', async () => {
    const { client, calls } = setup([ok(1)]);
    await client.refundOrder('10001', {
      orderItems: [{ itemId: '120001', quantity: 1, countryCode: 'CN' }],
    });
    expect(calls[0]?.body).toBe(
      '{"orderItems":[{"itemId":"120001","quantity":1,"countryCode":"CN"}]}',
    );
  });

  test.each([
    ['a string id ("kk.api.200" tab)', '{"code":10000,"message":"kk.api.200","data":"111"}', '111'],
    ['a numeric id (the examples)', '{"code":10000,"message":"ok","data":10002}', '10002'],
    ['a 19-digit string', `{"code":10000,"message":"ok","data":"${REFUND_NO}"}`, REFUND_NO],
    ['a bare 19-digit integer', `{"code":10000,"message":"ok","data":${REFUND_NO}}`, REFUND_NO],
    ['the code as a string', '{"code":"10000","message":"ok","data":5}', '5'],
  ])('data as %s comes back as an exact string', async (_name, body, refundId) => {
    const { client } = setup([answer(body)]);
    await expect(client.refundOrder('10001')).resolves.toEqual({ refundId });
  });

  test('countryCode is sent exactly as given: the same SKU from two warehouses, any format', async () => {
    // The spec types countryCode as a plain string ("CN" and "US" in the examples, without
    // saying those are the only values): no case folding, no length rule.
    const { client, calls } = setup([ok(1)]);
    await client.refundOrder('10001', {
      orderItems: [
        { skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'US' },
        { skuCode: 'FSZW08923_R_L_NUB', quantity: 2, countryCode: 'CN' },
        { skuCode: 'SKU-2', quantity: 1, countryCode: 'cn' },
        { skuCode: 'SKU-3', quantity: 1, countryCode: 'GBR' },
      ],
    });
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      orderItems: [
        { skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'US' },
        { skuCode: 'FSZW08923_R_L_NUB', quantity: 2, countryCode: 'CN' },
        { skuCode: 'SKU-2', quantity: 1, countryCode: 'cn' },
        { skuCode: 'SKU-3', quantity: 1, countryCode: 'GBR' },
      ],
    });
  });

  test('numeric and bigint order ids are sent as exact digits', async () => {
    const { client, calls } = setup([ok(1)]);
    await client.refundOrder(10001);
    await client.refundOrder(2n ** 63n - 1n);
    expect(calls.map((call) => call.url)).toEqual([
      REFUND_URL,
      `${KAKACLO_BASE_URL}/openapi/v2/order/orders/9223372036854775807/refund`,
    ]);
  });

  test('an order id is percent-encoded into one path segment', async () => {
    const { client, calls } = setup([ok(1)]);
    await client.refundOrder('a/b?c');
    expect(calls[0]?.url).toBe(`${KAKACLO_BASE_URL}/openapi/v2/order/orders/a%2Fb%3Fc/refund`);
  });
});

describe('refundOrder: failures', () => {
  test('an envelope with another code is an ApiError with code and message, not retried', async () => {
    const { client, calls } = setup([
      answer({ code: 10001, message: 'order has been shipped', data: null }),
    ]);
    const error = await rejection(client.refundOrder('10001'));
    expect(error.constructor).toBe(ApiError); // no codes documented: no finer class claimed
    expect(error).toMatchObject({
      status: 200,
      code: 10001,
      providerMessage: 'order has been shipped',
      operation: 'refundOrder',
      provider: 'kakaclo',
    });
    expect(error.message).toContain('order has been shipped');
    expect(calls).toHaveLength(1);
  });

  test('a 401 from a gateway is an AuthenticationError with KakaClo code and message', async () => {
    const { client } = setup([answer({ code: 401, message: 'unauthorized' }, { status: 401 })]);
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 401, providerMessage: 'unauthorized' });
  });

  test('429 with retry-after-ms is retried after that delay, even for a refund', async () => {
    const { client, calls, events } = setup([
      answer(
        { code: 429, message: 'too many requests' },
        { status: 429, headers: { 'retry-after-ms': '7' } },
      ),
      ok(10002),
    ]);
    await expect(client.refundOrder('10001', someItems)).resolves.toEqual({ refundId: '10002' });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toBe(calls[0]?.body);
    expect(events.filter((event) => event.type === 'retry')).toMatchObject([{ delayMs: 7 }]);
  });

  test('429 beyond the retries is a RateLimitError carrying Retry-After', async () => {
    const { client, calls } = setup(
      [answer('', { status: 429, headers: { 'retry-after': '1' } })],
      { maxRetries: 0 },
    );
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1000 });
    expect(calls).toHaveLength(1);
  });

  test('a 500 is OutcomeUnknownError and the refund is not resent', async () => {
    const { client, calls } = setup([answer({ message: 'boom' }, { status: 500 }), ok(1)]);
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 500 });
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
  });

  test('a connection reset is OutcomeUnknownError and the refund is not resent', async () => {
    const { client, calls } = setup([connectionReset(), ok(1)]);
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toMatchObject({ errorCode: 'ECONNRESET', requestNotSent: false });
    expect(calls).toHaveLength(1);
  });

  test('a refused connection never sent anything, so the refund is retried', async () => {
    const { client, calls } = setup([connectionRefused(), ok(10002)]);
    await expect(client.refundOrder('10001')).resolves.toEqual({ refundId: '10002' });
    expect(calls).toHaveLength(2);
  });

  test('refused connections beyond the retries are a ConnectionError', async () => {
    const { client, calls } = setup([connectionRefused()], { maxRetries: 0 });
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', requestNotSent: true });
    expect(calls).toHaveLength(1);
  });

  test('an abort while the refund is in flight is OutcomeUnknownError caused by UserAbortError', async () => {
    const controller = new AbortController();
    // Aborted once the request is in flight, not on a timer.
    const { client, calls } = setup([
      (request) => {
        controller.abort();
        return hang(request);
      },
    ]);
    const error = await rejection(
      client.refundOrder('10001', undefined, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(UserAbortError);
    expect(calls).toHaveLength(1);
  });

  test('a redirect is not followed', async () => {
    const { client, calls } = setup([
      new Response(null, { status: 302, headers: { location: 'https://evil.example/steal' } }),
    ]);
    const error = await rejection(client.refundOrder('10001'));
    // A refund: the redirect proves nothing, so the outcome is unknown.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(RedirectError);
    expect(error.cause).toMatchObject({ locationOrigin: 'https://evil.example' });
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['not JSON', '<html>bad gateway</html>'],
    ['not an envelope', '{"data":10002}'],
    ['an envelope without data', '{"code":10000,"message":"ok"}'],
    ['data null', '{"code":10000,"message":"ok","data":null}'],
    ['data empty', '{"code":10000,"message":"ok","data":""}'],
    ['data a fraction', '{"code":10000,"message":"ok","data":1.5}'],
    ['data with lost digits', '{"code":10000,"message":"ok","data":1.560897343230267e18}'],
  ])('a 200 answer %s is OutcomeUnknownError (the refund may exist)', async (_name, body) => {
    const { client, calls } = setup([answer(body), ok(1)]);
    const error = await rejection(client.refundOrder('10001'));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(InvalidResponseError);
    expect(calls).toHaveLength(1);
  });
});

describe('refundOrder: local validation (nothing is sent)', () => {
  const item = { skuCode: 'SKU', quantity: 1 };
  test.each([
    ['orderId ..', '..', undefined, 'orderId', 'path_id'],
    ['orderId .', '.', undefined, 'orderId', 'path_id'],
    ['orderId empty', '', undefined, 'orderId', 'path_id'],
    ['orderId padded', ' 10001', undefined, 'orderId', 'path_id'],
    ['orderId with a newline', '100\n01', undefined, 'orderId', 'path_id'],
    ['orderId an unsafe number', 2 ** 53 + 2, undefined, 'orderId', 'int64'],
    ['orderId a fraction', 1.5, undefined, 'orderId', 'int64'],
    ['orderId zero', 0, undefined, 'orderId', 'positive'],
    ['orderId null', null, undefined, 'orderId', 'path_id'],
    ['body null', '1', null, 'body', 'object'],
    ['body an array', '1', [item], 'body', 'object'],
    ['a misspelt items field', '1', { items: [item] }, 'items', 'unknown_field'],
    ['orderItems undefined', '1', { orderItems: undefined }, 'orderItems', 'array'],
    ['orderItems empty', '1', { orderItems: [] }, 'orderItems', 'min_items'],
    ['orderItems not an array', '1', { orderItems: item }, 'orderItems', 'array'],
    ['an item not an object', '1', { orderItems: ['SKU'] }, 'orderItems[0]', 'object'],
    [
      'an unknown item field',
      '1',
      { orderItems: [{ ...item, sku: 'x' }] },
      'orderItems[0].sku',
      'unknown_field',
    ],
    [
      'neither itemId nor skuCode',
      '1',
      { orderItems: [item, { quantity: 1 }] },
      'orderItems[1].skuCode',
      'required',
    ],
    [
      'itemId blank',
      '1',
      { orderItems: [{ itemId: ' ', quantity: 1 }] },
      'orderItems[0].itemId',
      'non_empty_string',
    ],
    [
      'skuCode blank',
      '1',
      { orderItems: [{ ...item, skuCode: '  ' }] },
      'orderItems[0].skuCode',
      'non_empty_string',
    ],
    [
      'quantity missing',
      '1',
      { orderItems: [{ skuCode: 'SKU' }] },
      'orderItems[0].quantity',
      'positive_integer',
    ],
    [
      'quantity zero',
      '1',
      { orderItems: [{ ...item, quantity: 0 }] },
      'orderItems[0].quantity',
      'positive_integer',
    ],
    [
      'quantity negative',
      '1',
      { orderItems: [{ ...item, quantity: -2 }] },
      'orderItems[0].quantity',
      'positive_integer',
    ],
    [
      'quantity a fraction',
      '1',
      { orderItems: [{ ...item, quantity: 1.5 }] },
      'orderItems[0].quantity',
      'positive_integer',
    ],
    [
      'quantity a string',
      '1',
      { orderItems: [{ ...item, quantity: '1' }] },
      'orderItems[0].quantity',
      'positive_integer',
    ],
    [
      'itemId empty',
      '1',
      { orderItems: [{ ...item, itemId: '' }] },
      'orderItems[0].itemId',
      'non_empty_string',
    ],
    [
      'itemId a number',
      '1',
      { orderItems: [{ ...item, itemId: 120001 }] },
      'orderItems[0].itemId',
      'non_empty_string',
    ],
    [
      'countryCode empty',
      '1',
      { orderItems: [{ ...item, countryCode: '' }] },
      'orderItems[0].countryCode',
      'non_empty_string',
    ],
    [
      'countryCode blank',
      '1',
      { orderItems: [{ ...item, countryCode: ' ' }] },
      'orderItems[0].countryCode',
      'non_empty_string',
    ],
    [
      'countryCode a number',
      '1',
      { orderItems: [{ ...item, countryCode: 86 }] },
      'orderItems[0].countryCode',
      'non_empty_string',
    ],
    ['refundReason empty', '1', { refundReason: '' }, 'refundReason', 'non_empty_string'],
    ['remark a number', '1', { remark: 42 }, 'remark', 'string'],
  ])('%s', async (_name, orderId, body, field, rule) => {
    const { client, calls } = setup([ok(1)]);
    const error = await rejection(client.refundOrder(orderId as string, body as never));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field, rule, operation: 'refundOrder' });
    expect(calls).toHaveLength(0);
  });

  test.each([
    [{ timeoutMs: 0 }, 'options.timeoutMs'],
    [{ maxRetries: -1 }, 'options.maxRetries'],
    [{ signal: 'stop' }, 'options.signal'],
    ['fast', 'options'],
  ])('call options %o are checked (%s)', async (options, field) => {
    const { client, calls } = setup([ok(1)]);
    const error = await rejection(client.refundOrder('1', undefined, options as never));
    expect(error).toMatchObject({ field });
    expect(calls).toHaveLength(0);
  });
});

describe('queryRefund', () => {
  const page = {
    total: 1,
    pageNumber: 1,
    pageSize: 10,
    list: [{ refundNo: REFUND_NO, refundStatus: 'pending_review', id: '10001', remark: 'test' }],
  };

  test('sends an authenticated GET without a body and returns the typed page', async () => {
    const { client, calls } = setup([ok(page)]);
    const result = await client.queryRefund('10001');
    expect(result).toEqual(page);
    expect(calls).toEqual([
      { method: 'GET', url: QUERY_URL, headers: { authorization: `Bearer ${TOKEN}` }, body: '' },
    ]);
  });

  test('a 19-digit refundNo comes back exact, as a JSON string or as a bare integer', async () => {
    const bare = `{"code":10000,"message":"ok","data":{"total":2,"pageNumber":1,"pageSize":10,"list":[{"refundNo":${REFUND_NO},"refundStatus":"refund_successfully","id":10001,"remark":"a"},{"refundNo":"${REFUND_NO}","refundStatus":"refund_failed","id":"10001"}]}}`;
    // The bare integer really is beyond what a number holds.
    const plain = JSON.parse(bare) as { data: { list: { refundNo: number }[] } };
    expect(String(plain.data.list[0]?.refundNo)).not.toBe(REFUND_NO);
    const { client } = setup([answer(bare)]);
    const { list } = await client.queryRefund('10001');
    expect(list?.map((record) => record.refundNo)).toEqual([REFUND_NO, REFUND_NO]);
    expect(list?.map((record) => record.id)).toEqual(['10001', '10001']);
    expect(list?.map((record) => record.refundStatus)).toEqual([
      'refund_successfully',
      'refund_failed',
    ]);
  });

  test('null fields are left out and unknown fields pass through', async () => {
    const { client } = setup([
      ok({ list: [{ refundNo: REFUND_NO, refundStatus: null, remark: null, extra: 1 }] }),
    ]);
    const { list } = await client.queryRefund('10001');
    expect(list).toEqual([{ refundNo: REFUND_NO, extra: 1 }]);
  });

  test('an id is percent-encoded; a bigint id is sent exact', async () => {
    const { client, calls } = setup([ok(page)]);
    await client.queryRefund('a/b?c');
    await client.queryRefund(BigInt(REFUND_NO));
    expect(calls.map((call) => call.url)).toEqual([
      `${KAKACLO_BASE_URL}/openapi/v2/order/orders/refund/a%2Fb%3Fc`,
      `${KAKACLO_BASE_URL}/openapi/v2/order/orders/refund/${REFUND_NO}`,
    ]);
  });

  test.each([
    ['..', 'path_id'],
    ['', 'path_id'],
    [-1, 'positive'],
  ])('refuses id %o before sending', async (id, rule) => {
    const { client, calls } = setup([ok(page)]);
    const error = await rejection(client.queryRefund(id));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field: 'id', rule, operation: 'queryRefund' });
    expect(calls).toHaveLength(0);
  });

  test('is retried after a 500', async () => {
    const { client, calls } = setup([answer({ message: 'boom' }, { status: 500 }), ok(page)]);
    await expect(client.queryRefund('10001')).resolves.toEqual(page);
    expect(calls).toHaveLength(2);
  });

  test('is retried after a timeout', async () => {
    const { client, calls } = setup(['hang', ok(page)]);
    await expect(client.queryRefund('10001', { timeoutMs: 20 })).resolves.toEqual(page);
    expect(calls).toHaveLength(2);
  });

  test('is retried after a connection reset', async () => {
    const { client, calls } = setup([connectionReset(), ok(page)]);
    await expect(client.queryRefund('10001')).resolves.toEqual(page);
    expect(calls).toHaveLength(2);
  });

  test('a timeout beyond the retries is a TimeoutError', async () => {
    const { client, calls } = setup(['hang'], { maxRetries: 0 });
    const error = await rejection(client.queryRefund('10001', { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls).toHaveLength(1);
  });

  test('a 5xx beyond the retries is an InternalServerError', async () => {
    const { client, calls } = setup([answer({ message: 'boom' }, { status: 503 })], {
      maxRetries: 0,
    });
    const error = await rejection(client.queryRefund('10001'));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
  });

  test('a failure envelope is an ApiError and is not retried', async () => {
    const { client, calls } = setup([answer({ code: 10400, message: 'refund not found' })]);
    const error = await rejection(client.queryRefund('10001'));
    expect(error.constructor).toBe(ApiError);
    expect(error).toMatchObject({ code: 10400, providerMessage: 'refund not found' });
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['no data', '{"code":10000,"message":"ok"}'],
    ['list not an array', '{"code":10000,"data":{"list":{}}}'],
    ['a record not an object', '{"code":10000,"data":{"list":[1]}}'],
    ['an undocumented status', '{"code":10000,"data":{"list":[{"refundStatus":"refunded"}]}}'],
    [
      'a refundNo that lost digits',
      '{"code":10000,"data":{"list":[{"refundNo":1.5608973432302674e18}]}}',
    ],
    ['a remark not a string', '{"code":10000,"data":{"list":[{"remark":{}}]}}'],
  ])('an answer with %s is an InvalidResponseError', async (_name, body) => {
    const { client } = setup([answer(body)]);
    const error = await rejection(client.queryRefund('10001'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, operation: 'queryRefund' });
  });
});

describe('secrets', () => {
  /** Every way an error or event could be shown, joined. */
  function exposures(error: Error, events: HttpEvent[]): string {
    const causes: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
      causes.push(String(cause), stringifyAll(cause), cause.stack ?? '');
    }
    return [...causes, stringifyAll(events)].join('\n');
  }

  test.each([
    [
      'an envelope echoing the token',
      [answer({ code: 10002, message: `bad token ${TOKEN}`, data: { token: TOKEN } })],
    ],
    [
      'a 401 echoing the token',
      [answer({ code: 401, message: `Bearer ${TOKEN} expired` }, { status: 401 })],
    ],
    [
      'a 429 echoing the token',
      [
        answer(
          { message: `slow down ${TOKEN}` },
          { status: 429, headers: { 'retry-after-ms': '1', 'x-request-id': TOKEN } },
        ),
      ],
    ],
    [
      'a 500 HTML page echoing the token',
      [answer(`<pre>Authorization: Bearer ${TOKEN}</pre>`, { status: 500 })],
    ],
    [
      'a reset whose cause names the token',
      [
        {
          throw: Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error(`socket hang up ${TOKEN}`), { code: 'ECONNRESET' }),
          }),
        },
      ],
    ],
    ['a timeout', ['hang' as const]],
    ['an unreadable 200 echoing the token', [answer(`oops ${TOKEN}`)]],
    [
      'a 200 without refund id echoing the token',
      [answer({ code: 10000, message: TOKEN, data: { t: TOKEN, n: 2n ** 64n } })],
    ],
  ])('never appear for %s', async (_name, steps) => {
    const { client, events } = setup(steps, { maxRetries: 1, timeoutMs: 20 });
    const error = await rejection(client.refundOrder('10001', someItems));
    expect(error).toBeInstanceOf(RefundkitError);
    expect(events.length).toBeGreaterThan(0);
    expect(exposures(error, events)).not.toContain(TOKEN);
  });

  test('the Authorization header is redacted in request events', async () => {
    const { client, events } = setup([ok(1)]);
    await client.refundOrder('10001');
    const request = events.find((event) => event.type === 'request');
    expect(request).toMatchObject({ headers: { authorization: '[REDACTED]' } });
    expect(stringifyAll(events)).not.toContain(TOKEN);
  });

  test('an undocumented value echoed in an InvalidResponseError message is redacted', async () => {
    const { client } = setup([ok({ list: [{ refundStatus: `expired ${TOKEN}` }] })]);
    const error = await rejection(client.queryRefund('10001'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('refundStatus');
    expect(String(error) + stringifyAll(error)).not.toContain(TOKEN);
  });

  test('an invalid answer holding an integer above 2^53 still serialises', async () => {
    const { client } = setup([
      answer(`{"code":10000,"data":{"list":[{"refundNo":1.5e18,"id":${REFUND_NO}}]}}`),
    ]);
    const error = await rejection(client.queryRefund('10001'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      body: { data: { list: [{ id: REFUND_NO }] } },
    });
  });

  test('an error body holding an integer above 2^53 still serialises', async () => {
    const { client } = setup([answer(`{"code":10003,"message":"dup","data":${REFUND_NO}}`)]);
    const error = await rejection(client.refundOrder('10001'));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 10003,
      body: { data: REFUND_NO },
    });
  });
});

describe('raw', () => {
  test('adds the token, goes through the transport, and parses losslessly with parseAs text', async () => {
    const { client, calls } = setup([
      answer(`{"code":10000,"data":{"list":[{"refundNo":${REFUND_NO}}]}}`),
    ]);
    const { data } = await client.raw.GET('/openapi/v2/order/orders/refund/{id}', {
      params: { path: { id: '10001' } },
      parseAs: 'text',
    });
    expect(calls[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(parseJson(data ?? '')).toMatchObject({
      data: { list: [{ refundNo: BigInt(REFUND_NO) }] },
    });
  });

  test('is not retried by default, but is when given an idempotent fetchFor', async () => {
    const failing = answer({ message: 'boom' }, { status: 500 });
    const once = setup([failing, ok({})]);
    const error = await rejection(
      once.client.raw.GET('/openapi/v2/order/orders/refund/{id}', {
        params: { path: { id: '1' } },
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(once.calls).toHaveLength(1);

    const retried = setup([failing, ok({})]);
    await retried.client.raw.GET('/openapi/v2/order/orders/refund/{id}', {
      params: { path: { id: '1' } },
      fetch: retried.client.transport.fetchFor({ name: 'queryRefund', idempotent: true }),
    });
    expect(retried.calls).toHaveLength(2);
  });

  test('never sends the token to another origin', async () => {
    const { client, calls } = setup([ok({})]);
    const error = await rejection(
      client.raw.GET('/openapi/v2/order/orders/refund/{id}', {
        params: { path: { id: '1' } },
        baseUrl: 'https://evil.example',
      }),
    );
    expect(error).toBeInstanceOf(RefundkitError);
    expect(calls).toHaveLength(0);

    // Even with the caller's own fetch, the header is only added for the configured origin.
    const elsewhere = fakeFetch(ok({}));
    await client.raw.GET('/openapi/v2/order/orders/refund/{id}', {
      params: { path: { id: '1' } },
      baseUrl: 'https://evil.example',
      fetch: (request) => elsewhere.fetch(request),
    });
    expect(elsewhere.sent[0]?.headers['authorization']).toBeUndefined();
  });
});
