import type pg from 'pg';
import { StoreError } from './errors.js';
import { tableNames, type TableNames, type TableNamesOptions } from './names.js';

/** The schema version this code reads and writes; a new version adds a migration below. */
export const SCHEMA_VERSION = 1;

/**
 * Migration 1. Times are `bigint` epoch milliseconds (the database's `now()` unless a test
 * clock is given), so the store returns them exactly as refund-core's other stores do. Every
 * statement is idempotent (`IF NOT EXISTS`, `ON CONFLICT DO NOTHING`), so the printed SQL can
 * be applied twice without harm.
 */
function migration1(t: TableNames): string {
  return `CREATE TABLE IF NOT EXISTS ${t.records} (
  key text PRIMARY KEY,
  fingerprint text NOT NULL,
  provider text NOT NULL,
  order_key text NOT NULL,
  request text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
  phase text CHECK (phase IN ('claimed', 'sending', 'unknown')),
  owner text,
  lease_expires_at bigint,
  checkpoint text,
  result text,
  version integer NOT NULL,
  created_at bigint NOT NULL,
  completed_at bigint,
  -- Insertion order, for "oldest first" among records created in the same millisecond.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CHECK (state <> 'in_flight' OR (phase IS NOT NULL AND owner IS NOT NULL
    AND lease_expires_at IS NOT NULL AND result IS NULL AND completed_at IS NULL)),
  CHECK (state <> 'completed' OR (phase IS NULL AND owner IS NULL
    AND lease_expires_at IS NULL AND result IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS ${t.index('idempotency_by_order')}
  ON ${t.records} (order_key, created_at, seq);
CREATE INDEX IF NOT EXISTS ${t.index('idempotency_in_flight')}
  ON ${t.records} (created_at, seq) WHERE state = 'in_flight';
CREATE INDEX IF NOT EXISTS ${t.index('idempotency_completed')}
  ON ${t.records} (completed_at) WHERE state = 'completed';
CREATE TABLE IF NOT EXISTS ${t.locks} (
  order_key text PRIMARY KEY,
  owner text NOT NULL,
  expires_at bigint NOT NULL
);
INSERT INTO ${t.versions} (version) VALUES (1) ON CONFLICT (version) DO NOTHING;`;
}

function preamble(t: TableNames): string {
  // `public` exists already, and CREATE SCHEMA checks the CREATE privilege on the database
  // even when the schema exists: only a schema of one's own is created.
  const schema = t.schema === 'public' ? '' : `CREATE SCHEMA IF NOT EXISTS ${t.schemaSql};\n`;
  return `${schema}CREATE TABLE IF NOT EXISTS ${t.versions} (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);`;
}

/**
 * The whole migration as SQL, for teams that apply schema changes themselves (the CLI
 * `refundkit-store-postgres print-migration` prints it). Idempotent; wrap it in your
 * migration tool's transaction.
 * @throws StoreError `invalid_option` when the schema or prefix is not a plain identifier.
 * @example
 * writeFileSync('migrations/0042_refundkit.sql', migrationSql({ schema: 'payments' }));
 */
export function migrationSql(options: TableNamesOptions = {}): string {
  const t = tableNames(options);
  return `-- @refundkit/store-postgres schema version ${SCHEMA_VERSION} (${t.id}*)
${preamble(t)}
-- migration 1
${migration1(t)}
`;
}

/**
 * Applies the migrations the database lacks, in one transaction under a transaction-scoped
 * advisory lock, so every instance can run it at start at the same moment: the others wait,
 * then find nothing to do. Refuses a database with a newer schema.
 */
export async function migrate(pool: pg.Pool, t: TableNames): Promise<void> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `@refundkit/store-postgres:${t.id}`,
    ]);
    await client.query(preamble(t));
    const found = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${t.versions}`,
    );
    const version = found.rows[0]?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'schema_newer',
        'migrate',
        `the database has schema version ${version}, newer than ${SCHEMA_VERSION} which ` +
          `this version of @refundkit/store-postgres knows; upgrade the package`,
      );
    }
    if (version < 1) await client.query(migration1(t));
    await client.query('COMMIT');
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A client whose transaction state is unknown is destroyed, not handed to the next user.
    client.release(failed instanceof Error && !(failed instanceof StoreError) ? failed : undefined);
  }
}
