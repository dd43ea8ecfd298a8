import { describe, expect, it } from 'vitest';
import { provesNotSent, systemErrorCode } from './network-failure.js';

const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
const sys = (code: string, syscall?: string) =>
  Object.assign(new Error(`${syscall ?? ''} ${code}`), { code, syscall });

describe('network failures', () => {
  it('finds the system code in the cause chain', () => {
    expect(systemErrorCode(fetchFailed(sys('ECONNREFUSED', 'connect')))).toBe('ECONNREFUSED');
    expect(systemErrorCode(fetchFailed(fetchFailed({ code: 'UND_ERR_SOCKET' })))).toBe(
      'UND_ERR_SOCKET',
    );
    expect(systemErrorCode(new Error('plain'))).toBeUndefined();
  });

  it('treats refused/unreachable at connect, DNS failures and connect timeouts as not sent', () => {
    for (const cause of [
      sys('ECONNREFUSED', 'connect'),
      sys('EHOSTUNREACH', 'connect'),
      sys('ENETUNREACH', 'connect'),
      sys('ENOTFOUND', 'getaddrinfo'),
      sys('EAI_AGAIN', 'getaddrinfo'),
      { code: 'UND_ERR_CONNECT_TIMEOUT' },
    ]) {
      expect(provesNotSent(fetchFailed(cause))).toBe(true);
    }
  });

  it('the same codes on an open connection (read, write) or with no syscall are maybe sent', () => {
    // Linux reports an ICMP error on an established socket with these codes too.
    for (const cause of [
      sys('ECONNREFUSED', 'read'),
      sys('EHOSTUNREACH', 'read'),
      sys('ENETUNREACH', 'write'),
      sys('ECONNREFUSED'),
      sys('ECONNRESET', 'read'),
      sys('EPIPE', 'write'),
      { code: 'UND_ERR_SOCKET' },
    ]) {
      expect(provesNotSent(fetchFailed(cause))).toBe(false);
    }
    expect(provesNotSent(new Error('plain'))).toBe(false);
  });

  it('an AggregateError counts as not sent only when every address refused at connect', () => {
    const all = fetchFailed(
      new AggregateError([sys('ECONNREFUSED', 'connect'), sys('ECONNREFUSED', 'connect')]),
    );
    const mixed = fetchFailed(
      new AggregateError([sys('ECONNREFUSED', 'connect'), sys('ECONNRESET', 'read')]),
    );
    expect(provesNotSent(all)).toBe(true);
    expect(provesNotSent(mixed)).toBe(false);
    expect(systemErrorCode(mixed)).toBe('ECONNRESET');
  });
});
