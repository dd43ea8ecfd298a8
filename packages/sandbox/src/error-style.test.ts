import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { send } from './http.test-util.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ maxBodyBytes: 256 });
});
afterEach(() => sandbox.close());

const json = { 'content-type': 'application/json' };

describe('Keeta faults answer in Keeta style ({code, message})', () => {
  it('server_error and rate_limit', async () => {
    sandbox.addFaults([
      { kind: 'server_error', provider: 'keeta', status: 503 },
      { kind: 'rate_limit', provider: 'keeta', retryAfterSeconds: 3 },
    ]);
    const url = `${sandbox.baseUrls.keeta}/order/refund/part/apply`;
    const first = await send(url, { headers: json, body: '{}' });
    expect([first.status, first.json]).toEqual([
      503,
      { code: 503, message: 'Service Unavailable (sandbox fault)' },
    ]);
    const second = await send(url, { headers: json, body: '{}' });
    expect([second.status, second.json]).toEqual([
      429,
      { code: 429, message: 'Too Many Requests (sandbox fault)' },
    ]);
    expect(second.headers.get('retry-after')).toBe('3');
  });
});

describe('413 answers in each provider style', () => {
  const big = JSON.stringify({ remark: 'x'.repeat(1000) });
  const message = 'request body exceeds 256 bytes';

  it('Keeta {code, message}', async () => {
    const answer = await send(`${sandbox.baseUrls.keeta}/order/refund/part/apply`, {
      headers: json,
      body: big,
    });
    expect([answer.status, answer.json]).toEqual([413, { code: 413, message }]);
  });

  it('KakaClo {code, message}', async () => {
    const answer = await send(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
      headers: json,
      body: big,
    });
    expect([answer.status, answer.json]).toEqual([413, { code: 413, message }]);
  });

  it('Shoplazza per version', async () => {
    const base = sandbox.shoplazzaBaseUrl('demo-store');
    const old = await send(`${base}/openapi/2022-01/orders/1232123/partial_refund`, {
      headers: json,
      body: big,
    });
    expect([old.status, old.json]).toEqual([413, { errors: [message] }]);
    const current = await send(`${base}/openapi/2024-07/orders/1232123/refund`, {
      headers: json,
      body: big,
    });
    expect([current.status, current.json]).toEqual([413, { code: 'PayloadTooLarge', message }]);
    expect(sandbox.ledger()).toEqual([]);
  });
});
