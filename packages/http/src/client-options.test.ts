import { describe, expect, it } from 'vitest';
import { startClientOptions } from './client-options.js';
import { LocalValidationError } from './errors.js';

const TOKEN = 'tok_live_SECRET_123456';
const start = (options: unknown) =>
  startClientOptions('acme', options, {
    keys: ['accessToken', 'region'],
    secrets: ['accessToken'],
  });

function refusal(run: () => unknown): LocalValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalValidationError);
    return error as LocalValidationError;
  }
  throw new Error('expected a LocalValidationError');
}

describe('startClientOptions', () => {
  it('accepts the client keys and the transport keys, and checks the transport options', () => {
    const { given, http } = start({ accessToken: TOKEN, region: 'eu', timeoutMs: 5, retry: {} });
    expect(given).toMatchObject({ accessToken: TOKEN, region: 'eu' });
    expect(http).toEqual({ timeoutMs: 5, retry: {} });
  });

  it.each([
    [{ accessToken: TOKEN, timeoutMS: 5 }, 'timeoutMS', 'unknown_field'],
    [{ accessToken: TOKEN, signal: AbortSignal.abort() }, 'signal', 'unknown_field'],
    [{ accessToken: TOKEN, retry: { maxDelayMS: 5 } }, 'retry.maxDelayMS', 'unknown_field'],
    [{ accessToken: TOKEN, timeoutMs: -1 }, 'timeoutMs', 'timeout'],
    [null, 'options', 'object'],
  ])('refuses %o at %s', (options, field, rule) => {
    expect(refusal(() => start(options))).toMatchObject({ field, rule });
  });

  it('masks the given credentials in every message, before they are validated', () => {
    const inKey = refusal(() => start({ accessToken: TOKEN, [TOKEN]: 1 }));
    const inValue = refusal(() => start({ accessToken: TOKEN, timeoutMs: TOKEN }));
    for (const error of [inKey, inValue]) {
      expect(`${error.message} ${error.field} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    }
  });
});
