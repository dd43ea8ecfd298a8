import { describe, expect, it } from 'vitest';
import type { HttpEvent } from './events.js';
import { PLANNED_REQUEST, PlannedRequest } from './planned-request.js';
import { Transport } from './transport.js';

const ORIGIN = 'https://api.example.test';
const TOKEN = 'tok_live_SECRET_123456';
const REFUND = { name: 'refund', idempotent: false };

/** A fetch that records exactly what it was called with. */
function recordingFetch(answer: () => Response | Promise<Response>) {
  const calls: { input: unknown; init: RequestInit | undefined }[] = [];
  const fetch = (input: unknown, init?: RequestInit) => {
    calls.push({ input, init });
    return Promise.resolve(answer());
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** What openapi-fetch does with its `Request` option: `new Request(url, init)`, then `fetch(request)`. */
function plannedAttempt(body: string) {
  return async (init: { fetch: (request: Request) => Promise<Response> }) => {
    const request = new PLANNED_REQUEST(`${ORIGIN}/refunds/1`, {
      method: 'POST',
      headers: new Headers({
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
      }),
      body,
      redirect: 'follow', // whatever the caller asked: the transport never follows
    });
    const response = await init.fetch(request);
    return { data: await response.text(), response };
  };
}

describe('PlannedRequest: the one Request is built by fetch', () => {
  it('sends fetch(url, init) with redirect: manual and the attempt signal', async () => {
    const { fetch, calls } = recordingFetch(() => new Response('{"ok":1}', { status: 200 }));
    const t = new Transport({ provider: 'acme', origin: ORIGIN, secrets: [TOKEN], fetch });
    const answer = await t.send(REFUND, {}, plannedAttempt('{"quantity":1}'));
    expect(answer.text).toBe('{"ok":1}');
    expect(calls).toHaveLength(1);
    const [{ input, init }] = calls as [{ input: unknown; init: RequestInit }];
    expect(input).toBe(`${ORIGIN}/refunds/1`);
    expect(init).toMatchObject({ method: 'POST', body: '{"quantity":1}', redirect: 'manual' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(new Headers(init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('a redirect answer to a write is never followed and leaves the outcome unknown', async () => {
    const { fetch, calls } = recordingFetch(
      () => new Response(null, { status: 302, headers: { location: 'https://evil.example/' } }),
    );
    const t = new Transport({ provider: 'acme', origin: ORIGIN, secrets: [], fetch });
    await expect(t.send(REFUND, {}, plannedAttempt('{}'))).rejects.toMatchObject({
      name: 'OutcomeUnknownError',
      cause: { name: 'RedirectError', locationOrigin: 'https://evil.example' },
    });
    expect(calls).toHaveLength(1);
  });

  it('logs the planned body and headers redacted', async () => {
    const events: HttpEvent[] = [];
    const { fetch } = recordingFetch(() => new Response('{}', { status: 200 }));
    const t = new Transport({
      provider: 'acme',
      origin: ORIGIN,
      secrets: [TOKEN],
      fetch,
      logger: (event) => events.push(event),
    });
    await t.send(REFUND, {}, plannedAttempt(`{"accessToken":"${TOKEN}","note":"${TOKEN}"}`));
    const request = events.find((event) => event.type === 'request');
    expect(request).toMatchObject({
      body: { accessToken: '[REDACTED]', note: '[REDACTED]' },
      headers: { authorization: '[REDACTED]' },
    });
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('keeps what openapi-fetch reads: url, method, headers, body', () => {
    const request = new PlannedRequest(new URL(`${ORIGIN}/x`), { method: 'HEAD' });
    expect(request).toMatchObject({ url: `${ORIGIN}/x`, method: 'HEAD', body: null });
    expect(request.headers).toBeInstanceOf(Headers);
  });
});
