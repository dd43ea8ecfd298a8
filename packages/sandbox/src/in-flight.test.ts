import { afterEach, describe, expect, it } from 'vitest';
import { send } from './http.test-util.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const LATENCY_MS = 300;

function refundOne(s: Sandbox) {
  return send(`${s.baseUrls.kakaclo}/openapi/v2/order/orders/10001/refund`, {
    headers: {
      authorization: `Bearer ${s.credentials.kakaclo.accessToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ orderItems: [{ itemId: '120001', quantity: 1 }] }),
  });
}

/** Resolves once the latency rule has fired, i.e. the request is held by it. */
async function heldByLatency(s: Sandbox): Promise<void> {
  for (;;) {
    const { faults } = (await (await fetch(`${s.url}/__sandbox/faults`)).json()) as {
      faults: { fired: number }[];
    };
    if (faults[0]!.fired > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a refund held by a latency fault', () => {
  it('is cancelled by close(): the client gets no success and nothing applies later', async () => {
    const s = await startSandbox({ faults: [{ kind: 'latency', latencyMs: LATENCY_MS }] });
    const pending = refundOne(s);
    await heldByLatency(s);
    await s.close();
    expect((await pending).status).toBe(0);
    await pause(LATENCY_MS + 100);
    expect(s.ledger()).toEqual([]);
    expect(s.orders().kakaclo.orders[0]!.items[0]!.refunded).toBe(0);
  });

  it('is cancelled by reset(): no success answered, and no refund outside the ledger', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'latency', latencyMs: LATENCY_MS }] });
    const s = sandbox;
    const pending = refundOne(s);
    await heldByLatency(s);
    s.reset();
    const answer = await pending;
    expect(answer.status).not.toBe(200);
    await pause(50);
    expect(s.ledger()).toEqual([]);
    expect(s.orders().kakaclo.orders[0]!.items[0]!.refunded).toBe(0);
    // The sandbox still serves after the reset.
    expect((await refundOne(s)).status).toBe(200);
    expect(s.ledger()).toHaveLength(1);
  });
});
