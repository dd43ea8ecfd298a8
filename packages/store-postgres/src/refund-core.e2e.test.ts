/**
 * refund-core end to end on this store: two engines (two instances) with two pools on one
 * database, against the sandbox's KakaClo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createRefunds, type RefundRequest, type Refunds } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { startSandbox, type Sandbox } from '@refundkit/sandbox';
import { PostgresIdempotencyStore } from './index.js';
import { useDatabase } from './test-db.test-util.js';

const db = useDatabase();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function instance(): Promise<Refunds> {
  const store = new PostgresIdempotencyStore({ pool: db.pool(5), tablePrefix: 'e2e_' });
  await store.migrate();
  const client = createKakacloClient({
    baseUrl: sandbox.baseUrls.kakaclo,
    ...sandbox.credentials.kakaclo,
  });
  return createRefunds({
    store,
    providers: { kakaclo: kakacloAdapter(client) },
    // A caller that meets the key in flight at the other instance waits for its result.
    inFlightWaitMs: 20_000,
  });
}

const request = (key: string): RefundRequest => ({
  provider: 'kakaclo',
  idempotencyKey: key,
  orderId: '10001',
  lines: [{ lineId: '120001', quantity: 1 }],
});

describe('createRefunds with PostgresIdempotencyStore', () => {
  it('20 concurrent calls with one key from two instances: one refund in the ledger, one result', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    sandbox.addFaults([
      { kind: 'latency', provider: 'kakaclo', operation: 'refundOrder', latencyMs: 200 },
    ]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).refund(request('pg-e2e-1'))),
    );
    expect(sandbox.ledger({ provider: 'kakaclo', orderId: '10001' })).toHaveLength(1);
    expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results[0]?.status).toMatch(/succeeded|pending/);

    // Later, either instance replays it; the ledger does not move.
    expect(await b.refund(request('pg-e2e-1'))).toMatchObject({
      replayed: true,
      refundId: results[0]?.refundId,
    });
    expect(sandbox.ledger({ provider: 'kakaclo', orderId: '10001' })).toHaveLength(1);
  });
});
