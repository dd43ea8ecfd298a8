import { LocalValidationError } from '@refundkit/http';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient } from './client.js';
import { fakeFetch } from '@refundkit/test-kit';
import { shopLabel, shopOrigin } from './shop.js';

describe('shopLabel', () => {
  test.each([
    ['mystore', 'mystore'],
    ['mystore.myshoplaza.com', 'mystore'],
    ['MyStore', 'mystore'],
    ['MyStore.MyShoplaza.COM', 'mystore'],
    ['my-store-2', 'my-store-2'],
    ['a', 'a'],
    ['7', '7'],
    ['xn--80ak6aa92e', 'xn--80ak6aa92e'],
    ['a'.repeat(63), 'a'.repeat(63)],
  ])('accepts %j as %j', (input, label) => {
    expect(shopLabel(input)).toBe(label);
  });

  test.each([
    '',
    ' ',
    ' mystore',
    'mystore ',
    'mystore\n',
    'my store',
    'my_store',
    'evil.com/',
    'evil.com',
    'a.b',
    'user@host',
    'mystore@evil.com',
    'mystore.myshoplaza.com.evil.com',
    'mystore.myshoplaza.com.',
    'mystore.myshoplaza.com/',
    'mystore.myshoplaza.com:443',
    'a.b.myshoplaza.com',
    'a.myshoplaza.com.myshoplaza.com',
    '.myshoplaza.com',
    'myshoplaza.com',
    'mystore:443',
    'https://mystore.myshoplaza.com',
    '//mystore',
    'mystore/',
    'mystore?x=1',
    'mystore#x',
    'mystore%2eevil',
    '127.0.0.1',
    '[::1]',
    '-mystore',
    'mystore-',
    '-',
    'a'.repeat(64),
    'mystore\u0000',
    // Kelvin sign: lower-cases to an ASCII "k", so it must be refused before lower-casing.
    '\u212Aey',
    'mystöre',
  ])('refuses %j with a LocalValidationError naming shop', (input) => {
    const error = catchError(() => shopLabel(input));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field: 'shop', rule: 'shop_label', provider: 'shoplazza' });
  });

  test.each([42, null, {}, ['mystore']])('refuses the non-string %j', (input) => {
    expect(catchError(() => shopLabel(input))).toMatchObject({ field: 'shop' });
  });

  test('the origin is https://<label>.myshoplaza.com', () => {
    expect(shopOrigin('mystore')).toBe('https://mystore.myshoplaza.com');
  });
});

describe('the shop option of createShoplazzaClient', () => {
  test('builds the base URL from the label', () => {
    const client = createShoplazzaClient({
      shop: 'MyStore.myshoplaza.com',
      accessToken: 'tok_1234',
    });
    expect(client.shop).toBe('mystore');
    expect(client.baseUrl).toBe('https://mystore.myshoplaza.com');
  });

  test.each([
    'evil.com/',
    'a.b',
    'user@host',
    'mystore.myshoplaza.com.evil.com',
    '',
    ' ',
    'mystore:443',
  ])('refuses %j before any request', (shop) => {
    const { fetch, sent: calls } = fakeFetch();
    const error = catchError(() => createShoplazzaClient({ shop, accessToken: 'tok_1234', fetch }));
    expect(error).toBeInstanceOf(LocalValidationError);
    expect(error).toMatchObject({ field: 'shop', operation: 'createClient' });
    expect(calls).toHaveLength(0);
  });

  test('is required without baseUrl', () => {
    const error = catchError(() => createShoplazzaClient({ accessToken: 'tok_1234' }));
    expect(error).toMatchObject({ field: 'shop', rule: 'required' });
  });

  test('is optional with baseUrl, but still checked when given', () => {
    const client = createShoplazzaClient({
      baseUrl: 'http://127.0.0.1:4010/shoplazza/mystore/',
      accessToken: 'tok_1234',
    });
    expect(client.shop).toBeUndefined();
    expect(client.baseUrl).toBe('http://127.0.0.1:4010/shoplazza/mystore');
    const error = catchError(() =>
      createShoplazzaClient({
        baseUrl: 'http://127.0.0.1:4010',
        shop: 'a.b',
        accessToken: 'tok_1234',
      }),
    );
    expect(error).toMatchObject({ field: 'shop' });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
