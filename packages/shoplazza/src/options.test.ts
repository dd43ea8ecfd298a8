import { LocalValidationError } from '@refundkit/http';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient } from './client.js';
import type { ShoplazzaClientOptions } from './options.js';

const TOKEN = 'shpat_abcdef123456';

function refused(options: unknown): LocalValidationError {
  try {
    createShoplazzaClient(options as ShoplazzaClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalValidationError);
    return error as LocalValidationError;
  }
  throw new Error('expected createShoplazzaClient to throw');
}

describe('createShoplazzaClient options', () => {
  test('refuses a missing options object', () => {
    expect(refused(undefined)).toMatchObject({ field: 'options' });
  });

  test.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['with a line break', `${TOKEN}\r\nx-evil: 1`],
    ['with a space', `Bearer ${TOKEN}`],
    ['non-ASCII', `${TOKEN}é`],
  ])('refuses an accessToken that is %s, without quoting it', (_name, accessToken) => {
    const error = refused({ shop: 'mystore', accessToken });
    expect(error).toMatchObject({ field: 'accessToken', rule: 'access_token' });
    if (typeof accessToken === 'string' && accessToken !== '') {
      expect(String(error)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });

  test.each([
    'http://mystore.myshoplaza.com',
    'https://user:pass@example.com',
    'https://example.com/?x=1',
    'mystore',
    ' https://example.com',
  ])('refuses the baseUrl %j', (baseUrl) => {
    expect(refused({ baseUrl, accessToken: TOKEN })).toMatchObject({ field: 'baseUrl' });
  });

  test.each(['US', 'usd1', 'XYZ1', 5])('refuses the currency %j', (currency) => {
    expect(refused({ shop: 'mystore', accessToken: TOKEN, currency })).toMatchObject({
      field: 'currency',
      rule: 'currency',
    });
  });

  test.each<[string, unknown]>([
    ['timeoutMs', 0],
    ['timeoutMs', -5],
    ['timeoutMs', Number.POSITIVE_INFINITY],
    ['timeoutMs', 2 ** 31],
    ['timeoutMs', '30s'],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['fetch', 'fetch'],
    ['logger', {}],
  ])('refuses %s: %j', (field, value) => {
    expect(refused({ shop: 'mystore', accessToken: TOKEN, [field]: value })).toMatchObject({
      field,
    });
  });

  test('accepts the documented options', () => {
    const client = createShoplazzaClient({
      shop: 'mystore',
      accessToken: TOKEN,
      currency: 'usd',
      timeoutMs: 10_000,
      maxRetries: 0,
      fetch: () => Promise.resolve(new Response('{}')),
      logger: () => undefined,
    });
    expect(client.baseUrl).toBe('https://mystore.myshoplaza.com');
    expect(client.transport.origin).toBe('https://mystore.myshoplaza.com');
  });
});
