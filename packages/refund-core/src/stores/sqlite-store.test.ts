import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimInput } from '../store.js';
import { SqliteIdempotencyStore } from './sqlite-store.js';
import { describeIdempotencyStoreContract } from '../testing/store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'refund-core-sqlite-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const newFile = () => join(dir, `store-${process.pid}-${++files}.db`);

describeIdempotencyStoreContract(
  'SqliteIdempotencyStore (temp file)',
  (clock) => new SqliteIdempotencyStore({ path: newFile(), clock: () => clock.now() }),
);

describeIdempotencyStoreContract(
  'SqliteIdempotencyStore (:memory:)',
  (clock) => new SqliteIdempotencyStore({ path: ':memory:', clock: () => clock.now() }),
);

const LEASE = 60_000;

function input(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    key: 'key-1',
    fingerprint: 'f'.repeat(64),
    provider: 'keeta',
    orderKey: 'keeta:shop:order-1',
    request: '{"amount":"1.00"}',
    owner: 'parent',
    leaseMs: LEASE,
    ...overrides,
  };
}

describe('SqliteIdempotencyStore on a file', () => {
  let path: string;
  const open: SqliteIdempotencyStore[] = [];
  const openStore = (options: { busyTimeoutMs?: number } = {}) => {
    const store = new SqliteIdempotencyStore({ path, ...options });
    open.push(store);
    return store;
  };

  beforeEach(() => {
    path = newFile();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it('survives a restart: a new instance on the file reads the records and locks', async () => {
    const first = openStore();
    await first.claim(input({ key: 'done' }));
    await first.update('done', 'parent', { phase: 'sending', checkpoint: '{"before":[]}' });
    await first.complete('done', 'parent', '{"status":"succeeded","amount":"1.00"}');
    await first.claim(input({ key: 'in-flight' }));
    await first.update('in-flight', 'parent', { phase: 'sending', checkpoint: '{"n":"1"}' });
    expect(await first.lockOrder('keeta:shop:order-1', 'parent', LEASE)).toBe(true);
    const before = await first.listByOrder('keeta:shop:order-1');
    expect(before).toHaveLength(2);
    await first.close();

    const second = openStore();
    expect(await second.listByOrder('keeta:shop:order-1')).toStrictEqual(before);
    expect(await second.listInFlight()).toStrictEqual([before[1]]);
    expect(await second.lockOrder('keeta:shop:order-1', 'someone-else', LEASE)).toBe(false);
    expect(await second.renewOrderLock('keeta:shop:order-1', 'parent', LEASE)).toBe(true);
    // The versions carry on where the first instance left them.
    expect(await second.update('in-flight', 'parent', { phase: 'unknown' })).toBe(true);
    expect((await second.get('in-flight'))?.version).toBe(before[1]!.version + 1);
    // Claiming the completed key again still replays it.
    expect(await second.claim(input({ key: 'done', owner: 'retry' }))).toStrictEqual({
      claimed: false,
      record: before[0],
    });
  });

  it('uses the WAL journal and records its schema version, keeping user_version alone', async () => {
    openStore();
    const raw = new DatabaseSync(path);
    try {
      // toEqual: node:sqlite rows have a null prototype.
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(raw.prepare('SELECT version FROM refund_core_schema').all()).toEqual([{ version: 1 }]);
      expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: 0 });
    } finally {
      raw.close();
    }
    // Reopening an existing database neither recreates nor clears it.
    await openStore().claim(input());
    expect((await openStore().get('key-1'))?.owner).toBe('parent');
  });

  it('refuses a database written by a newer schema, without changing it', () => {
    openStore();
    const raw = new DatabaseSync(path);
    raw.exec('UPDATE refund_core_schema SET version = 2');
    raw.close();
    expect(() => openStore()).toThrow(/schema version 2, newer than 1/);
    const check = new DatabaseSync(path);
    expect(check.prepare('SELECT version FROM refund_core_schema').get()).toEqual({
      version: 2,
    });
    check.close();
  });

  it('refuses unusable options, naming them', () => {
    expect(() => new SqliteIdempotencyStore({ path: '' })).toThrow(/options\.path/);
    expect(() => new SqliteIdempotencyStore({ path, busyTimeoutMs: -1 })).toThrow(
      /options\.busyTimeoutMs/,
    );
    expect(() => new SqliteIdempotencyStore({ path, busyTimeoutMs: 1.5 })).toThrow(
      /options\.busyTimeoutMs/,
    );
  });

  it('rejects (never throws synchronously) a fractional lease, writing nothing', async () => {
    const store = openStore();
    await expect(store.claim(input({ leaseMs: 1.5 }))).rejects.toThrow(/leaseMs/);
    expect(await store.get('key-1')).toBeUndefined();
  });

  it('after close, rejects every call with a clear error; closing twice is fine', async () => {
    const store = openStore();
    await store.claim(input());
    await store.close();
    await store.close();
    await expect(store.get('key-1')).rejects.toThrow(/store is closed/);
    await expect(store.claim(input({ key: 'key-2' }))).rejects.toThrow(/store is closed/);
    expect((await openStore().get('key-1'))?.owner).toBe('parent');
  });

  it('between two instances on one file, every key is claimed exactly once', async () => {
    const a = openStore();
    const b = openStore();
    const keys = Array.from({ length: 25 }, (_, i) => `race-${i}`);
    const outcomes = await Promise.all(
      keys.flatMap((key) => [
        a.claim(input({ key, owner: 'a' })),
        b.claim(input({ key, owner: 'b' })),
      ]),
    );
    for (const key of keys) {
      const forKey = outcomes.filter((o) => o.record.key === key);
      expect(forKey.filter((o) => o.claimed)).toHaveLength(1);
      const winner = forKey.find((o) => o.claimed)!.record;
      expect(await a.get(key)).toStrictEqual(await b.get(key));
      expect((await b.get(key))?.owner).toBe(winner.owner);
    }
  });

  it('between two instances, a takeover and an order lock have one winner', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const a = new SqliteIdempotencyStore({ path, clock });
    const b = new SqliteIdempotencyStore({ path, clock });
    open.push(a, b);
    await a.claim(input({ owner: 'dead', leaseMs: 10 }));
    now += 10;
    const taken = await Promise.all([
      a.takeOver('key-1', 1, 'a', LEASE),
      b.takeOver('key-1', 1, 'b', LEASE),
    ]);
    expect(taken.filter((r) => r !== undefined)).toHaveLength(1);
    const locked = await Promise.all([
      a.lockOrder('keeta:shop:order-1', 'a', LEASE),
      b.lockOrder('keeta:shop:order-1', 'b', LEASE),
    ]);
    expect(locked.filter(Boolean)).toHaveLength(1);
  });

  it("a write during another connection's write transaction fails with SQLITE_BUSY once busyTimeoutMs (0 here) ran out; reads go on", async () => {
    const store = openStore({ busyTimeoutMs: 0 });
    await store.claim(input({ key: 'before' }));
    const holder = new DatabaseSync(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.claim(input())).rejects.toMatchObject({ errcode: 5 });
      await expect(store.update('before', 'parent', { phase: 'sending' })).rejects.toMatchObject({
        errcode: 5,
      });
      // WAL: readers are not blocked by a writer.
      expect((await store.get('before'))?.phase).toBe('claimed');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await store.claim(input())).claimed).toBe(true);
    expect((await store.get('before'))?.version).toBe(1);
  });
});

// ---- Another process on the same file --------------------------------------------------------

const storeModule = new URL('./sqlite-store.ts', import.meta.url).href;

/**
 * Runs `script` in a child `node` (importing this store's source; Node strips the types) and
 * resolves with what it printed as JSON. The child reads `go` on stdin before it starts, so the
 * parent can line several children up.
 */
function child(
  script: string,
  args: Record<string, unknown>,
): { ready: Promise<void>; go: () => void; result: Promise<unknown> } {
  const code = `
    import { SqliteIdempotencyStore } from ${JSON.stringify(storeModule)};
    import { once } from 'node:events';
    const args = ${JSON.stringify(args)};
    const store = new SqliteIdempotencyStore({ path: args.path, busyTimeoutMs: 10000 });
    process.stdout.write('ready\\n');
    await once(process.stdin, 'data');
    const out = await (async () => { ${script} })();
    await store.close();
    process.stdout.write(JSON.stringify(out) + '\\n');
    process.exit(0);
  `;
  const proc = spawn(
    process.execPath,
    ['--no-warnings', '--experimental-strip-types', '--input-type=module', '-e', code],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<unknown>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (status) => {
      const lines = stdout.trim().split('\n');
      if (status !== 0 || lines[0] !== 'ready' || lines.length !== 2) {
        reject(new Error(`child exited ${status}: ${stdout}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(lines[1]!));
    });
  });
  return {
    ready,
    go: () => proc.stdin.end('go\n'),
    result,
  };
}

describe('SqliteIdempotencyStore across processes', () => {
  let path: string;
  let parent: SqliteIdempotencyStore;

  beforeEach(() => {
    path = newFile();
    parent = new SqliteIdempotencyStore({ path });
  });
  afterEach(async () => {
    await parent.close();
  });

  it('a child process cannot claim, take over or lock what this process holds', async () => {
    await parent.claim(input({ owner: 'parent' }));
    expect(await parent.lockOrder('keeta:shop:order-1', 'parent', LEASE)).toBe(true);

    const attemptAll = `
      const claim = await store.claim({ key: 'key-1', fingerprint: 'x', provider: 'keeta',
        orderKey: 'keeta:shop:order-1', request: '{}', owner: 'child', leaseMs: 60000 });
      return {
        claimed: claim.claimed,
        owner: claim.record.owner,
        takeOver: (await store.takeOver('key-1', claim.record.version, 'child', 60000)) ?? null,
        update: await store.update('key-1', 'child', { leaseMs: 0 }),
        lock: await store.lockOrder('keeta:shop:order-1', 'child', 60000),
      };
    `;
    const held = child(attemptAll, { path });
    await held.ready;
    held.go();
    expect(await held.result).toStrictEqual({
      claimed: false,
      owner: 'parent',
      takeOver: null,
      update: false,
      lock: false,
    });
    expect(await parent.get('key-1')).toMatchObject({ owner: 'parent', version: 1 });

    // Once this process lets go, the same child script gets both.
    expect(await parent.release('key-1', 'parent')).toBe(true);
    await parent.unlockOrder('keeta:shop:order-1', 'parent');
    const freed = child(attemptAll, { path });
    await freed.ready;
    freed.go();
    expect(await freed.result).toMatchObject({ claimed: true, owner: 'child', lock: true });
    expect(await parent.get('key-1')).toMatchObject({ owner: 'child' });
  });

  it("a child's claim waits (busy_timeout) for this process's write transaction, then sees its result", async () => {
    const claimOne = `
      const claim = await store.claim({ key: 'key-1', fingerprint: 'x', provider: 'keeta',
        orderKey: 'keeta:shop:order-1', request: '{}', owner: 'child', leaseMs: 60000 });
      return { claimed: claim.claimed, owner: claim.record.owner };
    `;
    const waiting = child(claimOne, { path });
    await waiting.ready;
    // Hold the write lock the way a claim does, and insert the key under it.
    const holder = new DatabaseSync(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      holder
        .prepare(
          `INSERT INTO refund_core_idempotency (key, fingerprint, provider, order_key, request,
             state, phase, owner, lease_expires_at, version, created_at)
           VALUES ('key-1', 'f', 'keeta', 'keeta:shop:order-1', '{}', 'in_flight', 'claimed',
             'parent', ?, 1, ?)`,
        )
        .run(Date.now() + LEASE, Date.now());
      waiting.go();
      // Give the child time to reach its claim and block on the lock. Had it not got there
      // yet, it still must see the committed record: the assertion holds either way.
      await new Promise((resolve) => setTimeout(resolve, 300));
      holder.exec('COMMIT');
    } catch (error) {
      holder.exec('ROLLBACK');
      throw error;
    } finally {
      holder.close();
    }
    expect(await waiting.result).toStrictEqual({ claimed: false, owner: 'parent' });
  });

  it('two child processes and this one racing on the same keys: each key has one winner', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `race-${i}`);
    const claimAll = `
      const won = [];
      for (const key of args.keys) {
        const outcome = await store.claim({ key, fingerprint: 'x', provider: 'keeta',
          orderKey: 'keeta:shop:race', request: '{}', owner: args.owner, leaseMs: 60000 });
        if (outcome.claimed) won.push(key);
      }
      return won;
    `;
    const children = [
      child(claimAll, { path, keys, owner: 'child-1' }),
      child(claimAll, { path, keys: [...keys].reverse(), owner: 'child-2' }),
    ];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const mine: string[] = [];
    for (const key of keys) {
      await nextTurn(); // let the children's stdin and the event loop turn: real interleaving
      if ((await parent.claim(input({ key, owner: 'parent' }))).claimed) mine.push(key);
    }
    const [one, two] = (await Promise.all(children.map((c) => c.result))) as string[][];
    const all = [...mine, ...one!, ...two!];
    expect(all.toSorted()).toStrictEqual(keys.toSorted());
    for (const [owner, won] of [
      ['parent', mine],
      ['child-1', one!],
      ['child-2', two!],
    ] as const) {
      for (const key of won) expect((await parent.get(key))?.owner).toBe(owner);
    }
  });
});
