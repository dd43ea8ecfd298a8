import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '@refundkit/test-kit';

/** A database of this test file's own, and pools on it that are ended after the file. */
export interface FileDatabase {
  /** The database's connection string (with its password). */
  url(): string;
  /** A new pool on it, ended after the file. */
  pool(max?: number): pg.Pool;
}

/** Starts (or reuses, with `REFUNDKIT_TEST_PG_URL`) a server and gives this file a database. */
export function useDatabase(): FileDatabase {
  let server: TestPostgres;
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
    database = await server.createDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
    await server.stop();
  });
  return {
    url: () => database.url,
    pool: (max = 10) => {
      const pool = new pg.Pool({ connectionString: database.url, max });
      // Tests kill connections on purpose: an idle one dying must not crash the run.
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
  };
}
