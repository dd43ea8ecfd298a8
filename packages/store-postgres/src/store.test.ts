import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { PostgresIdempotencyStore, StoreError } from './index.js';
import { useDatabase } from './test-db.test-util.js';

const db = useDatabase();
let prefixes = 0;

async function newStore(
  pool: pg.Pool,
  tablePrefix = `t${++prefixes}_`,
): Promise<PostgresIdempotencyStore> {
  const store = new PostgresIdempotencyStore({ pool, tablePrefix });
  await store.migrate();
  return store;
}

const claim = (key: string, owner: string, leaseMs = 30_000) => ({
  key,
  fingerprint: 'f'.repeat(64),
  provider: 'kakaclo',
  orderKey: `kakaclo:${key}`,
  request: '{"wholeOrder":true}',
  owner,
  leaseMs,
});

async function dbNow(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ now: string }>(
    `SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`,
  );
  return Number(rows[0]!.now);
}

describe('two instances (two pools) sharing the database', () => {
  it('racing claims of 200 keys: exactly one winner per key, and both read the same record', async () => {
    const a = await newStore(db.pool(10), 'race200_');
    const b = await newStore(db.pool(10), 'race200_');
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    const outcomes = await Promise.all(
      keys.map((key) => Promise.all([a.claim(claim(key, 'a')), b.claim(claim(key, 'b'))])),
    );
    for (const [fromA, fromB] of outcomes) {
      expect(Number(fromA.claimed) + Number(fromB.claimed)).toBe(1);
      expect(fromA.record).toStrictEqual(fromB.record);
    }
    const stored = await Promise.all(keys.map((key) => b.get(key)));
    expect(stored.map((r) => r?.owner)).toStrictEqual(
      outcomes.map(([fromA]) => (fromA.claimed ? 'a' : 'b')),
    );
    expect((await a.listInFlight()).length).toBe(200);
  });

  it('fencing: after a takeover, the stale owner can neither update, complete nor release', async () => {
    const a = await newStore(db.pool(2), 'fence_');
    const b = await newStore(db.pool(2), 'fence_');
    // leaseMs 0: A's lease is over at once (as if A had paused past it).
    expect((await a.claim(claim('k', 'owner-a', 0))).claimed).toBe(true);
    const seen = await b.get('k');
    expect(seen).toMatchObject({ owner: 'owner-a', leaseExpired: true, version: 1 });
    const taken = await b.takeOver('k', 1, 'owner-b', 30_000);
    expect(taken).toMatchObject({ owner: 'owner-b', version: 2, leaseExpired: false });
    // A second taker at the same version loses.
    expect(await a.takeOver('k', 1, 'owner-c', 30_000)).toBeUndefined();

    // A wakes up and tries to finish: every write is refused by the owner token.
    expect(await a.update('k', 'owner-a', { phase: 'sending', leaseMs: 30_000 })).toBe(false);
    expect(await a.complete('k', 'owner-a', '{"status":"succeeded","by":"a"}')).toBe(false);
    expect(await a.release('k', 'owner-a')).toBe(false);
    expect(await a.get('k')).toStrictEqual(taken);

    expect(await b.complete('k', 'owner-b', '{"status":"succeeded","by":"b"}')).toBe(true);
    expect(await a.complete('k', 'owner-a', '{"late":true}')).toBe(false);
    expect((await a.get('k'))?.result).toBe('{"status":"succeeded","by":"b"}');
  });

  it('order locks exclude across instances until unlocked or the lease ends', async () => {
    const a = await newStore(db.pool(2), 'locks_');
    const b = await newStore(db.pool(2), 'locks_');
    expect(await a.lockOrder('kakaclo:o1', 'owner-a', 30_000)).toBe(true);
    expect(await b.lockOrder('kakaclo:o1', 'owner-b', 30_000)).toBe(false);
    await a.unlockOrder('kakaclo:o1', 'owner-a');
    expect(await b.lockOrder('kakaclo:o1', 'owner-b', 0)).toBe(true);
    // owner-b's lease (0 ms) is over: owner-a may take the lock, owner-b can no longer renew.
    expect(await a.lockOrder('kakaclo:o1', 'owner-a', 30_000)).toBe(true);
    expect(await b.renewOrderLock('kakaclo:o1', 'owner-b', 30_000)).toBe(false);
  });
});

describe("the database's clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leases and times come from now(), not from this process (whose clock is 25 years off)', async () => {
    const pool = db.pool(2);
    const store = await newStore(pool);
    const before = await dbNow(pool);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
    const { record } = await store.claim(claim('k-clock', 'owner-a', 60_000));
    vi.useRealTimers();
    const after = await dbNow(pool);
    expect(record.createdAt).toBeGreaterThanOrEqual(before);
    expect(record.createdAt).toBeLessThanOrEqual(after);
    expect(record.leaseExpiresAt).toBe(record.createdAt + 60_000);
    expect(record.leaseExpired).toBe(false);

    // Expiry is judged by the database too: a lease of 0 ms is over at once.
    expect(await store.update('k-clock', 'owner-a', { leaseMs: 0 })).toBe(true);
    const parked = await store.get('k-clock');
    expect(parked?.leaseExpired).toBe(true);
    expect(parked?.leaseExpiresAt).toBeGreaterThanOrEqual(record.createdAt);
  });

  it('prune uses the database clock: a process clock 25 years ahead deletes nothing recent', async () => {
    const store = await newStore(db.pool(2));
    await store.claim(claim('k-prune', 'o'));
    await store.complete('k-prune', 'o', '{}');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2051-01-01T00:00:00Z'));
    expect(await store.prune(60_000)).toBe(0);
    vi.useRealTimers();
    expect((await store.get('k-prune'))?.state).toBe('completed');
  });
});

describe('errors and retries', () => {
  it('a database error is a StoreError whose message, cause and JSON never hold the password', async () => {
    const url = new URL(db.url());
    const password = decodeURIComponent(url.password);
    expect(password.length).toBeGreaterThan(8);
    // A database named like the password: the server's own message then contains it.
    url.pathname = `/${password}`;
    const store = new PostgresIdempotencyStore({
      connectionString: url.toString(),
      maxRetries: 0,
    });
    const error = await store.get('k').catch((e: unknown) => e);
    await store.close();
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'query_failed', sqlState: '3D000', retryable: false });
    const renderings = [
      String(error),
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      String((error as Error).cause),
    ];
    for (const text of renderings) expect(text).not.toContain(password);
    expect((error as Error).message).toContain('***');
  });

  it('a refused connection is retried a bounded number of times, then surfaces as connection_lost', async () => {
    const store = new PostgresIdempotencyStore({
      // Port 1 on loopback: nothing listens there.
      connectionString: 'postgres://postgres:hunter2-secret@127.0.0.1:1/none',
      maxRetries: 2,
    });
    const error = await store.claim(claim('k', 'o')).catch((e: unknown) => e);
    await store.close();
    expect(error).toMatchObject({
      name: 'StoreError',
      code: 'connection_lost',
      attempts: 3,
      retryable: true,
    });
    expect(inspect(error, { depth: 10 })).not.toContain('hunter2-secret');
  });

  it('a connection killed by the server is retried on a fresh one', async () => {
    const url = new URL(db.url());
    url.searchParams.set('application_name', 'victim');
    const store = new PostgresIdempotencyStore({ connectionString: url.toString() });
    await store.migrate();
    await store.claim(claim('k-kill', 'o'));
    const killed = await db
      .pool(1)
      .query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'`,
      );
    expect(killed.rowCount).toBeGreaterThan(0);
    expect((await store.get('k-kill'))?.owner).toBe('o');
    expect(await store.complete('k-kill', 'o', '{}')).toBe(true);
    await store.close();
  });

  it('a lost answer after a commit still gives the right answer (claim, takeOver, complete, updateResult, release)', async () => {
    const real = db.pool(4);
    const tablePrefix = 'lost_';
    await newStore(real, tablePrefix);
    let loseNext = false;
    // A pool that runs the statement on the real server, then loses its answer once: the
    // statement committed, the caller sees a dead connection and retries.
    const lossy = {
      options: real.options,
      connect: () => real.connect(),
      query: async (text: string, values: unknown[]) => {
        const result = await real.query(text, values);
        if (loseNext) {
          loseNext = false;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      },
    } as unknown as pg.Pool;
    const store = new PostgresIdempotencyStore({ pool: lossy, tablePrefix });

    loseNext = true;
    const claimed = await store.claim(claim('k', 'owner-a', 0));
    expect(claimed).toMatchObject({ claimed: true, record: { owner: 'owner-a', version: 1 } });

    loseNext = true;
    expect(await store.takeOver('k', 1, 'owner-b', 30_000)).toMatchObject({
      owner: 'owner-b',
      version: 2,
    });

    loseNext = true;
    expect(await store.complete('k', 'owner-b', '{"status":"pending"}')).toBe(true);

    loseNext = true;
    expect(await store.updateResult('k', 3, '{"status":"succeeded"}')).toBe(true);
    expect(await store.get('k')).toMatchObject({ version: 4, result: '{"status":"succeeded"}' });

    await store.claim(claim('k2', 'owner-c'));
    loseNext = true;
    expect(await store.release('k2', 'owner-c')).toBe(true);
    expect(await store.get('k2')).toBeUndefined();

    // And a stale owner's write whose answer is lost is still refused.
    loseNext = true;
    expect(await store.complete('k', 'owner-a', '{"late":true}')).toBe(false);
  });

  it('a serialization failure (40001) is retried: the statement applies once; past maxRetries it surfaces', async () => {
    const real = db.pool(2);
    const tablePrefix = 'serial_';
    await newStore(real, tablePrefix);
    let failures = 0;
    let sent = 0;
    // Fails before reaching the server, as PostgreSQL reports a rolled-back statement.
    const conflicted = {
      options: real.options,
      connect: () => real.connect(),
      query: async (text: string, values: unknown[]) => {
        if (failures > 0) {
          failures--;
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        }
        sent++;
        return real.query(text, values);
      },
    } as unknown as pg.Pool;
    const store = new PostgresIdempotencyStore({ pool: conflicted, tablePrefix, maxRetries: 2 });

    failures = 2;
    expect((await store.claim(claim('k', 'owner-a'))).claimed).toBe(true);
    expect(sent).toBe(1);
    expect(await store.get('k')).toMatchObject({ owner: 'owner-a', version: 1 });

    failures = 3;
    const error = await store.complete('k', 'owner-a', '{}').catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'StoreError',
      code: 'serialization_failure',
      sqlState: '40001',
      attempts: 3,
      retryable: true,
    });
    expect((await store.get('k'))?.state).toBe('in_flight');
  });

  it('a statement the server refuses (a NUL byte in text) surfaces at once, not retried', async () => {
    const pool = db.pool(1);
    const store = await newStore(pool);
    const error = await store
      .claim({ ...claim('k', 'o'), request: 'x'.repeat(10) + '\u0000' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StoreError', code: 'query_failed', attempts: 1 });
    expect(await store.get('k')).toBeUndefined();
  });

  it('refuses unusable options and arguments, naming them', async () => {
    const pool = db.pool(1);
    expect(() => new PostgresIdempotencyStore({})).toThrow(/pool.*connectionString/);
    expect(() => new PostgresIdempotencyStore({ pool, connectionString: 'postgres://x' })).toThrow(
      /exactly one/,
    );
    expect(() => new PostgresIdempotencyStore({ pool, maxRetries: -1 })).toThrow(/maxRetries/);
    const store = await newStore(pool);
    await expect(store.claim(claim('k', 'o', 1.5))).rejects.toThrow(/leaseMs/);
    await expect(store.claim(claim('k', 'o', 1.5))).rejects.toMatchObject({
      code: 'invalid_option',
    });
    await expect(store.prune(-1)).rejects.toThrow(/retentionMs/);
    await store.close();
    await expect(store.get('k')).rejects.toMatchObject({ code: 'closed' });
  });
});
