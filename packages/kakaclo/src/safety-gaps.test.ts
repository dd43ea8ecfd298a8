/**
 * Issue 9's safety gaps, one test each: holes in arrays, path ids that cannot be sent as
 * typed, secrets in validation errors, unknown option keys, middleware on `raw`.
 */
import { LocalValidationError } from '@refundkit/http';
import { expectNoSecrets, fakeFetch, json, rejection } from '@refundkit/test-kit';
import { describe, expect, test } from 'vitest';
import * as kakaclo from './index.js';
import { createKakacloClient, type KakacloClientOptions } from './index.js';

const TOKEN = 'kk_TOKEN_9f8e7d6c5b4a3210';
const success = () => json({ code: 10000, message: 'ok', data: 10002 });

function setup(options: Partial<KakacloClientOptions> = {}) {
  const fake = fakeFetch(success());
  const client = createKakacloClient({ accessToken: TOKEN, fetch: fake.fetch, ...options });
  return { client, sent: fake.sent };
}

describe('array holes and non-objects in orderItems', () => {
  const item = { skuCode: 'SKU', quantity: 1 };
  test.each([
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['[,]', [,], 'orderItems[0]'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['[, item]', [, item], 'orderItems[0]'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['[item, , item]', [item, , item], 'orderItems[1]'],
    ['[item, undefined]', [item, undefined], 'orderItems[1]'],
    ['[null]', [null], 'orderItems[0]'],
  ])(
    'orderItems %s is refused (required at the hole), nothing sent',
    async (_name, orderItems, field) => {
      const { client, sent } = setup();
      const error = await rejection(client.refundOrder('10001', { orderItems } as never));
      expect(error).toBeInstanceOf(LocalValidationError);
      expect(error).toMatchObject({ field, rule: 'required', operation: 'refundOrder' });
      expect(sent).toHaveLength(0);
    },
  );
});

describe('non-objects in orderItems', () => {
  test.each([
    ['a string', 'SKU'],
    ['an array', [{ skuCode: 'SKU', quantity: 1 }]],
    ['a Date', new Date(0)],
    ['a Map', new Map([['skuCode', 'SKU']])],
  ])('%s as an item is refused at orderItems[1], nothing sent', async (_name, bad) => {
    const { client, sent } = setup();
    const orderItems = [{ skuCode: 'SKU', quantity: 1 }, bad];
    const error = await rejection(client.refundOrder('10001', { orderItems } as never));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field: 'orderItems[1]', rule: 'object' });
    expect(sent).toHaveLength(0);
  });
});

describe('path ids that cannot be sent as typed', () => {
  test.each([
    ['a lone surrogate', '\udc00'],
    ['a lone high surrogate inside', 'a\ud800b'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a fraction', 10001.5],
    ['beyond 2^53', 2 ** 53 + 2],
    ['a bigint beyond 64 bits', 2n ** 64n],
  ])('%s is a LocalValidationError, nothing sent', async (_name, id) => {
    const { client, sent } = setup();
    for (const call of [client.refundOrder(id), client.queryRefund(id)]) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(LocalValidationError);
      expect(error).not.toBeInstanceOf(URIError);
    }
    expect(sent).toHaveLength(0);
  });
});

describe('secrets in validation errors', () => {
  test.each([
    ['a top-level key', { [TOKEN]: 1 }],
    ['an item key', { orderItems: [{ skuCode: 'S', quantity: 1, [TOKEN]: 1 }] }],
  ])('a token pasted as %s is not quoted back', async (_name, body) => {
    const { client, sent } = setup();
    const error = await rejection(client.refundOrder('10001', body as never));
    expect(error).toBeInstanceOf(LocalValidationError);
    expectNoSecrets(error, [TOKEN]);
    expect(sent).toHaveLength(0);
  });

  test('a token pasted as a client option key is not quoted back', () => {
    let error: unknown;
    try {
      createKakacloClient({ accessToken: TOKEN, [TOKEN]: 1 } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ rule: 'unknown_field' });
    expectNoSecrets(error, [TOKEN]);
  });

  test('a token pasted as a per-call option key is not quoted back', async () => {
    const { client, sent } = setup();
    const error = await rejection(client.queryRefund('10001', { [TOKEN]: 1 } as never));
    expect(error).toBeInstanceOf(LocalValidationError);
    expectNoSecrets(error, [TOKEN]);
    expect(sent).toHaveLength(0);
  });
});

describe('unknown option keys', () => {
  test('a misspelt client option is refused at creation', () => {
    const fake = fakeFetch(success());
    const create = () =>
      createKakacloClient({ accessToken: TOKEN, fetch: fake.fetch, timeoutMS: 5 } as never);
    expect(create).toThrow(LocalValidationError);
    expect(create).toThrow(expect.objectContaining({ field: 'timeoutMS', rule: 'unknown_field' }));
  });

  test.each([
    ['a misspelt timeoutMS', { timeoutMS: 5 }, 'options.timeoutMS'],
    ['a per-call logger', { logger: () => undefined }, 'options.logger'],
  ])('%s per call is refused, nothing sent', async (_name, options, field) => {
    const { client, sent } = setup();
    for (const call of [
      client.refundOrder('10001', undefined, options as never),
      client.queryRefund('10001', options as never),
    ]) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(LocalValidationError);
      expect(error).toMatchObject({ field, rule: 'unknown_field' });
    }
    expect(sent).toHaveLength(0);
  });
});

describe('middleware on raw', () => {
  test('never sees a wrapped call', async () => {
    const { client, sent } = setup();
    const seen: string[] = [];
    client.raw.use({
      onRequest({ request }) {
        seen.push(request.url);
        request.headers.set('x-injected', '1');
        return request;
      },
    });
    await client.refundOrder('10001');
    await client.queryRefund('10001').catch(() => undefined);
    expect(seen).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers['x-injected'])).toEqual([undefined, undefined]);
  });
});

describe('index', () => {
  test('exports parseJson, as the README says', () => {
    expect(typeof (kakaclo as Record<string, unknown>)['parseJson']).toBe('function');
  });
});
