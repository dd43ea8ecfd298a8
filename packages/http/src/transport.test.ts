import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RefundkitError,
  TimeoutError,
  UserAbortError,
  ValidationError,
} from './errors.js';
import type { HttpEvent } from './events.js';
import { checkHttpOptions } from './http-options.js';
import { InputCheck } from './input-check.js';
import type { Operation, RequestOptions, TransportOptions } from './request-options.js';
import { Transport } from './transport.js';

const ORIGIN = 'https://api.example.test';
const TOKEN = 'tok_live_SECRET_123456';
const REFUND: Operation = { name: 'refund', idempotent: false };
const QUERY: Operation = { name: 'query', idempotent: true };

type Answer = Response | Error | 'hang';

/** A fetch that answers from a script and records every request it received. */
function scriptedFetch(...answers: Answer[]) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason as Error), {
          once: true,
        });
      });
    }
    if (answer instanceof Error) throw answer;
    return answer.clone();
  };
  return { fetch: fetch, requests };
}

function networkError(code: string): TypeError {
  // As Node reports them: refusals and DNS failures from the connect/lookup step, the rest
  // on the open connection.
  const syscall =
    code === 'ENOTFOUND' ? 'getaddrinfo' : code === 'ECONNREFUSED' ? 'connect' : 'read';
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(`${syscall} ${code} 10.0.0.1:443`), { code, syscall }),
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function transport(fetch: typeof globalThis.fetch, extra: Partial<TransportOptions> = {}) {
  const sleeps: number[] = [];
  const events: HttpEvent[] = [];
  const t = new Transport({
    provider: 'acme',
    origin: ORIGIN,
    secrets: [TOKEN],
    fetch,
    logger: (event) => events.push(event),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0,
    describeError: (body) => {
      const b = body as { code?: string; message?: string };
      return { ...(b.code ? { code: b.code } : {}), ...(b.message ? { message: b.message } : {}) };
    },
    ...extra,
  });
  return { t, sleeps, events };
}

function send(t: Transport, op: Operation, init: RequestInit = {}, options = {}) {
  const request = new Request(`${ORIGIN}/refunds/1`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ quantity: 1, accessToken: TOKEN }),
    ...init,
  });
  return t.fetchFor(op, options)(request);
}

async function failure(promise: Promise<unknown>): Promise<RefundkitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RefundkitError);
    return error as RefundkitError;
  }
  throw new Error('expected the call to fail');
}

describe('Transport: success', () => {
  it('returns the 2xx answer with its body, sending the request unchanged', async () => {
    const { fetch, requests } = scriptedFetch(json(200, { ok: true }, { 'x-request-id': 'req_1' }));
    const { t } = transport(fetch);
    const response = await send(t, REFUND);
    expect(await response.json()).toEqual({ ok: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(await requests[0]!.text()).toBe(JSON.stringify({ quantity: 1, accessToken: TOKEN }));
    expect(requests[0]!.redirect).toBe('manual');
  });

  it('refuses to send to another origin, before any byte leaves', async () => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const { t } = transport(fetch);
    const error = await failure(
      t.fetchFor(REFUND)(
        new Request('https://evil.test/steal', { headers: { authorization: TOKEN } }),
      ),
    );
    expect(error.message).toContain('refused to send');
    expect(requests).toHaveLength(0);
  });
});

describe('Transport: typed errors by status', () => {
  it.each([
    [400, ValidationError],
    [422, ValidationError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [406, ConflictError],
    [409, ConflictError],
  ] as const)('HTTP %i becomes %s, not retried, with the provider text', async (status, type) => {
    const { fetch, requests } = scriptedFetch(
      json(status, { code: 'E_SOMETHING', message: 'order 1 is odd' }, { 'x-request-id': 'req_9' }),
    );
    const error = await failure(send(transport(fetch).t, QUERY));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      status,
      code: 'E_SOMETHING',
      providerMessage: 'order 1 is odd',
      requestId: 'req_9',
      provider: 'acme',
      operation: 'query',
    });
    expect(requests).toHaveLength(1);
  });

  it('keeps a bounded excerpt of an HTML error page as the body', async () => {
    const html = `<html>${'x'.repeat(2000)}</html>`;
    const { fetch } = scriptedFetch(
      new Response(html, { status: 404, headers: { 'content-type': 'text/html' } }),
    );
    const error = await failure(send(transport(fetch).t, REFUND));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ body: html.slice(0, 500) });
  });

  it('never follows a redirect, and names only the target origin', async () => {
    const { fetch, requests } = scriptedFetch(
      new Response(null, {
        status: 307,
        headers: { location: `https://evil.test/x?token=${TOKEN}` },
      }),
    );
    const error = await failure(send(transport(fetch).t, QUERY));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ locationOrigin: 'https://evil.test' });
    expect(requests).toHaveLength(1);
  });
});

describe('Transport: retries of reads', () => {
  it('retries a 500 with exponential backoff, then succeeds', async () => {
    const { fetch, requests } = scriptedFetch(json(500, {}), json(502, {}), json(200, { ok: 1 }));
    const { t, sleeps } = transport(fetch);
    const response = await send(t, QUERY);
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('gives up after maxRetries with InternalServerError', async () => {
    const { fetch, requests } = scriptedFetch(json(503, { message: 'down' }));
    const error = await failure(send(transport(fetch, { maxRetries: 1 }).t, QUERY));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(2);
  });

  it('a per-call maxRetries overrides the client default', async () => {
    const { fetch, requests } = scriptedFetch(json(500, {}));
    await failure(send(transport(fetch, { maxRetries: 5 }).t, QUERY, {}, { maxRetries: 0 }));
    expect(requests).toHaveLength(1);
  });

  it('retries a timeout, then throws TimeoutError', async () => {
    const { fetch, requests } = scriptedFetch('hang');
    const error = await failure(send(transport(fetch, { timeoutMs: 10, maxRetries: 1 }).t, QUERY));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 10 });
    expect(requests).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    const { fetch, requests } = scriptedFetch(networkError('ECONNRESET'), json(200, {}));
    expect((await send(transport(fetch).t, QUERY)).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it('backoff doubles, is jittered (here by 12.5 %) and is capped', async () => {
    const { fetch } = scriptedFetch(json(500, {}));
    const { t, sleeps } = transport(fetch, {
      maxRetries: 6,
      random: () => 0.5,
      retry: { maxDelayMs: 2000 },
    });
    await failure(send(t, QUERY));
    expect(sleeps).toEqual([438, 875, 1750, 1750, 1750, 1750]);
  });
});

describe('Transport: a refund write is never resent when it may have arrived', () => {
  it('timeout → OutcomeUnknownError, sent exactly once', async () => {
    const { fetch, requests } = scriptedFetch('hang');
    const error = await failure(send(transport(fetch, { timeoutMs: 10 }).t, REFUND));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(1);
  });

  it('a per-call timeout overrides the client default', async () => {
    const { fetch } = scriptedFetch('hang');
    const error = await failure(
      send(transport(fetch, { timeoutMs: 60_000 }).t, REFUND, {}, { timeoutMs: 5 }),
    );
    expect(error.cause).toMatchObject({ timeoutMs: 5 });
  });

  it('connection reset → OutcomeUnknownError, sent once', async () => {
    const { fetch, requests } = scriptedFetch(networkError('ECONNRESET'), json(200, {}));
    const error = await failure(send(transport(fetch).t, REFUND));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toMatchObject({ errorCode: 'ECONNRESET', requestNotSent: false });
    expect(requests).toHaveLength(1);
  });

  it('5xx → OutcomeUnknownError carrying status and request id, sent once', async () => {
    const { fetch, requests } = scriptedFetch(json(500, {}, { 'x-request-id': 'req_5' }));
    const error = await failure(send(transport(fetch).t, REFUND));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 500, requestId: 'req_5' });
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it('an unreadable 2xx body → OutcomeUnknownError (write) or InvalidResponseError (read)', async () => {
    const { fetch } = scriptedFetch(new Response('{"code":0,', { status: 200 }));
    const { t } = transport(fetch);
    const response = await send(t, REFUND);
    const text = await response.text();
    expect(() => t.parseBody(REFUND, { response, text })).toThrow(OutcomeUnknownError);
    expect(() => t.parseBody(QUERY, { response, text })).toThrow(InvalidResponseError);
  });

  it('connection refused proves it was not sent: retried, then ConnectionError', async () => {
    const { fetch, requests } = scriptedFetch(networkError('ECONNREFUSED'));
    const error = await failure(send(transport(fetch).t, REFUND));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', requestNotSent: true });
    expect(requests).toHaveLength(3);
  });

  it('DNS failure is retried and can succeed', async () => {
    const { fetch, requests } = scriptedFetch(networkError('ENOTFOUND'), json(200, {}));
    expect((await send(transport(fetch).t, REFUND)).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it('429 is retried even for a write, honouring retry-after-ms and Retry-After', async () => {
    const { fetch, requests } = scriptedFetch(
      json(429, {}, { 'retry-after-ms': '1234' }),
      json(429, {}, { 'retry-after': '3' }),
      json(200, {}),
    );
    const { t, sleeps } = transport(fetch);
    expect((await send(t, REFUND)).status).toBe(200);
    expect(sleeps).toEqual([1234, 3000]);
    expect(requests).toHaveLength(3);
  });

  it('429 with a wait beyond the cap is not retried; the error says how long', async () => {
    const { fetch, requests } = scriptedFetch(json(429, {}, { 'retry-after': '3600' }));
    const error = await failure(send(transport(fetch).t, REFUND));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(requests).toHaveLength(1);
  });

  it('caller abort mid-flight: OutcomeUnknownError for a write, UserAbortError for a read', async () => {
    for (const [op, type] of [
      [REFUND, OutcomeUnknownError],
      [QUERY, UserAbortError],
    ] as const) {
      const { fetch, requests } = scriptedFetch('hang');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 5);
      const error = await failure(send(transport(fetch).t, op, {}, { signal: controller.signal }));
      expect(error).toBeInstanceOf(type);
      expect(requests).toHaveLength(1);
    }
  });

  it('a signal aborted before sending stops the call with UserAbortError and sends nothing', async () => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const error = await failure(
      send(transport(fetch).t, REFUND, {}, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(UserAbortError);
    expect(requests).toHaveLength(0);
  });

  it('caller abort during a backoff wait stops cleanly', async () => {
    const { fetch, requests } = scriptedFetch(json(429, {}, { 'retry-after': '1' }));
    const controller = new AbortController();
    const { t } = transport(fetch, {
      sleep: (_ms: number, signal: AbortSignal | undefined) =>
        new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
    });
    const pending = send(t, REFUND, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect(await failure(pending)).toBeInstanceOf(UserAbortError);
    expect(requests).toHaveLength(1);
  });
});

describe('Transport: secrets stay out of errors and events', () => {
  const leaks = (value: unknown) =>
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes(
      TOKEN,
    );

  it('masks a token the provider echoes, in message, body, String(), JSON and stack', async () => {
    const { fetch } = scriptedFetch(
      json(401, { message: `token ${TOKEN} is expired`, echo: { accessToken: 'other' } }),
    );
    const error = await failure(send(transport(fetch).t, QUERY));
    if (!(error instanceof AuthenticationError)) throw new Error('expected AuthenticationError');
    expect(error.providerMessage).toBe('token [REDACTED] is expired');
    expect(String(error)).not.toContain(TOKEN);
    expect(error.stack).not.toContain(TOKEN);
    expect(leaks(error)).toBe(false);
    expect(JSON.stringify(error)).toContain('[REDACTED]');
    expect(error.body).toEqual({
      message: 'token [REDACTED] is expired',
      echo: { accessToken: '[REDACTED]' },
    });
  });

  it('masks a token inside a low-level network error message', async () => {
    const { fetch } = scriptedFetch(
      Object.assign(new TypeError(`fetch failed for ${TOKEN}`), { cause: { code: 'ECONNRESET' } }),
    );
    const error = await failure(send(transport(fetch).t, QUERY, {}, { maxRetries: 0 }));
    expect(String(error.cause)).not.toContain(TOKEN);
    expect(String(error.cause)).toContain('[REDACTED]');
  });

  it('events carry redacted headers and bodies, and a failing logger changes nothing', async () => {
    const { fetch } = scriptedFetch(json(500, { message: TOKEN }), json(200, {}));
    const { t, events } = transport(fetch);
    await send(t, QUERY);
    expect(events.map((e) => e.type)).toEqual([
      'request',
      'response',
      'retry',
      'request',
      'response',
    ]);
    expect(leaks(events)).toBe(false);
    const request = events[0] as Extract<HttpEvent, { type: 'request' }>;
    expect(request.headers['authorization']).toBe('[REDACTED]');
    expect(request.body).toEqual({ quantity: 1, accessToken: '[REDACTED]' });

    const throwing = transport(scriptedFetch(json(200, {})).fetch, {
      logger: () => {
        throw new Error('logger down');
      },
    });
    expect((await send(throwing.t, REFUND)).status).toBe(200);
  });
});

describe('Transport: option checks', () => {
  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 100 }, 'maxRetries'],
  ])('refuses %o for a client and per call, naming the option', (options, field) => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const check = new InputCheck({ provider: 'acme', operation: 'createClient' });
    expect(() => checkHttpOptions(check, '', options)).toThrow(expect.objectContaining({ field }));
    expect(() => transport(fetch).t.fetchFor(REFUND, options as RequestOptions)).toThrow(
      expect.objectContaining({ field: `options.${field}` }),
    );
    expect(requests).toHaveLength(0);
  });

  it('refuses retry tuning and unknown names per call (they would be ignored)', () => {
    const { fetch } = scriptedFetch(json(200, {}));
    const check = new InputCheck({ provider: 'acme', operation: 'createClient' });
    expect(() => checkHttpOptions(check, '', { retry: { maxDelayMs: -1 } })).toThrow(
      expect.objectContaining({ field: 'retry.maxDelayMs' }),
    );
    for (const options of [{ retry: {} }, { timeoutMS: 5 }, { logger: () => undefined }]) {
      expect(() => transport(fetch).t.fetchFor(REFUND, options as RequestOptions)).toThrow(
        expect.objectContaining({ rule: 'unknown_field' }),
      );
    }
  });

  it('invalidAnswer is OutcomeUnknownError for a write and InvalidResponseError for a read', () => {
    const { t } = transport(scriptedFetch(json(200, {})).fetch);
    const response = new Response('{}', { status: 200, headers: { 'x-request-id': 'r' } });
    const write = t.invalidAnswer(REFUND, response, { token: 'x' }, 'has no code');
    expect(write).toBeInstanceOf(OutcomeUnknownError);
    expect(write).toMatchObject({ status: 200, requestId: 'r' });
    const read = t.invalidAnswer(QUERY, response, { token: 'x' }, 'has no code');
    expect(read).toBeInstanceOf(InvalidResponseError);
    expect(read).toMatchObject({ body: { token: '[REDACTED]' } });
    expect(read.message).toBe('acme query: HTTP 200 answer has no code');
  });
});

describe('Transport: the timeout holds whatever the fetch does', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /**
   * Behaves like Node's fetch towards its input: it builds its own Request from it (which
   * follows the input's signal through a WeakRef) and keeps only that one alive; then it
   * stalls on the headers, or sends headers and a body that never ends.
   */
  function undiciLikeFetch(stall: 'headers' | 'body') {
    const alive = new Set<Request>();
    let calls = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      calls++;
      const own = new Request(input, init);
      alive.add(own);
      const aborted = new Promise<never>((_, reject) => {
        own.signal.addEventListener('abort', () => reject(own.signal.reason as Error), {
          once: true,
        });
      });
      if (stall === 'headers') return aborted;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => void aborted.catch((reason: unknown) => controller.error(reason)),
      });
      return new Response(body, { status: 200 });
    };
    return { fetch: fetch, calls: () => calls };
  }

  it.each(['headers', 'body'] as const)(
    'a fetch stalled on its %s still times out after a garbage collection',
    async (stall) => {
      const fake = undiciLikeFetch(stall);
      const settled = send(transport(fake.fetch, { timeoutMs: 100 }).t, REFUND).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
      gc();
      const outcome = await Promise.race([
        settled,
        new Promise((resolve) => setTimeout(() => resolve('still hanging'), 2_000)),
      ]);
      expect(outcome).toBeInstanceOf(OutcomeUnknownError);
      expect((outcome as Error).cause).toBeInstanceOf(TimeoutError);
      expect(fake.calls()).toBe(1);
    },
  );

  it('a fetch that ignores the signal entirely still times out', async () => {
    const ignoring = (() => new Promise<Response>(() => undefined)) as typeof globalThis.fetch;
    const error = await failure(
      send(transport(ignoring, { timeoutMs: 20 }).t, QUERY, {}, { maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('Transport.send: the hot path openapi-fetch drives', () => {
  const origin = { provider: 'acme', operation: 'refund' };
  it('hands openapi-fetch redirect: manual and a fetch that adds the signal, and returns the text', async () => {
    const { fetch, requests } = scriptedFetch(json(200, { ok: 1 }));
    const { t } = transport(fetch);
    const answer = await t.send(REFUND, {}, async (init) => {
      const response = await init.fetch(
        new Request(`${ORIGIN}/r`, {
          method: 'POST',
          body: '{}',
          redirect: init.redirect,
        }),
      );
      return { data: await response.text(), response };
    });
    expect(answer.text).toBe('{"ok":1}');
    expect(requests[0]!.redirect).toBe('manual');
  });

  it('the attempt timer aborts the request fetch received (its socket is freed)', async () => {
    const { fetch, requests } = scriptedFetch('hang');
    const { t } = transport(fetch, { timeoutMs: 20 });
    const error = await failure(
      t.send(REFUND, {}, async (init) => {
        const response = await init.fetch(
          new Request(`${ORIGIN}/r`, { method: 'POST', body: '{}' }),
        );
        return { data: await response.text(), response };
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it('a request openapi-fetch could not build was never sent: a plain error, not unknown', async () => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const error = await failure(
      transport(fetch).t.send(REFUND, {}, () => {
        throw new URIError('URI malformed');
      }),
    );
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject(origin);
    expect(error.message).toContain('could not build the request');
    expect(requests).toHaveLength(0);
  });

  it('a body that stalls after the headers is still under the attempt timer', async () => {
    const stalled = new Response(new ReadableStream(), { status: 200 });
    const { t } = transport(() => Promise.resolve(stalled), { timeoutMs: 30 });
    const error = await failure(
      t.send(REFUND, {}, async (init) => {
        const response = await init.fetch(new Request(`${ORIGIN}/r`));
        return { data: await response.text(), response };
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
  });

  it('masks a secret in a redirect target origin', async () => {
    const { fetch } = scriptedFetch(
      new Response(null, {
        status: 302,
        headers: { location: `https://${TOKEN.toLowerCase()}.evil.test/x` },
      }),
    );
    const { t } = transport(fetch, { secrets: [TOKEN.toLowerCase()] });
    const error = await failure(send(t, QUERY));
    expect(error).toBeInstanceOf(RedirectError);
    expect(JSON.stringify(error) + error.message).not.toContain(TOKEN.toLowerCase());
  });
});

describe('Transport with an envelope', () => {
  const envelope = {
    name: 'an acme envelope',
    isCode: (code: unknown) => typeof code === 'number',
    isSuccess: (code: unknown) => code === 0,
  };
  const answer = (body: unknown) => ({ response: json(200, body), text: JSON.stringify(body) });

  it('unwraps data, refuses failure codes, and treats a mistyped code as no envelope', () => {
    const t = new Transport({ provider: 'acme', origin: ORIGIN, secrets: [], envelope });
    expect(t.envelopeData(QUERY, answer({ code: 0, data: { id: 'r1' } }))).toEqual({ id: 'r1' });
    expect(() => t.envelopeData(REFUND, answer({ code: 7, message: 'no' }))).toThrow(
      expect.objectContaining({ code: 7, providerMessage: 'no', status: 200 }),
    );
    // '0' is not this provider's code: for a write, nothing can be concluded from it.
    expect(() => t.envelopeData(REFUND, answer({ code: '0' }))).toThrow(OutcomeUnknownError);
    expect(() => t.envelopeData(QUERY, answer({ code: '0' }))).toThrow(InvalidResponseError);
  });

  it('reads error bodies as {code, message} unless the client gives describeError', async () => {
    const { fetch } = scriptedFetch(json(400, { code: 42, message: 'bad thing' }));
    const t = new Transport({ provider: 'acme', origin: ORIGIN, secrets: [], envelope, fetch });
    const error = await failure(send(t, QUERY));
    expect(error).toMatchObject({ code: 42, providerMessage: 'bad thing' });
  });
});

describe('Transport: an attempt that ended before sending never sends', () => {
  it('a timeout while the request event is built (slow body, logger set) sends nothing', async () => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const { t } = transport(fetch, { timeoutMs: 20 });
    const slowBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    });
    const request = new Request(`${ORIGIN}/r`, {
      method: 'POST',
      body: slowBody,
      duplex: 'half',
    } as RequestInit);
    const error = await failure(t.fetchFor(REFUND, { maxRetries: 0 })(request));
    expect(error).toBeInstanceOf(TimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toHaveLength(0);
  });
});

describe('Transport: secrets in provider codes and cut bodies', () => {
  it('masks a token inside the provider error code', async () => {
    const { fetch } = scriptedFetch(json(401, { code: `InvalidToken:${TOKEN}`, message: 'no' }));
    const error = await failure(send(transport(fetch).t, QUERY));
    expect(error).toMatchObject({ code: 'InvalidToken:[REDACTED]' });
    expect(JSON.stringify(error) + error.message + inspect(error)).not.toContain(TOKEN);
  });

  it('masks a token that straddles the 500-character excerpt of a non-JSON body', async () => {
    const page = `<html>${'x'.repeat(480)}token=${TOKEN}</html>`; // the cut falls inside the token
    const { fetch } = scriptedFetch(new Response(page, { status: 400 }));
    const error = await failure(send(transport(fetch).t, QUERY));
    expect(JSON.stringify(error)).not.toContain(TOKEN.slice(0, 8));
    const { t } = transport(scriptedFetch(json(200, {})).fetch);
    const cut = () => t.parseBody(REFUND, { response: new Response(page), text: page });
    expect(cut).toThrow(OutcomeUnknownError);
    try {
      cut();
    } catch (thrown) {
      expect(JSON.stringify(thrown) + inspect(thrown)).not.toContain(TOKEN.slice(0, 8));
    }
  });
});

describe('Transport.fetchFor (raw): the caller signal on the Request', () => {
  it('an already aborted signal stops the call before anything is sent', async () => {
    const { fetch, requests } = scriptedFetch(json(200, {}));
    const request = new Request(`${ORIGIN}/r`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.abort(),
    });
    const error = await failure(transport(fetch).t.fetchFor(REFUND)(request));
    expect(error).toBeInstanceOf(UserAbortError);
    expect(requests).toHaveLength(0);
  });

  it('an abort in flight ends a write as OutcomeUnknownError', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch('hang');
    const request = new Request(`${ORIGIN}/r`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const pending = transport(fetch, { timeoutMs: 5_000 }).t.fetchFor(REFUND)(request);
    setTimeout(() => {
      controller.abort();
    }, 10);
    expect(await failure(pending)).toBeInstanceOf(OutcomeUnknownError);
  });
});
