import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  LocalValidationError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RefundkitError,
  ValidationError,
  type HttpEvent,
  type RequestOptions,
} from '@refundkit/http';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient, type ShoplazzaClient } from './client.js';
import {
  describeWriteSafety,
  fakeFetch,
  json,
  jsonText,
  networkError,
  stringifyWithBigints as stringifyAll,
  type Step,
  scriptedClient,
  rejection as failure,
} from '@refundkit/test-kit';
import type { ShoplazzaClientOptions } from './options.js';

const TOKEN = 'shpat_9f8e7d6c5b4a_SECRET';
const BASE = 'https://mystore.myshoplaza.com';

/** The documented 2022-01 success answer (trimmed order snapshot). */
const REFUND_ORDER_2022 = {
  Id: '31e27a7a-6899-4709-93e2-b3d6177c7458',
  Status: 'finished',
  Number: 'SPZ00000020-S1',
  CreatedAt: '2024-06-24T08:17:59Z',
  Note: '',
  RefundFailReason: '',
  AllRefunded: true,
  RefundStatus: 'finished',
  Order: { Id: '633130-SPZ00000020', Currency: 'USD', TotalPrice: '21.10', CancelReason: null },
  Refund: null,
};
const SUCCESS_2024 = {
  code: 'SUCCESS',
  message: 'Refund processed successfully',
  data: { refund_record_id: 'R12345', post_sale_id: 'A67890' },
};
const BODY_2022 = {
  is_return: true,
  price: '81.00',
  line_items: [{ id: '31d95f28-baf0-47c9-ad53-dbf3833f1b85', quantity: 1 }],
};
const BODY_2024 = {
  refund_total: '90.00',
  refund_line_items: [{ line_item_id: 'LI123', quantity: 2 }],
  refund_payments: [{ payment_line_id: 'PAY123', refund_price: '90.00' }],
  note: 'Refund for damaged items',
};

/** The kit's `json` / `jsonText` with the status first, as these tests read best. */
function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return typeof body === 'string' ? jsonText(body, status, headers) : json(body, status, headers);
}

function setup(steps: Step[], options: Partial<ShoplazzaClientOptions> = {}) {
  return scriptedClient<ReturnType<typeof createShoplazzaClient>, HttpEvent>(steps, (http) =>
    createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, ...http, ...options }),
  );
}

const partialRefund = (c: ShoplazzaClient) => c.partialRefund('1232123', BODY_2022);
const refundOrder = (c: ShoplazzaClient) => c.refundOrder('1232123', BODY_2024);

describe('success', () => {
  test('partialRefund sends the documented request and returns the refund order', async () => {
    const { client, calls } = setup([answer(200, REFUND_ORDER_2022)]);
    const result = await client.partialRefund('1232123', BODY_2022);

    expect(calls).toEqual([
      {
        url: `${BASE}/openapi/2022-01/orders/1232123/partial_refund`,
        method: 'POST',
        headers: {
          accept: 'application/json',
          'access-token': TOKEN,
          'content-type': 'application/json',
        },
        body: JSON.stringify(BODY_2022),
      },
    ]);
    expect(result).toEqual(REFUND_ORDER_2022);
    expect(result.Order?.Currency).toBe('USD');
  });

  test('refundOrder sends the documented request and returns data', async () => {
    const { client, calls } = setup([answer(200, SUCCESS_2024)]);
    const result = await client.refundOrder('1232123', BODY_2024);

    expect(calls).toEqual([
      {
        url: `${BASE}/openapi/2024-07/orders/1232123/refund`,
        method: 'POST',
        headers: {
          accept: 'application/json',
          'access-token': TOKEN,
          'content-type': 'application/json',
        },
        body: JSON.stringify(BODY_2024),
      },
    ]);
    expect(result).toEqual({ refund_record_id: 'R12345', post_sale_id: 'A67890' });
  });

  test('refundOrder returns {} when a SUCCESS answer has no data', async () => {
    const { client } = setup([answer(200, { code: 'SUCCESS', message: 'ok' })]);
    expect(await refundOrder(client)).toEqual({});
  });

  test('a baseUrl override (sandbox) keeps its path prefix and needs no shop', async () => {
    const fake = fakeFetch(answer(200, SUCCESS_2024));
    const client = createShoplazzaClient({
      baseUrl: 'http://127.0.0.1:4010/shoplazza/mystore',
      accessToken: TOKEN,
      fetch: fake.fetch,
    });
    await refundOrder(client);
    expect(fake.sent[0]?.url).toBe(
      'http://127.0.0.1:4010/shoplazza/mystore/openapi/2024-07/orders/1232123/refund',
    );
  });
});

describe('order ids in the path', () => {
  test.each([
    ['a/b?c#d', 'a%2Fb%3Fc%23d'],
    ['../x', '..%2Fx'],
    ['%2e%2e', '%252e%252e'],
    ['9007199254740993', '9007199254740993'],
  ])('%j is sent percent-encoded as %j', async (id, encoded) => {
    const { client, calls } = setup([answer(200, REFUND_ORDER_2022), answer(200, SUCCESS_2024)]);
    await client.partialRefund(id, BODY_2022);
    await client.refundOrder(id, BODY_2024);
    expect(calls.map((c) => c.url)).toEqual([
      `${BASE}/openapi/2022-01/orders/${encoded}/partial_refund`,
      `${BASE}/openapi/2024-07/orders/${encoded}/refund`,
    ]);
  });

  test('".." is refused before sending', async () => {
    const { client, calls } = setup([answer(200, SUCCESS_2024)]);
    expect(await failure(client.refundOrder('..', BODY_2024))).toMatchObject({ field: 'orderId' });
    expect(await failure(client.partialRefund('..', BODY_2022))).toBeInstanceOf(
      LocalValidationError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('int64 in answers', () => {
  test('integers above 2^53 come back exactly, as bigint', async () => {
    const text = `{"Id":"r1","Refund":{"RefundId":9007199254740993,"Amount":"1.00"}}`;
    const { client } = setup([answer(200, text)]);
    const result = await partialRefund(client);
    expect(result.Refund).toEqual({ RefundId: 9007199254740993n, Amount: '1.00' });
  });
});

describe('provider errors (2022-01)', () => {
  test.each<[number, unknown, new (...args: never[]) => Error, string]>([
    [400, { errors: ['Bad Request'] }, ValidationError, 'Bad Request'],
    [401, { error: 'Unauthorized' }, AuthenticationError, 'Unauthorized'],
    [403, { error: 'store is not active' }, PermissionDeniedError, 'store is not active'],
    [404, { errors: ['Order not found'] }, NotFoundError, 'Order not found'],
    [
      406,
      { errors: ['After-sales is not included in current order.'] },
      ConflictError,
      'After-sales is not included in current order.',
    ],
    [
      422,
      { errors: ['price is invalid', 'line item is refunded'] },
      ValidationError,
      'price is invalid; line item is refunded',
    ],
  ])('%i %j becomes %o', async (status, body, type, message) => {
    const { client, calls } = setup([answer(status, body)]);
    const error = await failure(partialRefund(client));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, providerMessage: message, operation: 'partialRefund' });
    expect(error.message).toContain(message);
    expect(calls).toHaveLength(1);
  });

  test('a 5xx on the refund write is an OutcomeUnknownError and is not resent', async () => {
    const { client, calls } = setup([
      answer(500, { error: 'Internal Server Error' }),
      answer(200, REFUND_ORDER_2022),
    ]);
    const error = await failure(partialRefund(client));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 500 });
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['a JSON array', '[]'],
    ['not JSON', '<html>oops</html>'],
    ['an error body', { errors: ['something went wrong'] }],
  ])('a 200 answer that is %s leaves the outcome unknown', async (_name, body) => {
    const { client, calls } = setup([answer(200, body)]);
    const error = await failure(partialRefund(client));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(InvalidResponseError);
    expect(calls).toHaveLength(1);
  });
});

describe('provider errors (2024-07)', () => {
  test.each<[number, unknown, new (...args: never[]) => Error]>([
    [400, { code: 'InvalidParameter', message: 'Order id is required.' }, ValidationError],
    [401, { code: 'Unauthorized', message: 'Unauthorized' }, AuthenticationError],
    [403, { code: 'Forbidden', message: 'Forbidden' }, PermissionDeniedError],
    [404, { code: 'NotFound', message: 'Order not found' }, NotFoundError],
  ])('%i %j becomes %o with the code and message', async (status, body, type) => {
    const { client } = setup([answer(status, body)]);
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(type);
    const { code, message } = body as { code: string; message: string };
    expect(error).toMatchObject({
      status,
      code,
      providerMessage: message,
      operation: 'refundOrder',
    });
  });

  test('a 500 on the refund write is an OutcomeUnknownError and is not resent', async () => {
    const { client, calls } = setup([
      answer(500, { code: 'InternalError', message: 'Internal Server Error' }),
    ]);
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error.cause as ApiError).code).toBe('InternalError');
    expect(calls).toHaveLength(1);
  });

  test('HTTP 200 with code InvalidParameter is a ValidationError', async () => {
    const { client } = setup([
      answer(200, { code: 'InvalidParameter', message: 'refund_total too large' }),
    ]);
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      status: 200,
      code: 'InvalidParameter',
      providerMessage: 'refund_total too large',
    });
  });

  test('HTTP 200 with any other non-SUCCESS code is an ApiError with that code', async () => {
    const body = { code: 'OrderStatusError', message: 'order is not paid' };
    const { client, calls } = setup([answer(200, body)]);
    const error = await failure(refundOrder(client));
    expect(error.constructor).toBe(ApiError);
    expect(error).toMatchObject({
      status: 200,
      code: 'OrderStatusError',
      providerMessage: 'order is not paid',
      body,
    });
    expect(error.message).toContain('OrderStatusError');
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['has no code', { message: 'hmm', data: { refund_record_id: 'R1' } }],
    ['is not an object', '"SUCCESS"'],
    ['is not JSON', 'Service Unavailable'],
    ['is empty', ''],
  ])('a 200 answer that %s leaves the outcome unknown', async (_name, body) => {
    const { client, calls } = setup([answer(200, body)]);
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });
});

describe('rate limits', () => {
  test.each([
    ['retry-after-ms', '1'],
    ['retry-after', '0'],
  ])('a 429 with %s is honoured, then the refund goes through', async (header, value) => {
    const { client, calls, events } = setup([
      answer(429, { errors: ['Too Many Requests'] }, { [header]: value }),
      answer(200, SUCCESS_2024),
    ]);
    expect(await refundOrder(client)).toEqual(SUCCESS_2024.data);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toBe(calls[0]?.body);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      delayMs: Number(value) * (header === 'retry-after' ? 1000 : 1),
    });
  });

  test('when retries run out, RateLimitError carries retryAfterMs', async () => {
    const { client, calls } = setup(
      [
        answer(
          429,
          { code: 'TooManyRequests', message: 'Too Many Requests' },
          { 'retry-after-ms': '3' },
        ),
      ],
      { maxRetries: 1 },
    );
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3, status: 429, code: 'TooManyRequests' });
    expect(calls).toHaveLength(2);
  });

  test('maxRetries per call overrides the client', async () => {
    const { client, calls } = setup([
      answer(429, { errors: ['Too Many Requests'] }, { 'retry-after-ms': '1' }),
    ]);
    const error = await failure(client.partialRefund('1', BODY_2022, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(calls).toHaveLength(1);
  });
});

const WRITES: [
  string,
  (client: ShoplazzaClient, options?: RequestOptions) => Promise<unknown>,
  () => Response,
][] = [
  [
    'shoplazza partialRefund',
    (client, options) => client.partialRefund('1232123', BODY_2022, options),
    () => answer(200, REFUND_ORDER_2022),
  ],
  [
    'shoplazza refundOrder',
    (client, options) => client.refundOrder('1232123', BODY_2024, options),
    () => answer(200, SUCCESS_2024),
  ],
];
for (const [name, write, success] of WRITES) {
  describeWriteSafety({
    name,
    write: (fetch) => {
      const client = createShoplazzaClient({
        shop: 'mystore',
        accessToken: TOKEN,
        fetch,
        retry: { initialDelayMs: 1, maxDelayMs: 2 },
      });
      return (options) => write(client, options);
    },
    success,
    secrets: [TOKEN],
  });
}

describe('a refund write is never resent once it may have arrived (Shoplazza specifics)', () => {
  test('timeout per call: OutcomeUnknownError, fetch called once', async () => {
    const { client, calls } = setup(['hang']);
    const error = await failure(client.partialRefund('1', BODY_2022, { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  test('connection reset: the cause says the request may have been sent', async () => {
    const { client, calls } = setup([
      { throw: networkError('ECONNRESET') },
      answer(200, SUCCESS_2024),
    ]);
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toMatchObject({ errorCode: 'ECONNRESET', requestNotSent: false });
    expect(calls).toHaveLength(1);
  });

  test('connection refused every time ends in a ConnectionError', async () => {
    const { client, calls } = setup([{ throw: networkError('ECONNREFUSED') }], { maxRetries: 0 });
    const error = await failure(refundOrder(client));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ requestNotSent: true });
    expect(calls).toHaveLength(1);
  });

  test('a redirect is not followed and names only the origin it pointed to', async () => {
    const redirect = new Response(null, {
      status: 302,
      headers: { location: 'https://evil.example/steal' },
    });
    const { client, calls } = setup([redirect]);
    const error = await failure(refundOrder(client));
    // A refund: the redirect proves nothing, so the outcome is unknown.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(RedirectError);
    expect(error.cause).toMatchObject({ locationOrigin: 'https://evil.example' });
    expect(calls).toHaveLength(1);
  });
});

describe('raw', () => {
  test('is authenticated and, by default, treated as a write (a 500 is not resent)', async () => {
    const { client, calls } = setup([
      answer(500, { error: 'boom' }),
      answer(200, REFUND_ORDER_2022),
    ]);
    const error = await failure(
      client.raw.POST('/openapi/2022-01/orders/{id}/partial_refund', {
        params: { path: { id: '1' } },
        body: { is_return: false, price: '1.00' },
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'raw' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers['access-token']).toBe(TOKEN);
  });

  test('a call made idempotent through transport.fetchFor IS retried after a 500 and a timeout', async () => {
    const { client, calls } = setup([
      answer(500, { error: 'boom' }),
      'hang',
      answer(200, REFUND_ORDER_2022),
    ]);
    const { data } = await client.raw.POST('/openapi/2022-01/orders/{id}/partial_refund', {
      params: { path: { id: '1' } },
      body: { is_return: false, price: '1.00' },
      fetch: client.transport.fetchFor({ name: 'probe', idempotent: true }, { timeoutMs: 50 }),
    });
    expect(data).toEqual(REFUND_ORDER_2022);
    expect(calls).toHaveLength(3);
  });

  test('refuses to send to another origin', async () => {
    const { client, calls } = setup([answer(200, REFUND_ORDER_2022)]);
    const error = await failure(
      client.raw.POST('/openapi/2022-01/orders/{id}/partial_refund', {
        baseUrl: 'https://evil.example',
        params: { path: { id: '1' } },
        body: { is_return: false, price: '1.00' },
      }),
    );
    expect(error.message).toContain('refused to send');
    expect(calls).toHaveLength(0);
  });
});

describe('secrets', () => {
  /** Everything a caller might print or ship to a log service. */
  function exposed(error: RefundkitError, events: HttpEvent[]): string[] {
    const texts = [String(error), JSON.stringify(error), error.stack ?? '', stringifyAll(events)];
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
      texts.push(String(cause), JSON.stringify(cause), cause.stack ?? '');
    }
    return texts;
  }

  test.each<[string, Step[], (c: ShoplazzaClient) => Promise<unknown>]>([
    [
      'a 401 echoing the token (errors[])',
      [answer(401, { errors: [`invalid token ${TOKEN}`] })],
      partialRefund,
    ],
    [
      'a 401 echoing the token (error)',
      [answer(401, { error: `token ${TOKEN} expired` })],
      partialRefund,
    ],
    [
      'a 500 echoing the token',
      [answer(500, { code: 'InternalError', message: `bad ${TOKEN}` })],
      refundOrder,
    ],
    [
      'a 200 non-SUCCESS echoing the token',
      [answer(200, { code: 'Denied', message: `no ${TOKEN}` })],
      refundOrder,
    ],
    ['a 200 error body echoing the token', [answer(200, { error: `no ${TOKEN}` })], partialRefund],
    [
      'a 429 echoing the token, retried',
      [answer(429, { error: TOKEN }, { 'retry-after-ms': '1' })],
      refundOrder,
    ],
    [
      'a network error quoting the token',
      [{ throw: networkError('ECONNRESET', `reset while sending ${TOKEN}`) }],
      refundOrder,
    ],
  ])('%s never shows the token', async (_name, answers, call) => {
    const { client, events } = setup(answers, { maxRetries: 1 });
    const error = await failure(call(client));
    const texts = exposed(error, events);
    for (const text of texts) expect(text).not.toContain(TOKEN);
    expect(texts.join('\n')).toContain('[REDACTED]');
  });

  test('the client object itself does not show the token', () => {
    const { client } = setup([]);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(inspect(client, { depth: 20, showHidden: true })).not.toContain(TOKEN);
  });

  test('log events show the header as [REDACTED] on success too', async () => {
    const { client, events } = setup([answer(200, SUCCESS_2024)]);
    await refundOrder(client);
    const request = events.find((e) => e.type === 'request');
    expect(request).toMatchObject({ headers: { 'access-token': '[REDACTED]' } });
    expect(stringifyAll(events)).not.toContain(TOKEN);
  });
});
