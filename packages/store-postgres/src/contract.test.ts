import { beforeAll } from 'vitest';
import type pg from 'pg';
import { describeIdempotencyStoreContract } from '@refundkit/refund-core/testing';
import { PostgresIdempotencyStore } from './index.js';
import { useDatabase } from './test-db.test-util.js';

const db = useDatabase();
let pool: pg.Pool;
let tables = 0;
beforeAll(() => {
  pool = db.pool();
});

// Each test gets tables of its own (a fresh prefix), so every store starts empty.
describeIdempotencyStoreContract('PostgresIdempotencyStore', async (clock) => {
  const store = new PostgresIdempotencyStore({
    pool,
    clock: () => clock.now(),
    tablePrefix: `contract_${++tables}_`,
  });
  await store.migrate();
  return store;
});
