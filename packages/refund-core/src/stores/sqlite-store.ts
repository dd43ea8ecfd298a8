/**
 * refund-core's durable store on SQLite (`node:sqlite`, Node 22.5 or later): one process, or
 * several on one machine sharing the file, survive restarts without losing a key.
 *
 * @module @refundkit/refund-core/sqlite
 */
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import type {
  ClaimInput,
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
  InFlightPhase,
} from '../store.js';

export type { IdempotencyStore } from '../store.js';

/** Options of {@link SqliteIdempotencyStore}. */
export interface SqliteIdempotencyStoreOptions {
  /** The database file (created if absent), or `:memory:` for a private, in-process one. */
  readonly path: string;
  /** The store's clock (integer epoch ms), `Date.now` by default. */
  readonly clock?: () => number;
  /**
   * How long a write waits for another connection's write to finish before failing with
   * `SQLITE_BUSY` (ms, default 5000). The wait blocks this thread: `node:sqlite` is
   * synchronous.
   */
  readonly busyTimeoutMs?: number;
}

/** The schema this code reads and writes; bumped (with a migration below) on any change. */
const SCHEMA_VERSION = 1;

// STRICT tables: a value of the wrong type is refused instead of converted, so JSON text that
// looks like a number (`"12345678901234567890"`) is never turned into a lossy REAL.
const SCHEMA_V1 = `
  CREATE TABLE refund_core_idempotency (
    key TEXT PRIMARY KEY NOT NULL,
    fingerprint TEXT NOT NULL,
    provider TEXT NOT NULL,
    order_key TEXT NOT NULL,
    request TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),
    phase TEXT CHECK (phase IN ('claimed', 'sending', 'unknown')),
    owner TEXT,
    lease_expires_at INTEGER,
    checkpoint TEXT,
    result TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    CHECK (state <> 'in_flight' OR (phase IS NOT NULL AND owner IS NOT NULL
      AND lease_expires_at IS NOT NULL AND result IS NULL AND completed_at IS NULL)),
    CHECK (state <> 'completed' OR (phase IS NULL AND owner IS NULL
      AND lease_expires_at IS NULL AND result IS NOT NULL AND completed_at IS NOT NULL))
  ) STRICT;
  CREATE INDEX refund_core_idempotency_by_order
    ON refund_core_idempotency (order_key, created_at);
  CREATE INDEX refund_core_idempotency_in_flight
    ON refund_core_idempotency (created_at) WHERE state = 'in_flight';
  CREATE INDEX refund_core_idempotency_completed
    ON refund_core_idempotency (completed_at) WHERE state = 'completed';
  CREATE TABLE refund_core_order_lock (
    order_key TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
`;

const COLUMNS = `key, fingerprint, provider, order_key, request, state, phase, owner,
  lease_expires_at, checkpoint, result, version, created_at, completed_at`;

// "Oldest first": by creation time, then by insertion (rowid) for records created in the same
// millisecond, as the memory store does.
const OLDEST_FIRST = 'ORDER BY created_at, rowid';

type Row = Record<string, SQLOutputValue>;

/**
 * An {@link IdempotencyStore} in a SQLite file, through Node's built-in `node:sqlite` (no
 * dependency): records survive a restart, and several processes on one host can share the
 * file (WAL journal; a write waits up to `busyTimeoutMs` for another's). For instances on
 * several hosts use `@refundkit/store-postgres`: SQLite locking is not safe over network
 * file systems.
 *
 * Every method is one SQL statement, or one `BEGIN IMMEDIATE` transaction, whose `WHERE`
 * clause is the compare-and-set, so two connections never both win a key, a takeover or a
 * lock. Times come from `clock` (instances sharing a file share a host, hence a clock).
 *
 * Node versions: `node:sqlite` exists from Node 22.5; Node 22.5–22.12 (and 23.0–23.3) need
 * `node --experimental-sqlite`, Node 22.13+ and 23.4+ do not. Node may print an
 * `ExperimentalWarning` when it loads the module.
 *
 * Tables are created when absent (`refund_core_idempotency`, `refund_core_order_lock`, and
 * `refund_core_schema` for the schema version, so a database shared with an application keeps
 * its own `PRAGMA user_version`). A file written by a newer schema is refused, not altered.
 *
 * @example
 * ```ts
 * import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
 * const store = new SqliteIdempotencyStore({ path: '/var/lib/app/refunds.db' });
 * ```
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #sql: ReturnType<typeof prepare>;
  #closed = false;

  /**
   * Opens (or creates) the database and its tables.
   * @throws TypeError or RangeError naming the option when an option is not usable; the
   *   `node:sqlite` error when the file cannot be opened or is held longer than
   *   `busyTimeoutMs`; an `Error` when the file has a newer schema than this version knows.
   */
  constructor(options: SqliteIdempotencyStoreOptions) {
    const { path, clock = Date.now, busyTimeoutMs = 5_000 } = checkOptions(options);
    this.#now = () => {
      const now = clock();
      if (!Number.isSafeInteger(now)) {
        throw new TypeError(`SqliteIdempotencyStore: clock returned ${now}, not integer epoch ms`);
      }
      return now;
    };
    this.#db = new DatabaseSync(path);
    try {
      // First, so that every later step (journal switch, schema) waits for other processes.
      this.#db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      switchToWal(this.#db, busyTimeoutMs);
      // FULL, not WAL's usual NORMAL: a claim acknowledged before a power cut must still be
      // there after it, or the retry would refund twice.
      this.#db.exec('PRAGMA synchronous = FULL');
      this.#migrate();
      this.#sql = prepare(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  claim(input: ClaimInput): Promise<ClaimOutcome> {
    return this.#attempt(() => {
      const leaseMs = checkMs('leaseMs', input.leaseMs);
      // One write transaction for "insert, or read what blocked the insert": the record
      // returned as existing is the one that was there (a release cannot slip in between),
      // and the clock is read once the write lock is held, after any busy wait.
      return this.#immediate(() => {
        const now = this.#now();
        const inserted = this.#sql.insert.get(
          input.key,
          input.fingerprint,
          input.provider,
          input.orderKey,
          input.request,
          input.owner,
          now + leaseMs,
          now,
        );
        if (inserted) return { claimed: true, record: toRecord(inserted, now) };
        const existing = this.#sql.get.get(input.key);
        if (!existing)
          throw new Error('SqliteIdempotencyStore: claim found no row after a conflict');
        return { claimed: false, record: toRecord(existing, now) };
      });
    });
  }

  takeOver(
    key: string,
    expectedVersion: number,
    owner: string,
    leaseMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    return this.#attempt(() => {
      checkMs('leaseMs', leaseMs);
      // One UPDATE … RETURNING: state, version and expiry are checked by the statement that
      // writes, so of concurrent takers only the first matches the version.
      const now = this.#now();
      const row = this.#sql.takeOver.get(owner, now + leaseMs, key, expectedVersion, now);
      return row && toRecord(row, now);
    });
  }

  update(key: string, owner: string, change: InFlightChange): Promise<boolean> {
    return this.#attempt(() => {
      const lease =
        change.leaseMs === undefined ? null : this.#now() + checkMs('leaseMs', change.leaseMs);
      // Left-out fields are NULL parameters, kept by COALESCE; the owner is the CAS token.
      const done = this.#sql.update.run(
        change.phase ?? null,
        change.checkpoint ?? null,
        lease,
        key,
        owner,
      );
      return changed(done.changes);
    });
  }

  complete(key: string, owner: string, result: string): Promise<boolean> {
    return this.#attempt(() =>
      changed(this.#sql.complete.run(result, this.#now(), key, owner).changes),
    );
  }

  release(key: string, owner: string): Promise<boolean> {
    return this.#attempt(() => changed(this.#sql.release.run(key, owner).changes));
  }

  updateResult(key: string, expectedVersion: number, result: string): Promise<boolean> {
    return this.#attempt(() =>
      changed(this.#sql.updateResult.run(result, key, expectedVersion).changes),
    );
  }

  get(key: string): Promise<IdempotencyRecord | undefined> {
    return this.#attempt(() => {
      const row = this.#sql.get.get(key);
      return row && toRecord(row, this.#now());
    });
  }

  listByOrder(orderKey: string): Promise<IdempotencyRecord[]> {
    return this.#attempt(() => {
      const now = this.#now();
      return this.#sql.listByOrder.all(orderKey).map((row) => toRecord(row, now));
    });
  }

  listInFlight(): Promise<IdempotencyRecord[]> {
    return this.#attempt(() => {
      const now = this.#now();
      return this.#sql.listInFlight.all().map((row) => toRecord(row, now));
    });
  }

  lockOrder(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#attempt(() => {
      checkMs('leaseMs', leaseMs);
      // One upsert: it inserts a free lock, or overwrites one this owner holds or whose lease
      // ended; otherwise its DO UPDATE … WHERE matches nothing and `changes` is 0.
      const now = this.#now();
      return changed(this.#sql.lockOrder.run(orderKey, owner, now + leaseMs, now).changes);
    });
  }

  renewOrderLock(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#attempt(() => {
      checkMs('leaseMs', leaseMs);
      return changed(this.#sql.renewOrderLock.run(this.#now() + leaseMs, orderKey, owner).changes);
    });
  }

  unlockOrder(orderKey: string, owner: string): Promise<void> {
    return this.#attempt(() => {
      this.#sql.unlockOrder.run(orderKey, owner);
    });
  }

  prune(retentionMs: number): Promise<number> {
    return this.#attempt(() => {
      checkMs('retentionMs', retentionMs);
      return Number(this.#sql.prune.run(this.#now() - retentionMs).changes);
    });
  }

  /** Closes the database. Later calls reject; closing twice is a no-op. */
  close(): Promise<void> {
    return attempt(() => {
      if (this.#closed) return;
      this.#closed = true;
      this.#db.close();
    });
  }

  /** {@link attempt}, refused once the store is closed (with a clearer error than SQLite's). */
  #attempt<T>(work: () => T): Promise<T> {
    return attempt(() => {
      if (this.#closed) throw new Error('SqliteIdempotencyStore: the store is closed');
      return work();
    });
  }

  /**
   * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken at BEGIN (waiting
   * up to the busy timeout), so nothing read inside can change before COMMIT, and the
   * transaction never has to upgrade a read lock, which SQLite can refuse with `SQLITE_BUSY`
   * without waiting.
   */
  #immediate<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const value = work();
      this.#db.exec('COMMIT');
      return value;
    } catch (error) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite (e.g. a failed COMMIT): the original error matters.
      }
      throw error;
    }
  }

  /** Creates the tables of a new database; refuses one written by a newer schema. */
  #migrate(): void {
    // IMMEDIATE, so two processes opening a new file at once do not both create the tables.
    this.#immediate(() => {
      this.#db.exec(
        `CREATE TABLE IF NOT EXISTS refund_core_schema (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          version INTEGER NOT NULL
        ) STRICT`,
      );
      const row = this.#db.prepare('SELECT version FROM refund_core_schema WHERE id = 1').get();
      const version = row === undefined ? 0 : integer(row, 'version');
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `SqliteIdempotencyStore: the database has schema version ${version}, newer than ` +
            `${SCHEMA_VERSION} which this version of @refundkit/refund-core knows; upgrade it`,
        );
      }
      if (version < 1) {
        this.#db.exec(SCHEMA_V1);
        this.#db.prepare('INSERT INTO refund_core_schema (id, version) VALUES (1, ?)').run(1);
      }
    });
  }
}

/** The store's statements, prepared once per connection. */
function prepare(db: DatabaseSync) {
  const statement = (sql: string): StatementSync => db.prepare(sql);
  return {
    // DO NOTHING on a taken key: a claim never overwrites. RETURNING yields no row then.
    insert: statement(
      `INSERT INTO refund_core_idempotency (key, fingerprint, provider, order_key, request,
         state, phase, owner, lease_expires_at, version, created_at)
       VALUES (?, ?, ?, ?, ?, 'in_flight', 'claimed', ?, ?, 1, ?)
       ON CONFLICT (key) DO NOTHING
       RETURNING ${COLUMNS}`,
    ),
    get: statement(`SELECT ${COLUMNS} FROM refund_core_idempotency WHERE key = ?`),
    takeOver: statement(
      `UPDATE refund_core_idempotency
       SET owner = ?, lease_expires_at = ?, version = version + 1
       WHERE key = ? AND state = 'in_flight' AND version = ? AND lease_expires_at <= ?
       RETURNING ${COLUMNS}`,
    ),
    update: statement(
      `UPDATE refund_core_idempotency
       SET phase = COALESCE(?, phase), checkpoint = COALESCE(?, checkpoint),
         lease_expires_at = COALESCE(?, lease_expires_at), version = version + 1
       WHERE key = ? AND state = 'in_flight' AND owner = ?`,
    ),
    complete: statement(
      `UPDATE refund_core_idempotency
       SET state = 'completed', phase = NULL, owner = NULL, lease_expires_at = NULL,
         result = ?, completed_at = ?, version = version + 1
       WHERE key = ? AND state = 'in_flight' AND owner = ?`,
    ),
    release: statement(
      `DELETE FROM refund_core_idempotency WHERE key = ? AND state = 'in_flight' AND owner = ?`,
    ),
    updateResult: statement(
      `UPDATE refund_core_idempotency SET result = ?, version = version + 1
       WHERE key = ? AND state = 'completed' AND version = ?`,
    ),
    listByOrder: statement(
      `SELECT ${COLUMNS} FROM refund_core_idempotency WHERE order_key = ? ${OLDEST_FIRST}`,
    ),
    listInFlight: statement(
      `SELECT ${COLUMNS} FROM refund_core_idempotency WHERE state = 'in_flight' ${OLDEST_FIRST}`,
    ),
    lockOrder: statement(
      `INSERT INTO refund_core_order_lock (order_key, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (order_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE refund_core_order_lock.owner = excluded.owner OR refund_core_order_lock.expires_at <= ?`,
    ),
    renewOrderLock: statement(
      `UPDATE refund_core_order_lock SET expires_at = ? WHERE order_key = ? AND owner = ?`,
    ),
    unlockOrder: statement(`DELETE FROM refund_core_order_lock WHERE order_key = ? AND owner = ?`),
    prune: statement(
      `DELETE FROM refund_core_idempotency WHERE state = 'completed' AND completed_at < ?`,
    ),
  };
}

function toRecord(row: Row, now: number): IdempotencyRecord {
  const state = text(row, 'state');
  if (state !== 'in_flight' && state !== 'completed') throw corrupt('state', state);
  const phase = optionalText(row, 'phase');
  if (phase !== undefined && !isPhase(phase)) throw corrupt('phase', phase);
  const leaseExpiresAt = optionalInteger(row, 'lease_expires_at');
  return {
    key: text(row, 'key'),
    fingerprint: text(row, 'fingerprint'),
    provider: text(row, 'provider'),
    orderKey: text(row, 'order_key'),
    request: text(row, 'request'),
    state,
    phase,
    owner: optionalText(row, 'owner'),
    leaseExpiresAt,
    leaseExpired: state === 'in_flight' && (leaseExpiresAt ?? 0) <= now,
    checkpoint: optionalText(row, 'checkpoint'),
    result: optionalText(row, 'result'),
    version: integer(row, 'version'),
    createdAt: integer(row, 'created_at'),
    completedAt: optionalInteger(row, 'completed_at'),
  };
}

function isPhase(value: string): value is InFlightPhase {
  return value === 'claimed' || value === 'sending' || value === 'unknown';
}

function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  if (value === null) return undefined;
  if (typeof value !== 'string') throw corrupt(column, value);
  return value;
}

function text(row: Row, column: string): string {
  const value = optionalText(row, column);
  if (value === undefined) throw corrupt(column, null);
  return value;
}

function optionalInteger(row: Row, column: string): number | undefined {
  const value = row[column];
  if (value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw corrupt(column, value);
  return value;
}

function integer(row: Row, column: string): number {
  const value = optionalInteger(row, column);
  if (value === undefined) throw corrupt(column, null);
  return value;
}

function corrupt(column: string, value: SQLOutputValue | undefined): Error {
  const shown = value instanceof Uint8Array ? 'a blob' : String(value);
  return new Error(`SqliteIdempotencyStore: unexpected ${column} in the database: ${shown}`);
}

function changed(changes: number | bigint): boolean {
  return Number(changes) > 0;
}

/** A duration in ms: an integer (the time columns are STRICT INTEGER). */
function checkMs(field: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`SqliteIdempotencyStore: ${field} must be an integer of ms, got ${value}`);
  }
  return value;
}

function checkOptions(options: SqliteIdempotencyStoreOptions): SqliteIdempotencyStoreOptions {
  // Checked at run time too: the options may come from configuration, not typed code.
  const given = options as Partial<Record<keyof SqliteIdempotencyStoreOptions, unknown>>;
  if (typeof given.path !== 'string' || given.path === '') {
    throw new TypeError('SqliteIdempotencyStore: options.path must be a non-empty string');
  }
  if (given.clock !== undefined && typeof given.clock !== 'function') {
    throw new TypeError('SqliteIdempotencyStore: options.clock must be a function');
  }
  const busy = given.busyTimeoutMs;
  if (busy !== undefined && (typeof busy !== 'number' || !Number.isSafeInteger(busy) || busy < 0)) {
    throw new RangeError(
      'SqliteIdempotencyStore: options.busyTimeoutMs must be a non-negative integer',
    );
  }
  return options;
}

/** Runs synchronous `work` as a promise: a throw becomes a rejection, never a sync throw. */
function attempt<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work());
  });
}

/**
 * `PRAGMA journal_mode = WAL`, retried while another process holds the file: switching the
 * journal of a new file that other processes are opening at the same moment can fail with
 * SQLITE_BUSY at once, without waiting on `busy_timeout` (seen by the multi-process soak).
 * A constructor is synchronous, so the pauses are `Atomics.wait`.
 */
function switchToWal(db: DatabaseSync, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      const busy = error instanceof Error && /database is (locked|busy)/i.test(error.message);
      if (!busy || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}
