/**
 * The safety gaps of issue 9 and the aligned surface, as Keeta has them. Each of these
 * failed on the client before the client-kit rewrite (see the changeset).
 */
import { describe, expect, test } from 'vitest';
import { InvalidResponseError, LocalValidationError, type RequestOptions } from '@refundkit/http';
import { expectNoSecrets, fakeFetch, json, jsonText } from '@refundkit/test-kit';
import { createKeetaClient, KEETA_BASE_URL, KEETA_PART_REFUND_TYPES } from './index.js';
import type { ApplyPartialRefundInput, PreviewPartialRefundInput } from './inputs.js';
import type { KeetaClientOptions } from './options.js';

const TOKEN = 'tok_9f8e7d6c5b4a3210_merchant_access';
const SECRET = 'sec_0a1b2c3d4e5f6789_app_secret';
const OK = { code: 0, message: 'Success' };
const product = { orderProductId: 1234534224, refundCount: 1 };
const apply: ApplyPartialRefundInput = {
  orderViewId: 756823555555859,
  shopId: 466663,
  products: [product],
  partRefundType: 200001,
};
const preview: PreviewPartialRefundInput = { orderViewId: 756823555555859, shopId: 466663 };

function client(answer: Response = json(OK), options: Partial<KeetaClientOptions> = {}) {
  const fake = fakeFetch(answer);
  const keeta = createKeetaClient({
    appId: 123,
    appSecret: SECRET,
    accessToken: TOKEN,
    fetch: fake.fetch,
    ...options,
  });
  return { keeta, sent: fake.sent };
}

async function refusal(promise: Promise<unknown>): Promise<LocalValidationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LocalValidationError);
    return error as LocalValidationError;
  }
  throw new Error('expected a LocalValidationError');
}

describe('middleware on raw never reaches the wrapped calls', () => {
  test('apply and preview bypass raw.use(...)', async () => {
    const { keeta, sent } = client();
    const intercepted: string[] = [];
    // Rewriting a signed body would break its signature, or send another refund.
    const rewrite = (request: Request) => new Request(request, { body: '{"hijacked":true}' });
    keeta.raw.use({
      onRequest: ({ request }) => (intercepted.push(request.url), rewrite(request)),
    });
    await keeta.applyPartialRefund(apply);
    await keeta.previewPartialRefund(preview);
    expect(intercepted).toEqual([]);
    expect(sent.map((request) => request.url)).toEqual([
      `${KEETA_BASE_URL}/order/refund/part/apply`,
      `${KEETA_BASE_URL}/order/refund/part/products/preview`,
    ]);
    expect(sent.some((request) => request.body.includes('hijacked'))).toBe(false);
  });
});

describe('array holes and non-objects in arrays', () => {
  test.each([
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['a hole first', [, product], 'products[0]', 'required'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['a hole after a valid item', [product, , product], 'products[1]', 'required'],
    ['undefined as an item', [product, undefined], 'products[1]', 'required'],
    ['null as an item', [null], 'products[0]', 'required'],
    ['a number as an item', [product, 7], 'products[1]', 'object'],
    ['an array as an item', [[product]], 'products[0]', 'object'],
  ])('apply with %s is refused, nothing sent', async (_what, products, field, rule) => {
    const { keeta, sent } = client();
    const error = await refusal(
      keeta.applyPartialRefund({ ...apply, products } as unknown as ApplyPartialRefundInput),
    );
    expect(error).toMatchObject({ field, rule, operation: 'applyPartialRefund' });
    expect(sent).toHaveLength(0);
  });

  test('a preview with a hole is refused too', async () => {
    const { keeta, sent } = client();
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const products = [product, , product] as unknown as (typeof product)[];
    const error = await refusal(keeta.previewPartialRefund({ ...preview, products }));
    expect(error).toMatchObject({ field: 'products[1]', rule: 'required' });
    expect(sent).toHaveLength(0);
  });
});

describe('unknown fields at every depth', () => {
  test.each([
    ['top level', { ...apply, partRefundReson: 'x' }, 'partRefundReson'],
    ['in a product', { ...apply, products: [{ ...product, qty: 1 }] }, 'products[0].qty'],
    [
      'in a later product',
      { ...apply, products: [product, { ...product, price: '1.00' }] },
      'products[1].price',
    ],
  ])('%s: refused with the path', async (_where, body, field) => {
    const { keeta, sent } = client();
    const error = await refusal(keeta.applyPartialRefund(body));
    expect(error).toMatchObject({ field, rule: 'unknown_field' });
    expect(sent).toHaveLength(0);
  });

  test('the body sent is built from the checked fields, not the caller object', async () => {
    const { keeta, sent } = client();
    const input = {
      ...apply,
      products: [{ refundCount: 2, orderProductId: '1152921504606846977' }],
    };
    await keeta.applyPartialRefund(input);
    const body = sent[0]?.body ?? '';
    expect(body).toContain('"products":[{"orderProductId":1152921504606846977,"refundCount":2}]');
  });
});

describe('secrets in validation errors', () => {
  test.each([
    [
      'a token pasted into refundCount',
      { ...apply, products: [{ ...product, refundCount: TOKEN }] },
    ],
    ['a token pasted into orderViewId', { ...apply, orderViewId: TOKEN }],
    ['a secret as an unknown field name', { ...apply, [SECRET]: 1 }],
    ['a secret as an unknown product field', { ...apply, products: [{ ...product, [SECRET]: 1 }] }],
    ['a token as partRefundType', { ...apply, partRefundType: TOKEN }],
  ])('%s: masked in every rendering of the error', async (_what, body) => {
    const { keeta, sent } = client();
    const error = await refusal(keeta.applyPartialRefund(body as ApplyPartialRefundInput));
    expectNoSecrets(error, [TOKEN, SECRET]);
    expect(sent).toHaveLength(0);
  });
});

describe('options: unknown keys are refused, not ignored', () => {
  test('a misspelt client option (timeoutMS)', () => {
    expect(() =>
      createKeetaClient({
        appId: 1,
        appSecret: SECRET,
        accessToken: TOKEN,
        timeoutMS: 5,
      } as unknown as KeetaClientOptions),
    ).toThrow(expect.objectContaining({ field: 'timeoutMS', rule: 'unknown_field' }));
  });

  test.each([
    [{ timeoutMS: 5 }, 'options.timeoutMS'],
    [{ logger: () => undefined }, 'options.logger'],
    [{ retries: 1 }, 'options.retries'],
  ])('a per-call %o', async (options, field) => {
    const { keeta, sent } = client();
    const error = await refusal(keeta.applyPartialRefund(apply, options as RequestOptions));
    expect(error).toMatchObject({ field, rule: 'unknown_field' });
    expect(sent).toHaveLength(0);
  });
});

describe('ids in answers are exact decimal strings', () => {
  test('every id of the preview, above 2^53 or not', async () => {
    const { keeta } = client(
      jsonText(
        '{"code":0,"message":"Success","data":{"products":[{"id":1152921504606846977,' +
          '"spuId":9312039,"skuId":9007199254740993,"count":2,"refundCount":0,' +
          '"choiceGroupList":[{"id":9223372036854775807,"choiceGroupSkuList":' +
          '[{"id":16320510,"spuId":0,"refundPrice":0,"groupSkuCount":1}]}]}],' +
          '"promotionInfoList":[{"type":3,"originFee":{"amount":24,"currency":"SAR"}}]}}',
      ),
    );
    const data = await keeta.previewPartialRefund(preview);
    const first = data?.products?.[0];
    expect(first).toMatchObject({
      id: '1152921504606846977',
      spuId: '9312039',
      skuId: '9007199254740993',
      count: 2,
      refundCount: 0,
    });
    expect(first?.choiceGroupList?.[0]?.id).toBe('9223372036854775807');
    expect(first?.choiceGroupList?.[0]?.choiceGroupSkuList?.[0]).toEqual({
      id: '16320510',
      spuId: '0',
      refundPrice: 0,
      groupSkuCount: 1,
    });
    // Amounts and codes are not ids: they keep their JSON type.
    expect(data?.promotionInfoList?.[0]).toEqual({
      type: 3,
      originFee: { amount: 24, currency: 'SAR' },
    });
  });
});

describe('ids in answers that are not exact ids', () => {
  test.each([
    ['a fractional id', '{"products":[{"id":1.5}]}'],
    ['an id in exponent form that lost digits', '{"products":[{"skuId":1.152921504606847e18}]}'],
    [
      'an option id as a word',
      '{"products":[{"choiceGroupList":[{"choiceGroupSkuList":[{"id":"x"}]}]}]}',
    ],
    ['products that is not a list', '{"products":{"id":1}}'],
    ['a product that is not an object', '{"products":[7]}'],
  ])('%s: InvalidResponseError, not a guess', async (_what, data) => {
    const { keeta } = client(jsonText(`{"code":0,"message":"Success","data":${data}}`));
    await expect(keeta.previewPartialRefund(preview)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  test('a null id or list is left out; no data is undefined', async () => {
    const nulls = client(
      jsonText(
        '{"code":0,"message":"ok","data":{"products":[{"id":null,"choiceGroupList":null,"count":1}]}}',
      ),
    );
    await expect(nulls.keeta.previewPartialRefund(preview)).resolves.toEqual({
      products: [{ count: 1 }],
    });
    const empty = client(jsonText('{"code":0,"message":"ok","data":null}'));
    await expect(empty.keeta.previewPartialRefund(preview)).resolves.toBeUndefined();
  });
});

describe('exported constants are prefixed', () => {
  test('KEETA_PART_REFUND_TYPES lists the documented codes', () => {
    expect(KEETA_PART_REFUND_TYPES).toEqual([200000, 200001, 200002, 200003, 200004]);
  });
});
