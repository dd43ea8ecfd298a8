import { describe, expect, it } from 'vitest';
import { provesNotSent, systemErrorCode } from './network-failure.js';

const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

describe('network failures', () => {
  it('finds the system code in the cause chain', () => {
    expect(systemErrorCode(fetchFailed({ code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(systemErrorCode(fetchFailed(fetchFailed({ code: 'UND_ERR_SOCKET' })))).toBe(
      'UND_ERR_SOCKET',
    );
    expect(systemErrorCode(new Error('plain'))).toBeUndefined();
  });

  it('treats refused/DNS/connect-timeout as not sent, resets as maybe sent', () => {
    expect(
      ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'].every(provesNotSent),
    ).toBe(true);
    expect(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].some(provesNotSent)).toBe(false);
    expect(provesNotSent(undefined)).toBe(false);
  });

  it('an AggregateError counts as not sent only when every address refused', () => {
    const all = fetchFailed(
      new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]),
    );
    const mixed = fetchFailed(
      new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNRESET' }]),
    );
    expect(provesNotSent(systemErrorCode(all))).toBe(true);
    expect(systemErrorCode(mixed)).toBe('ECONNRESET');
  });
});
