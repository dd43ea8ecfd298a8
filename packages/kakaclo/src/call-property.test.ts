/**
 * Property tests (seeded, 300 runs each): random and hostile input to each method is either
 * refused with a LocalValidationError before anything is sent, or sent as a valid request.
 */
import { LocalValidationError } from '@refundkit/http';
import {
  assertCallProperty,
  expectNoSecrets,
  fakeFetch,
  json,
  mutated,
  nastyValue,
  specRequestValidator,
} from '@refundkit/test-kit';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createKakacloClient } from './index.js';

const TOKEN = 'kk_TOKEN_9f8e7d6c5b4a3210';
const SEED = 20261201;
const QUERY_PATH = '/openapi/openapi/v2/order/orders/refund/';

/** Ids as callers hand them over: valid ones of every type, random strings, hostile values. */
const anyId: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom('10001', 10001, 10001n, 2n ** 63n - 1n, 'a/b?c#d', '%2F', 'é 1'),
  },
  { weight: 1, arbitrary: fc.constant(`${TOKEN}\n`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: nastyValue },
);

const someItems = {
  remark: 'test',
  refundReason: 'Other',
  orderItems: [
    { itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' },
    { skuCode: 'FSZW08923_R_L_NUB', quantity: 2, countryCode: 'US' },
  ],
};

const wholeOrder = { remark: 'other reason', refundReason: "Don't Want Anymore" };

describe('refundOrder', () => {
  const specValidate = specRequestValidator('kakaclo', 'refundOrder');
  test('hostile input is refused before sending, or sent as a body the spec accepts', async () => {
    const tally = await assertCallProperty({
      args: fc.tuple(
        anyId,
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.constantFrom(someItems, wholeOrder, {}) },
          // TOKEN as an unknown key: the error naming it must not quote it.
          { weight: 6, arbitrary: mutated(someItems, ['items', 'sku', TOKEN]) },
          { weight: 2, arbitrary: mutated(wholeOrder, ['items', TOKEN]) },
          // Valid items with holes between them (`[, item]` is sent as `[null, …]` by a map).
          {
            weight: 2,
            arbitrary: fc
              .sparseArray(fc.constantFrom(...someItems.orderItems), { maxLength: 4 })
              .map((orderItems) => ({ orderItems })),
          },
        ),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: mutated({ timeoutMs: 5000, maxRetries: 0 }, ['timeoutMS', 'logger', TOKEN]),
          },
        ),
      ),
      async call(fetch, orderId, body, options) {
        const client = createKakacloClient({ accessToken: TOKEN, fetch });
        return client.refundOrder(orderId as never, body as never, options as never);
      },
      success: () => json({ code: 10000, message: 'ok', data: 10002 }),
      // The spec makes the body optional, but the client always sends a JSON object (a
      // whole-order refund is `{}`): an empty body would be a regression, so it fails here.
      validate: (text) => (text === '' ? ['no body was sent'] : specValidate(text)),
      secrets: [TOKEN],
    });
    // Neither side is vacuous.
    expect(tally.sent).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(20);
  });
});

describe('queryRefund', () => {
  test('hostile ids are refused before sending, or sent as one GET naming exactly that id', async () => {
    const tally = { refused: 0, sent: 0 };
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        const { fetch, sent } = fakeFetch(json({ code: 10000, message: 'ok', data: {} }));
        const client = createKakacloClient({ accessToken: TOKEN, fetch });
        try {
          await client.queryRefund(id as never);
        } catch (error) {
          expect(error).toBeInstanceOf(LocalValidationError);
          expectNoSecrets(error, [TOKEN]);
          expect(sent).toHaveLength(0);
          tally.refused++;
          return;
        }
        expect(sent).toHaveLength(1);
        const [request] = sent;
        expect(request?.method).toBe('GET');
        expect(request?.body).toBe('');
        // Well-formed, on the configured origin, no query or fragment smuggled in by the id.
        const url = new URL(request?.url ?? '');
        expect(url.origin).toBe('https://developer.kakaclo.com');
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        expect(url.pathname.startsWith(QUERY_PATH)).toBe(true);
        const segment = url.pathname.slice(QUERY_PATH.length);
        expect(segment).not.toContain('/');
        expect(decodeURIComponent(segment)).toBe(String(id));
        tally.sent++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(tally.sent).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(20);
  });
});
