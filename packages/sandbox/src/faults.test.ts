import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec } from './faults.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

/** A KakaClo refund of one unit: the carrier for the faults (they work the same for every provider). */
function refundOne() {
  return fetch(`${sandbox.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
  });
}

async function addFaults(faults: FaultSpec[]) {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });
  expect(response.status).toBe(201);
}

describe('faults that answer without processing', () => {
  it('server_error: a 5xx, nothing applied', async () => {
    await addFaults([{ kind: 'server_error', provider: 'kakaclo', status: 503 }]);
    expect((await refundOne()).status).toBe(503);
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('rate_limit: 429 with Retry-After, nothing applied', async () => {
    await addFaults([{ kind: 'rate_limit', retryAfterSeconds: 2 }]);
    const response = await refundOne();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('reset_before_processing: the connection drops, nothing applied', async () => {
    await addFaults([{ kind: 'reset_before_processing' }]);
    await expect(refundOne()).rejects.toThrow(TypeError);
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('html_error: a 502 HTML page, nothing applied', async () => {
    await addFaults([{ kind: 'html_error' }]);
    const response = await refundOne();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>');
    expect(sandbox.ledger()).toHaveLength(0);
  });

  it('redirect: a 307 to another origin, nothing applied', async () => {
    await addFaults([{ kind: 'redirect', location: 'http://evil.invalid/steal' }]);
    const response = await refundOne();
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://evil.invalid/steal');
    expect(sandbox.ledger()).toHaveLength(0);
  });
});

describe('faults that act after processing (the ambiguous cases)', () => {
  it('drop_after_apply: the refund is applied, then the connection drops unanswered', async () => {
    await addFaults([{ kind: 'drop_after_apply' }]);
    await expect(refundOne()).rejects.toThrow(TypeError);
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('malformed_json: the refund is applied, the answer is cut short', async () => {
    await addFaults([{ kind: 'malformed_json' }]);
    const response = await refundOne();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('latency: the answer is late, then normal', async () => {
    await addFaults([{ kind: 'latency', latencyMs: 150 }]);
    const started = performance.now();
    const response = await refundOne();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(sandbox.ledger()).toHaveLength(1);
  });
});

describe('when faults fire', () => {
  it('once by default, N times with `times`, then never', async () => {
    await addFaults([{ kind: 'server_error', times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await refundOne()).status);
    expect(statuses).toEqual([500, 500, 200]);
    const listed = (await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as {
      faults: unknown[];
    };
    expect(listed.faults[0]).toMatchObject({ kind: 'server_error', times: 2, fired: 2 });
  });

  it('only for the named provider and operation', async () => {
    await addFaults([
      { kind: 'server_error', provider: 'kakaclo', operation: 'queryRefund' },
      { kind: 'server_error', provider: 'keeta' },
    ]);
    expect((await refundOne()).status).toBe(200);
  });

  it('with a probability, reproducibly for the same seed', async () => {
    const pattern = async (seed: number) => {
      const run = await startSandbox({
        faultSeed: seed,
        faults: [{ kind: 'rate_limit', probability: 0.5 }],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) {
        const response = await fetch(
          `${run.baseUrls.kakaclo}/openapi/v2/order/orders/refund/10001`,
          {
            headers: { authorization: `Bearer ${run.credentials.kakaclo.accessToken}` },
          },
        );
        statuses.push(response.status);
      }
      await run.close();
      return statuses.join(',');
    };
    const first = await pattern(7);
    expect(await pattern(7)).toBe(first);
    expect(first).toContain('429');
    expect(first).toContain('200');
    expect(await pattern(8)).not.toBe(first);
  });

  it('DELETE /__sandbox/faults clears them', async () => {
    await addFaults([{ kind: 'server_error', times: 5 }]);
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
    expect((await refundOne()).status).toBe(200);
  });

  it('a bad rule is refused, naming the field', async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ kind: 'rate_limit' }, { kind: 'explode' }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^faults\[1\]\.kind: must be one of latency, /,
    );
    expect(() => sandbox.addFaults([{ kind: 'latency', probability: 2 }])).toThrow(
      'faults[0].probability',
    );
  });
});

describe('fault answers speak the provider error style', () => {
  it('Shoplazza 2024-07 gets {code, message}; 2022-01 gets {errors}', async () => {
    await addFaults([
      { kind: 'rate_limit', provider: 'shoplazza', operation: 'refundOrder' },
      { kind: 'server_error', provider: 'shoplazza', operation: 'partialRefund' },
    ]);
    const post = (path: string) =>
      fetch(`${sandbox.shoplazzaBaseUrl('demo-store')}${path}`, {
        method: 'POST',
        headers: {
          'access-token': sandbox.credentials.shoplazza.accessToken,
          'content-type': 'application/json',
        },
        body: '{}',
      }).then(async (r) => [r.status, (await r.json()) as unknown]);
    expect(await post('/openapi/2024-07/orders/1232123/refund')).toEqual([
      429,
      { code: 'TooManyRequests', message: 'Too Many Requests (sandbox fault)' },
    ]);
    expect(await post('/openapi/2022-01/orders/1232123/partial_refund')).toEqual([
      500,
      { errors: ['Internal Server Error (sandbox fault)'] },
    ]);
  });
});
