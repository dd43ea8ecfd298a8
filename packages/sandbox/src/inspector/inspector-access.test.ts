/**
 * Who may open the inspector page, its data and its live events: the admin API's rules, and
 * with an admin token a session cookie a browser can carry (never a token in the URL).
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../http.test-util.js';
import type { Sandbox } from '../sandbox.js';
import { startSandbox } from '../start.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A GET with a Host header of our choosing (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** An open event stream, read up to what a test waits for. */
async function openEvents(url: string, init: RequestInit = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    /** Everything received once `pattern` matches it (or the stream ended). */
    async until(pattern: RegExp): Promise<string> {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      return text;
    },
    close: () => controller.abort(),
  };
}

describe('the inspector page', () => {
  it('is served from loopback with a strict CSP, its script and style from its own origin', async () => {
    sandbox = await startSandbox();
    const page = await send(`${sandbox.url}/__sandbox/`, { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // No inline script, nothing from another origin.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of ['inspector.js', 'inspector.css']) {
      const answer = await send(`${sandbox.url}/__sandbox/${asset}`, { method: 'GET' });
      expect(answer.status).toBe(200);
      expect(page.text).toContain(`/__sandbox/${asset}`);
    }
  });

  it('answers /__sandbox (no slash, as people type it) with a redirect to the page', async () => {
    sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/__sandbox`, { method: 'GET' });
    expect(answer.status).toBe(308);
    expect(answer.headers.get('location')).toBe('/__sandbox/');
    expect(sandbox.requests()).toEqual([]);
  });

  it('without an admin token, like the admin API: a rebindable Host is refused', async () => {
    sandbox = await startSandbox();
    for (const path of ['/__sandbox/', '/__sandbox/events', '/__sandbox/requests']) {
      expect(await getWithHost(`${sandbox.url}${path}`, 'evil.example:4010')).toBe(403);
    }
    expect(await getWithHost(`${sandbox.url}/__sandbox/`, 'localhost')).toBe(200);
  });

  it('refuses a cross-origin read of its data and events', async () => {
    sandbox = await startSandbox();
    for (const path of ['/__sandbox/requests', '/__sandbox/events']) {
      const answer = await send(`${sandbox.url}${path}`, {
        method: 'GET',
        headers: { origin: 'http://127.0.0.1:9999' },
      });
      expect(answer.status).toBe(403);
    }
  });
});

describe('with an admin token', () => {
  const token = 'inspector-admin-token-1';

  it('the page loads (it asks for the token); its data, events and writes need the token', async () => {
    sandbox = await startSandbox({ adminToken: token });
    expect((await send(`${sandbox.url}/__sandbox/`, { method: 'GET' })).status).toBe(200);
    for (const path of ['/__sandbox/requests', '/__sandbox/events', '/__sandbox/balances']) {
      expect((await send(`${sandbox.url}${path}`, { method: 'GET' })).status).toBe(401);
    }
    const withHeader = await send(`${sandbox.url}/__sandbox/requests`, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withHeader.status).toBe(200);
  });

  it('trades the token (JSON body, same origin) for an HttpOnly SameSite=Strict session cookie', async () => {
    sandbox = await startSandbox({ adminToken: token });
    const login = (body: string, headers: Record<string, string> = {}) =>
      send(`${sandbox!.url}/__sandbox/session`, {
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    expect((await login(JSON.stringify({ token: 'not-the-token' }))).status).toBe(401);
    expect((await login('{')).status).toBe(401);
    expect((await login(JSON.stringify({ token }), { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    const form = await send(`${sandbox.url}/__sandbox/session`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(form.status).toBe(415);

    const ok = await login(JSON.stringify({ token }));
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^refundkit_sandbox_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/__sandbox/');
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;

    const data = await send(`${sandbox.url}/__sandbox/requests`, {
      method: 'GET',
      headers: { cookie: session },
    });
    expect(data.status).toBe(200);
    const forged = await send(`${sandbox.url}/__sandbox/requests`, {
      method: 'GET',
      headers: { cookie: 'refundkit_sandbox_session=forged' },
    });
    expect(forged.status).toBe(401);
    const events = await openEvents(`${sandbox.url}/__sandbox/events`, {
      headers: { cookie: session },
    });
    expect(await events.until(/retry:/)).toContain('retry: 1000');
    events.close();
  });

  it('without an admin token, there is no session to get', async () => {
    sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/__sandbox/session`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'anything' }),
    });
    expect(answer.status).toBe(404);
  });
});

describe('live events', () => {
  it('push each logged request (list fields, masked) to an open page', async () => {
    sandbox = await startSandbox();
    const s = sandbox;
    const events = await openEvents(`${s.url}/__sandbox/events`);
    // The first line arrives once the stream is registered: from then on, nothing is missed.
    await events.until(/retry:/);
    await send(`${s.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
      headers: {
        authorization: `Bearer ${s.credentials.kakaclo.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
    });
    const text = await events.until(/event: requests\ndata: .*\n\n/);
    events.close();
    const data = /event: requests\ndata: (.*)\n\n/.exec(text)?.[1] ?? '[]';
    const batch = JSON.parse(data) as Record<string, unknown>[];
    expect(batch).toEqual([expect.objectContaining({ outcome: 'applied', orderId: '10001' })]);
    expect(batch[0]).not.toHaveProperty('headers');
    expect(text).not.toContain(s.credentials.kakaclo.accessToken);
  });

  it('tell an open page what else changed (an admin write) and when reset() emptied everything', async () => {
    sandbox = await startSandbox();
    const events = await openEvents(`${sandbox.url}/__sandbox/events`);
    await events.until(/retry:/);
    await send(`${sandbox.url}/__sandbox/faults`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ kind: 'html_error' }] }),
    });
    const changed = await events.until(/event: changed\ndata: .*\n\n/);
    expect(/event: changed\ndata: (.*)\n\n/.exec(changed)?.[1]).toContain('"faults"');
    sandbox.reset();
    expect(await events.until(/event: reset\n/)).toContain('event: reset');
    events.close();
  });
});
