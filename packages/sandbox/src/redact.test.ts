import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

describe('redact (the ledger and the request log)', () => {
  it('masks every credential key at any depth, any case, and keeps the rest', () => {
    const masked = redact({
      appId: 123,
      accessToken: 't1',
      nested: [{ access_token: 't2', 'Access-Token': 't3', keep: 'yes' }],
      sig: 's',
      signature: 's2',
      appSecret: 'a',
      app_secret: 'a2',
      Authorization: 'Bearer x',
      cookie: 'c',
      'proxy-authorization': 'p',
    });
    expect(masked).toEqual({
      appId: 123,
      accessToken: '[REDACTED]',
      nested: [{ access_token: '[REDACTED]', 'Access-Token': '[REDACTED]', keep: 'yes' }],
      sig: '[REDACTED]',
      signature: '[REDACTED]',
      appSecret: '[REDACTED]',
      app_secret: '[REDACTED]',
      Authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'proxy-authorization': '[REDACTED]',
    });
  });

  it('writes integers beyond 2^53 as their digits, and a __proto__ key stays a plain key', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const masked = redact({ id: 1152921504606846977n, body }) as Record<string, unknown>;
    expect(masked['id']).toBe('1152921504606846977');
    expect(JSON.stringify(masked)).toBe(
      '{"id":"1152921504606846977","body":{"__proto__":{"polluted":true}}}',
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('masks a known secret value inside any string and key, whatever the field is called', () => {
    const masked = redact(
      { remark: 'token tok-123 pasted', list: ['tok-123'], ['tok-123']: 1, other: 'keep' },
      ['tok-123'],
    );
    expect(masked).toEqual({
      remark: 'token [REDACTED] pasted',
      list: ['[REDACTED]'],
      '[REDACTED]': 1,
      other: 'keep',
    });
  });
});
