import { describe, expect, it } from 'vitest';
import { baseUrlString, checkBaseUrl } from './base-url.js';
import { LocalValidationError } from './errors.js';

describe('checkBaseUrl', () => {
  it('accepts https anywhere and http only on loopback; drops trailing slashes', () => {
    expect(baseUrlString(checkBaseUrl('p', 'baseUrl', 'https://api.test/v1/'))).toBe(
      'https://api.test/v1',
    );
    expect(baseUrlString(checkBaseUrl('p', 'baseUrl', 'http://127.0.0.1:4010/x'))).toBe(
      'http://127.0.0.1:4010/x',
    );
    expect(baseUrlString(checkBaseUrl('p', 'baseUrl', 'http://localhost:8443'))).toBe(
      'http://localhost:8443',
    );
  });

  it.each([
    'http://api.test',
    'ftp://api.test',
    'https://u:p@api.test',
    'https://api.test/?x=1',
    'https://api.test/#f',
    'api.test',
    ' https://api.test',
    '',
    // Fetch "bad ports": fetch would refuse them with no error code, so a refund could not be
    // proven unsent.
    'http://127.0.0.1:1',
    'https://api.test:25',
    'https://api.test:6666/x',
  ])('refuses %j, naming the option', (value) => {
    try {
      checkBaseUrl('p', 'baseUrl', value);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LocalValidationError);
      expect(error).toMatchObject({ field: 'baseUrl', rule: 'base_url' });
    }
  });
});
