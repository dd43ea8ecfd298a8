import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LocalValidationError } from '@refundkit/http';
import { keetaSigningString, signKeetaRequest, verifyKeetaSignature } from './sign.js';

const BASE = 'https://open.mykeeta.com/api/open';

describe('the worked example on Keeta signing page (protocols.md)', () => {
  const url = `${BASE}/product/shopcategory/update`;
  const params = {
    appId: 123,
    accessToken: 'abc',
    shopId: 123,
    timestamp: 1682566749,
    shopCategory: { id: 123, name: 'test', type: 0, description: null },
  };

  test('gives the documented pre-image', () => {
    expect(keetaSigningString({ url, params }) + 'abc').toBe(
      'https://open.mykeeta.com/api/open/product/shopcategory/update?accessToken=abc&appId=123' +
        '&shopCategory={"id":123,"name":"test","type":0,"description":null}&shopId=123' +
        '&timestamp=1682566749abc',
    );
  });

  test('gives the documented sig', async () => {
    await expect(signKeetaRequest({ url, params, appSecret: 'abc' })).resolves.toBe(
      '48eb6d562bb0673e3db753831f032be237fc19d1e5c33fcb5386d89c0eebca86',
    );
  });
});

describe('the spec examples (computed with the documented rule and secret "abc")', () => {
  const common = { appId: 123, accessToken: 'abc', timestamp: 1682566749 };
  const order = { orderViewId: 756823555555859, shopId: 466663 };
  const products = [{ orderProductId: 1234534224, refundCount: 1 }];
  const cases = [
    {
      path: '/order/refund/part/apply',
      params: {
        ...common,
        ...order,
        products,
        partRefundType: 200000,
        partRefundReason: 'Do not like',
      },
      sig: 'a0598e138aee0c52ddbc640582ddd0e07334d50f168ea8ef1c17ea0580e0c3bd',
    },
    {
      path: '/order/refund/part/apply',
      params: { ...common, ...order, products, partRefundType: 200001 },
      sig: '20e1f8c76ce493e87b8b0a32ae416821f31b6d53b23871917c108dc3f95a268f',
    },
    {
      path: '/order/refund/part/products/preview',
      params: { ...common, ...order, products },
      sig: '73245f8dd56e9faf466abb2aec48c6cc2f8a15fc11ce05c0f633e58216796ce3',
    },
    {
      path: '/order/refund/part/products/preview',
      params: { ...common, ...order },
      sig: '3359acadbca1a1ccdf70c91fe43facf1c0d4a053ecc5ba8362bf6016816819ce',
    },
  ];
  test.each(cases)('$path $sig', async ({ path, params, sig }) => {
    await expect(signKeetaRequest({ url: BASE + path, params, appSecret: 'abc' })).resolves.toBe(
      sig,
    );
  });
});

describe('keetaSigningString', () => {
  const url = 'https://h.example/x';

  test('sorts names in ASCII order (upper case first) but keeps nested keys in their order', () => {
    expect(
      keetaSigningString({ url, params: { b: 1, a: { z: 1, y: [{ k: 2, c: 1 }] }, B: 'x', _: 0 } }),
    ).toBe('https://h.example/x?B=x&_=0&a={"z":1,"y":[{"k":2,"c":1}]}&b=1');
  });

  test('writes empty and null values as "name=", leaves undefined out, ignores sig', () => {
    expect(
      keetaSigningString({
        url,
        params: { a: '', b: null, c: undefined, d: false, sig: 'f'.repeat(64) },
      }),
    ).toBe('https://h.example/x?a=&b=&d=false');
  });

  test('writes bigints, top-level and nested, as exact digits', () => {
    const id = 2n ** 60n + 1n;
    expect(keetaSigningString({ url, params: { id, products: [{ orderProductId: id }] } })).toBe(
      'https://h.example/x?id=1152921504606846977&products=[{"orderProductId":1152921504606846977}]',
    );
  });

  test('does not percent-encode non-ASCII or reserved characters', () => {
    expect(keetaSigningString({ url, params: { reason: '不喜欢 a&b=c', o: { t: 'é' } } })).toBe(
      'https://h.example/x?o={"t":"é"}&reason=不喜欢 a&b=c',
    );
  });
});

describe('signKeetaRequest', () => {
  test('is SHA-256 of the UTF-8 pre-image (checked against node:crypto)', async () => {
    const url = 'https://h.example/x';
    const params = { reason: '不喜欢', n: 1 };
    const expected = createHash('sha256')
      .update(keetaSigningString({ url, params }) + 'secret', 'utf8')
      .digest('hex');
    await expect(signKeetaRequest({ url, params, appSecret: 'secret' })).resolves.toBe(expected);
  });

  test('refuses an empty AppSecret', async () => {
    await expect(
      signKeetaRequest({ url: 'https://h/x', params: {}, appSecret: '' }),
    ).rejects.toThrow(LocalValidationError);
  });
});

describe('verifyKeetaSignature (webhooks)', () => {
  const url = 'https://merchant.example/keeta/webhook';
  const params = {
    appId: 123,
    timestamp: 1682566749,
    orderViewId: 2n ** 60n + 1n,
    money: 3620,
    currency: 'HKD',
    refundProducts: [{ orderProductId: 1234534224, refundCount: 1 }],
  };
  const appSecret = 'webhook-secret';

  test('accepts the right sig, also in upper case, and ignores a sig inside params', async () => {
    const sig = await signKeetaRequest({ url, params, appSecret });
    await expect(verifyKeetaSignature({ url, params, appSecret, sig })).resolves.toBe(true);
    await expect(
      verifyKeetaSignature({ url, params: { ...params, sig }, appSecret, sig: sig.toUpperCase() }),
    ).resolves.toBe(true);
  });

  test('refuses a changed sig, body, URL or secret, and malformed sigs', async () => {
    const sig = await signKeetaRequest({ url, params, appSecret });
    const flipped = (sig.startsWith('0') ? '1' : '0') + sig.slice(1);
    const verify = (overrides: Partial<Parameters<typeof verifyKeetaSignature>[0]>) =>
      verifyKeetaSignature({ url, params, appSecret, sig, ...overrides });
    await expect(verify({ sig: flipped })).resolves.toBe(false);
    await expect(verify({ params: { ...params, money: 3621 } })).resolves.toBe(false);
    await expect(verify({ params: { ...params, orderViewId: 2n ** 60n } })).resolves.toBe(false);
    await expect(verify({ url: url + '2' })).resolves.toBe(false);
    await expect(verify({ appSecret: 'other-secret' })).resolves.toBe(false);
    await expect(verify({ sig: sig.slice(1) })).resolves.toBe(false);
    await expect(verify({ sig: undefined })).resolves.toBe(false);
    await expect(verify({ sig: 'z'.repeat(64) })).resolves.toBe(false);
  });
});
