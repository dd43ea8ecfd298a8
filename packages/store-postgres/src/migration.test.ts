import { describe, expect, it } from 'vitest';
import { migrationSql, PostgresIdempotencyStore, SCHEMA_VERSION, StoreError } from './index.js';
import { runCli } from './print-migration.js';
import { useDatabase } from './test-db.test-util.js';

const db = useDatabase();

const claim = (key: string, owner = 'owner-a') => ({
  key,
  fingerprint: 'f'.repeat(64),
  provider: 'kakaclo',
  orderKey: 'kakaclo:order-1',
  request: '{}',
  owner,
  leaseMs: 30_000,
});

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await db
    .pool(1)
    .query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
  return rows.map((row) => row.table_name);
}

describe('migrate()', () => {
  it('run twice, and then 10 times at once from separate stores, is harmless', async () => {
    const pool = db.pool(12);
    const first = new PostgresIdempotencyStore({ pool, tablePrefix: 'twice_' });
    await first.migrate();
    expect((await first.claim(claim('k-1'))).claimed).toBe(true);
    await first.migrate();

    const others = Array.from(
      { length: 10 },
      () => new PostgresIdempotencyStore({ pool, tablePrefix: 'twice_' }),
    );
    await Promise.all(others.map((store) => store.migrate()));
    // Data kept, one version row, and every store sees the same record.
    expect((await others[3]!.get('k-1'))?.owner).toBe('owner-a');
    const versions = await pool.query('SELECT version FROM twice_schema_version');
    expect(versions.rows).toStrictEqual([{ version: SCHEMA_VERSION }]);
  });

  it('10 instances migrating a new database at the same moment all succeed', async () => {
    const stores = Array.from(
      { length: 10 },
      () => new PostgresIdempotencyStore({ pool: db.pool(2), tablePrefix: 'race_' }),
    );
    const results = await Promise.allSettled(stores.map((store) => store.migrate()));
    expect(results.filter((r) => r.status === 'rejected')).toStrictEqual([]);
    expect((await stores[0]!.claim(claim('k'))).claimed).toBe(true);
    expect((await stores[9]!.claim(claim('k', 'owner-b'))).claimed).toBe(false);
  });

  it('puts the tables in the given schema with the given prefix', async () => {
    const store = new PostgresIdempotencyStore({
      pool: db.pool(2),
      schema: 'refunds_custom',
      tablePrefix: 'app_',
    });
    await store.migrate();
    await store.claim(claim('k-custom'));
    expect(await tablesIn('refunds_custom')).toStrictEqual([
      'app_idempotency',
      'app_order_lock',
      'app_schema_version',
    ]);
    const { rows } = await db
      .pool(1)
      .query('SELECT key, owner FROM refunds_custom.app_idempotency');
    expect(rows).toStrictEqual([{ key: 'k-custom', owner: 'owner-a' }]);
    expect(await tablesIn('public')).not.toContain('app_idempotency');
  });

  it('refuses a database with a newer schema, and changes nothing', async () => {
    const pool = db.pool(2);
    const store = new PostgresIdempotencyStore({ pool, tablePrefix: 'newer_' });
    await store.migrate();
    await pool.query(`INSERT INTO newer_schema_version (version) VALUES (${SCHEMA_VERSION + 1})`);
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'schema_newer', operation: 'migrate' });
  });

  it('a store used before migrate() fails with schema_missing', async () => {
    const store = new PostgresIdempotencyStore({ pool: db.pool(1), tablePrefix: 'absent_' });
    await expect(store.get('k')).rejects.toMatchObject({
      name: 'StoreError',
      code: 'schema_missing',
      sqlState: '42P01',
    });
  });

  it('refuses a schema or prefix that is not a plain identifier, naming it', () => {
    for (const schema of ['Refunds', 'a-b', 'x"; DROP TABLE y; --', '', '1abc', 'a'.repeat(64)]) {
      const error = catchSync(() => new PostgresIdempotencyStore({ pool: db.pool(1), schema }));
      expect(error).toMatchObject({ name: 'StoreError', code: 'invalid_option' });
      expect((error as Error).message).toContain('schema must match');
    }
    for (const tablePrefix of ['App_', 'a b', '"', 'p'.repeat(43)]) {
      expect(() => migrationSql({ tablePrefix })).toThrow(/tablePrefix/);
    }
    expect(migrationSql({ tablePrefix: '' })).toContain('"public"."idempotency"');
  });
});

describe('print-migration (CLI)', () => {
  function cli(args: string[]) {
    let out = '';
    let err = '';
    const code = runCli(
      args,
      (text) => (out += text),
      (text) => (err += text),
    );
    return { code, out, err };
  }

  it('prints exactly what migrate() applies, and the printed SQL applied twice works', async () => {
    const printed = cli(['print-migration', '--schema', 'by_hand', '--table-prefix', 'ops_']);
    expect(printed).toMatchObject({ code: 0, err: '' });
    expect(printed.out).toBe(migrationSql({ schema: 'by_hand', tablePrefix: 'ops_' }));
    expect(printed.out).toContain('CREATE TABLE IF NOT EXISTS "by_hand"."ops_idempotency"');

    const pool = db.pool(1);
    await pool.query(printed.out);
    await pool.query(printed.out);
    const store = new PostgresIdempotencyStore({ pool, schema: 'by_hand', tablePrefix: 'ops_' });
    expect((await store.claim(claim('k-hand'))).claimed).toBe(true);
    await store.migrate(); // nothing to do: already at the current version
    expect((await store.get('k-hand'))?.state).toBe('in_flight');
  });

  it('defaults to public and refundkit_, and refuses bad input with exit code 2', () => {
    expect(cli(['print-migration']).out).toContain('"public"."refundkit_idempotency"');
    const bad = cli(['print-migration', '--schema', 'Bad-Name']);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain('schema must match');
    const unknown = cli(['migrate-now']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('usage');
    expect(cli(['print-migration', '--nope']).code).toBe(2);
  });
});

function catchSync(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
