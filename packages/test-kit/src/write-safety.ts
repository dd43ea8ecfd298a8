import {
  LocalValidationError,
  OutcomeUnknownError,
  RateLimitError,
  RedirectError,
  RefundkitError,
  TimeoutError,
  UserAbortError,
  type RequestOptions,
} from '@refundkit/http';
import { describe, expect, it } from 'vitest';
import { json, networkError } from './answers.js';
import { fakeFetch, hang, type Step } from './fake-fetch.js';
import { expectNoSecrets } from './secrets.js';

/** A client's refund write, as the shared write-safety suite drives it. */
export interface WriteSafetyTarget {
  /** Names the suite, e.g. `'keeta applyPartialRefund'`. */
  name: string;
  /**
   * Builds a client on `fetch` (with retry delays of a millisecond or so, to keep the suite
   * fast) and returns a function making the refund write once with valid input.
   */
  write(fetch: typeof globalThis.fetch): (options?: RequestOptions) => Promise<unknown>;
  /** The provider's success answer to that write. */
  success(): Response;
  /** The client's configured secrets: none may appear in any error. */
  secrets: readonly string[];
}

/**
 * The money-safety promises every refund write makes, run against each client's write:
 * after any failure that may have reached the provider the write is NOT resent and ends in
 * {@link OutcomeUnknownError}; it is resent only when the failure proves nothing was applied
 * (connection refused, 429); redirects are never followed; no secret appears in an error.
 */
export function describeWriteSafety(target: WriteSafetyTarget): void {
  async function run(steps: Step[], options?: RequestOptions) {
    const { fetch, sent } = fakeFetch(...steps);
    try {
      return { value: await target.write(fetch)(options), sent, error: undefined };
    } catch (error) {
      expect(error).toBeInstanceOf(RefundkitError);
      expectNoSecrets(error, target.secrets);
      return { value: undefined, sent, error: error as RefundkitError };
    }
  }

  describe(`write safety: ${target.name}`, () => {
    it('succeeds with one request', async () => {
      const { error, sent } = await run([target.success()]);
      expect(error).toBeUndefined();
      expect(sent).toHaveLength(1);
    });

    it.each([
      ['a connection reset', { throw: networkError('ECONNRESET') }],
      // Linux reports ICMP errors on an open socket with these codes: the request was written.
      [
        'ECONNREFUSED on the open connection',
        { throw: networkError('ECONNREFUSED', undefined, 'read') },
      ],
      [
        'EHOSTUNREACH on the open connection',
        { throw: networkError('EHOSTUNREACH', undefined, 'write') },
      ],
      ['HTTP 500', json({ message: 'boom' }, 500)],
      ['HTTP 502', new Response('<html>bad gateway</html>', { status: 502 })],
      ['HTTP 503', json({}, 503)],
      ['a 2xx answer that is not JSON', new Response('{"code":0,', { status: 200 })],
    ] as [string, Step][])('%s → OutcomeUnknownError, sent exactly once', async (_what, step) => {
      const { error, sent } = await run([step, target.success()]);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(sent).toHaveLength(1);
    });

    it('a timeout → OutcomeUnknownError caused by TimeoutError, sent exactly once', async () => {
      const { error, sent } = await run(['hang', target.success()], { timeoutMs: 20 });
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(error?.cause).toBeInstanceOf(TimeoutError);
      expect(sent).toHaveLength(1);
    });

    it('connection refused proves nothing was sent: retried, and can succeed', async () => {
      const { error, sent } = await run([
        { throw: networkError('ECONNREFUSED') },
        target.success(),
      ]);
      expect(error).toBeUndefined();
      expect(sent).toHaveLength(2);
      expect(sent[1]?.body).toBe(sent[0]?.body);
    });

    it('429 was refused before processing: retried after the wait asked for', async () => {
      const limited = json({ message: 'slow down' }, 429, { 'retry-after-ms': '1' });
      const { error, sent } = await run([limited, target.success()]);
      expect(error).toBeUndefined();
      expect(sent).toHaveLength(2);
    });

    it('429 until retries run out → RateLimitError, never OutcomeUnknownError', async () => {
      const limited = json({}, 429, { 'retry-after-ms': '1' });
      const { error, sent } = await run([limited], { maxRetries: 1 });
      expect(error).toBeInstanceOf(RateLimitError);
      expect(sent).toHaveLength(2);
    });

    it('a caller abort while in flight → OutcomeUnknownError, sent once', async () => {
      const controller = new AbortController();
      const abortInFlight: Step = (request) => {
        controller.abort();
        return hang(request);
      };
      const { error, sent } = await run([abortInFlight], { signal: controller.signal });
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(sent).toHaveLength(1);
    });

    it('a signal aborted before the call → UserAbortError, nothing sent', async () => {
      const { error, sent } = await run([target.success()], { signal: AbortSignal.abort() });
      expect(error).toBeInstanceOf(UserAbortError);
      expect(sent).toHaveLength(0);
    });

    it.each([301, 302, 303, 307, 308])(
      'a %i redirect is never followed, and proves nothing: OutcomeUnknownError',
      async (status) => {
        const redirect = new Response(null, {
          status,
          headers: { location: 'https://evil.example/collect' },
        });
        const { error, sent } = await run([redirect, target.success()]);
        expect(error).toBeInstanceOf(OutcomeUnknownError);
        expect(error?.cause).toBeInstanceOf(RedirectError);
        expect(error?.cause).toMatchObject({ locationOrigin: 'https://evil.example' });
        expect(sent).toHaveLength(1);
      },
    );

    it('a provider that echoes the credentials gets them masked in the error', async () => {
      const echo = json({ message: `bad ${target.secrets.join(' ')}`, code: 'X' }, 500);
      const { error } = await run([echo]);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
    });

    it('bad per-call options are refused before sending', async () => {
      const { error, sent } = await run([target.success()], { timeoutMs: -1 });
      expect(error).toBeInstanceOf(LocalValidationError);
      expect(sent).toHaveLength(0);
    });
  });
}
