import { afterEach, describe, expect, it } from 'vitest';
import { adminRefusal, isLoopbackPeer } from './admin-access.js';
import { send } from './http.test-util.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('isLoopbackPeer', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.5.6.7', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.0.0.8', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.8', false],
    ['fe80::1', false],
    ['0.0.0.0', false],
    ['1127.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackPeer(address)).toBe(loopback);
  });
});

describe('adminRefusal (who may use the admin API)', () => {
  const get = { method: 'GET', headers: { host: '127.0.0.1:4010' } };

  it('without an admin token: loopback peers only', () => {
    expect(adminRefusal({ ...get, peer: '127.0.0.1' }, {})).toBeUndefined();
    expect(adminRefusal({ ...get, peer: '192.168.1.20' }, {})).toEqual({
      status: 403,
      body: {
        error:
          'the admin API answers loopback peers only; start the sandbox with an admin token to allow others',
      },
    });
  });

  it('with an admin token: required from every peer, loopback included', () => {
    const withToken = { adminToken: 's3cret-admin' };
    expect(adminRefusal({ ...get, peer: '192.168.1.20' }, withToken)?.status).toBe(401);
    expect(adminRefusal({ ...get, peer: '127.0.0.1' }, withToken)?.status).toBe(401);
    const authorised = {
      ...get,
      peer: '192.168.1.20',
      headers: { host: 'sandbox.lan:4010', authorization: 'Bearer s3cret-admin' },
    };
    expect(adminRefusal(authorised, withToken)).toBeUndefined();
    const wrong = { ...authorised, headers: { ...authorised.headers, authorization: 'Bearer x' } };
    const refusal = adminRefusal(wrong, withToken);
    expect(refusal?.status).toBe(401);
    expect(JSON.stringify(refusal)).not.toContain('s3cret-admin');
  });

  it('without a token, a Host that is a DNS name other than localhost is refused (DNS rebinding)', () => {
    expect(
      adminRefusal({ ...get, peer: '127.0.0.1', headers: { host: 'evil.example:4010' } }, {})
        ?.status,
    ).toBe(403);
    expect(
      adminRefusal({ ...get, peer: '::1', headers: { host: 'localhost:4010' } }, {}),
    ).toBeUndefined();
    // Listening on 0.0.0.0, the printed URL has that address: an IP literal cannot be rebound.
    expect(
      adminRefusal({ ...get, peer: '127.0.0.1', headers: { host: '0.0.0.0:4010' } }, {}),
    ).toBeUndefined();
  });

  it('writes need application/json, and a foreign Origin is refused', () => {
    const post = { method: 'POST', peer: '127.0.0.1' };
    expect(
      adminRefusal(
        { ...post, headers: { host: '127.0.0.1:4010', 'content-type': 'text/plain' } },
        {},
      )?.status,
    ).toBe(415);
    expect(adminRefusal({ ...post, headers: { host: '127.0.0.1:4010' } }, {})?.status).toBe(415);
    expect(
      adminRefusal(
        {
          ...post,
          headers: {
            host: '127.0.0.1:4010',
            'content-type': 'application/json',
            origin: 'https://evil.example',
          },
        },
        {},
      )?.status,
    ).toBe(403);
    expect(
      adminRefusal(
        {
          ...post,
          headers: {
            host: '127.0.0.1:4010',
            'content-type': 'application/json',
            origin: 'http://127.0.0.1:4010',
          },
        },
        {},
      ),
    ).toBeUndefined();
  });
});

describe('the admin API over loopback', () => {
  it('a cross-origin text/plain POST (what a web page can send) is refused, nothing changed', async () => {
    sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/__sandbox/faults`, {
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ faults: [{ kind: 'server_error', times: 100 }] }),
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    const plain = await send(`${sandbox.url}/__sandbox/faults`, {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ faults: [{ kind: 'server_error', times: 100 }] }),
    });
    expect(plain.status).toBe(415);
    const reset = await send(`${sandbox.url}/__sandbox/reset`, {
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    expect(reset.status).toBe(403);
    const listed = await send(`${sandbox.url}/__sandbox/faults`, { method: 'GET' });
    expect(listed.json).toEqual({ faults: [] });
  });

  it('with an admin token configured, it is required (and the secret stays out of answers)', async () => {
    sandbox = await startSandbox({ adminToken: 'tok-123456' });
    const without = await send(`${sandbox.url}/__sandbox/info`, { method: 'GET' });
    expect(without.status).toBe(401);
    expect(without.text).not.toContain('tok-123456');
    const withToken = await send(`${sandbox.url}/__sandbox/info`, {
      method: 'GET',
      headers: { authorization: 'Bearer tok-123456' },
    });
    expect(withToken.status).toBe(200);
    const reset = await send(`${sandbox.url}/__sandbox/reset`, {
      headers: { authorization: 'Bearer tok-123456', 'content-type': 'application/json' },
    });
    expect(reset.status).toBe(200);
  });
});
