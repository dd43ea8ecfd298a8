import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

const redactor = new Redactor(['sk_live_abcdef', 'sk_live_abcdef_longer', undefined, 'ab']);

describe('Redactor', () => {
  it('masks configured secret values anywhere in a string, longest first', () => {
    expect(redactor.string('x sk_live_abcdef_longer y sk_live_abcdef z')).toBe(
      `x ${REDACTED} y ${REDACTED} z`,
    );
  });

  it('does not mask very short values (they would destroy messages)', () => {
    expect(redactor.string('about')).toBe('about');
  });

  it('masks secret-named fields at any depth, case-insensitively, without mutating', () => {
    const input = { AccessToken: 'x', nested: [{ sig: 'y', keep: 'sk_live_abcdef!' }], amount: 1 };
    expect(redactor.value(input)).toEqual({
      AccessToken: REDACTED,
      nested: [{ sig: REDACTED, keep: `${REDACTED}!` }],
      amount: 1,
    });
    expect(input.AccessToken).toBe('x');
  });

  it('masks secret headers and URL credentials and query secrets', () => {
    const headers = new Headers({
      Authorization: 'Bearer q',
      'access-token': 'q',
      accept: 'sk_live_abcdef',
    });
    expect(redactor.headers(headers)).toEqual({
      authorization: REDACTED,
      'access-token': REDACTED,
      accept: REDACTED,
    });
    const url = redactor.url('https://user:pw@h.test/p?access_token=zz&page=2');
    expect(url).not.toContain('zz');
    expect(url).not.toContain('pw');
    expect(url).toContain('page=2');
  });
});

describe('Redactor: secrets as JSON writes them', () => {
  it('masks a secret with a quote or backslash in its JSON-escaped form too', () => {
    const secret = 'ab"cd\\ef12345';
    const redactor = new Redactor([secret]);
    expect(redactor.string(`got ${JSON.stringify(secret)}`)).toBe('got "[REDACTED]"');
    expect(redactor.string(`raw ${secret}`)).toBe('raw [REDACTED]');
  });
});
