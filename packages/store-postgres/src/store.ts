import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type {
  ClaimInput,
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
} from '@refundkit/refund-core';
import { classify, errorCode, redact, StoreError } from './errors.js';
import { migrate } from './migration.js';
import { tableNames, type TableNames, type TableNamesOptions } from './names.js';
import { columns, toRecord, type Row } from './rows.js';

/** Options of {@link PostgresIdempotencyStore}: a `pool` or a `connectionString`. */
export interface PostgresIdempotencyStoreOptions extends TableNamesOptions {
  /**
   * The `pg.Pool` to use. The store never ends it (`close()` leaves it open); listening to
   * its `error` event is the owner's job.
   */
  readonly pool?: pg.Pool;
  /** Or a connection string: the store makes a pool of its own and ends it on `close()`. */
  readonly connectionString?: string;
  /** Size of the store's own pool (with `connectionString`; default 10). */
  readonly maxConnections?: number;
  /**
   * Retries of a statement that failed from a lost connection or a serialization failure
   * (default 3). Every statement is a compare-and-set, so a retry is correct even when the
   * first try committed and only its answer was lost.
   */
  readonly maxRetries?: number;
  /**
   * Tests only: the store's clock (integer epoch ms). By default every lease, expiry and
   * retention decision uses the database's `now()`, so instances with skewed clocks agree.
   */
  readonly clock?: () => number;
}

// Every statement takes the clock as $1: a test clock's value, or NULL for the database's.
const NOW = `COALESCE($1::bigint, floor(extract(epoch FROM now()) * 1000)::bigint)`;
const COLUMNS = columns(NOW);
const OLDEST_FIRST = 'ORDER BY created_at, seq';

/**
 * An {@link IdempotencyStore} in PostgreSQL, shared by every instance of a service: one
 * idempotency key is at most one refund across all of them.
 *
 * Every method is one SQL statement whose `WHERE` clause is the compare-and-set (on the owner
 * token, or the version where the interface says so): an instance that paused past its
 * lease cannot overwrite the one that took over. Leases and expiry use the database's clock.
 * No session state is used (no session advisory locks, no prepared statement names), so it
 * works behind a transaction-mode pooler (PgBouncer).
 *
 * Call {@link PostgresIdempotencyStore.migrate} once at start (every instance may).
 *
 * @example
 * ```ts
 * const store = new PostgresIdempotencyStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 * const refunds = createRefunds({ store, providers: { ... } });
 * ```
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #t: TableNames;
  readonly #clock: (() => number) | undefined;
  readonly #maxRetries: number;
  readonly #password: string | undefined;
  readonly #sql: ReturnType<typeof statements>;
  #closed = false;

  /** @throws StoreError `invalid_option` naming the option that is not usable. */
  constructor(options: PostgresIdempotencyStoreOptions) {
    const given = options as Partial<Record<keyof PostgresIdempotencyStoreOptions, unknown>>;
    if ((given.pool !== undefined) === (given.connectionString !== undefined)) {
      throw invalid('exactly one of options.pool and options.connectionString must be given');
    }
    if (given.clock !== undefined && typeof given.clock !== 'function') {
      throw invalid('options.clock must be a function');
    }
    this.#maxRetries = checkCount('maxRetries', given.maxRetries, 3);
    this.#t = tableNames(options);
    this.#clock = options.clock;
    this.#sql = statements(this.#t);
    if (options.pool !== undefined) {
      if (typeof (given.pool as { query?: unknown } | null)?.query !== 'function') {
        throw invalid('options.pool must be a pg.Pool');
      }
      this.#pool = options.pool;
      this.#ownsPool = false;
      const { password, connectionString } = options.pool.options;
      this.#password =
        typeof password === 'string'
          ? password
          : typeof connectionString === 'string'
            ? passwordInUrl(connectionString)
            : undefined;
    } else {
      if (typeof options.connectionString !== 'string' || options.connectionString === '') {
        throw invalid('options.connectionString must be a non-empty string');
      }
      this.#password = passwordInUrl(options.connectionString);
      this.#pool = new pg.Pool({
        connectionString: options.connectionString,
        max: checkCount('maxConnections', given.maxConnections, 10),
      });
      // An idle connection that dies must not crash the process: the next statement fails
      // and is retried on a fresh one.
      this.#pool.on('error', () => undefined);
      this.#ownsPool = true;
    }
  }

  /**
   * Creates or upgrades the tables. Idempotent and safe from every instance at the same
   * moment (one transaction under `pg_advisory_xact_lock`).
   * @throws StoreError `schema_newer` when the database is ahead of this package.
   */
  async migrate(): Promise<void> {
    await this.#retrying('migrate', async () => {
      await migrate(this.#pool, this.#t);
    });
  }

  async claim(input: ClaimInput): Promise<ClaimOutcome> {
    const leaseMs = checkMs('leaseMs', input.leaseMs);
    // Insert, or read what blocked the insert; if that was released in between, insert again.
    for (let round = 0; round < 5; round++) {
      const inserted = await this.#rows('claim', this.#sql.claim, [
        input.key,
        input.fingerprint,
        input.provider,
        input.orderKey,
        input.request,
        input.owner,
        leaseMs,
      ]);
      if (inserted[0]) return { claimed: true, record: inserted[0] };
      const existing = await this.get(input.key);
      if (existing) {
        // A retried INSERT whose first try committed conflicts with its own row: the owner
        // token is unique to this attempt, so that row is ours.
        return { claimed: existing.owner === input.owner, record: existing };
      }
    }
    throw new StoreError(
      'serialization_failure',
      'claim',
      `key ${JSON.stringify(input.key)} was claimed and released repeatedly while claiming`,
    );
  }

  async takeOver(
    key: string,
    expectedVersion: number,
    owner: string,
    leaseMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    checkMs('leaseMs', leaseMs);
    const rows = await this.#rows(
      'takeOver',
      this.#sql.takeOver,
      [key, expectedVersion, owner, leaseMs],
      async () => {
        // Lost answer: if the record is now ours (owner tokens are unique), it was this call.
        const now = await this.get(key);
        return now?.state === 'in_flight' && now.owner === owner ? [now] : [];
      },
    );
    return rows[0];
  }

  async update(key: string, owner: string, change: InFlightChange): Promise<boolean> {
    const lease = change.leaseMs === undefined ? null : checkMs('leaseMs', change.leaseMs);
    // Left-out fields are NULL parameters, kept by COALESCE. A retry after a lost answer
    // applies the same change again (a fresh lease, version + 1): still the owner's intent.
    return this.#changed('update', this.#sql.update, [
      key,
      owner,
      change.phase ?? null,
      change.checkpoint ?? null,
      lease,
    ]);
  }

  async complete(key: string, owner: string, result: string): Promise<boolean> {
    return this.#changed('complete', this.#sql.complete, [key, owner, result], async () => {
      const now = await this.get(key);
      return now?.state === 'completed' && now.result === result;
    });
  }

  async release(key: string, owner: string): Promise<boolean> {
    // Lost answer: a record only its owner may delete is gone, so the delete was ours.
    return this.#changed(
      'release',
      this.#sql.release,
      [key, owner],
      async () => (await this.get(key)) === undefined,
    );
  }

  async updateResult(key: string, expectedVersion: number, result: string): Promise<boolean> {
    return this.#changed(
      'updateResult',
      this.#sql.updateResult,
      [key, expectedVersion, result],
      async () => {
        const now = await this.get(key);
        return now?.version === expectedVersion + 1 && now.result === result;
      },
    );
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    return (await this.#rows('get', this.#sql.get, [key]))[0];
  }

  async listByOrder(orderKey: string): Promise<IdempotencyRecord[]> {
    return this.#rows('listByOrder', this.#sql.listByOrder, [orderKey]);
  }

  /**
   * Every `in_flight` record, oldest first. Concurrent `recover()` calls may list the same
   * record; only one of their `takeOver`s matches its version (see ARCHITECTURE.md).
   */
  async listInFlight(): Promise<IdempotencyRecord[]> {
    return this.#rows('listInFlight', this.#sql.listInFlight, []);
  }

  async lockOrder(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    checkMs('leaseMs', leaseMs);
    // Re-entrant for the same owner, so a retry after a lost answer is harmless.
    return this.#changed('lockOrder', this.#sql.lockOrder, [orderKey, owner, leaseMs]);
  }

  async renewOrderLock(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    checkMs('leaseMs', leaseMs);
    return this.#changed('renewOrderLock', this.#sql.renewOrderLock, [orderKey, owner, leaseMs]);
  }

  async unlockOrder(orderKey: string, owner: string): Promise<void> {
    await this.#rows('unlockOrder', this.#sql.unlockOrder, [orderKey, owner]);
  }

  /** A retry after a lost answer counts only what the retry deleted. */
  async prune(retentionMs: number): Promise<number> {
    checkMs('retentionMs', retentionMs);
    return (await this.#result('prune', this.#sql.prune, [retentionMs])).rowCount ?? 0;
  }

  /** Ends the store's own pool (not a pool it was given). Later calls reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
  }

  async #changed(
    operation: string,
    statement: Statement,
    params: readonly unknown[],
    afterLostAnswer?: () => Promise<boolean>,
  ): Promise<boolean> {
    const answer = { lost: false };
    const result = await this.#result(operation, statement, params, () => {
      answer.lost = true;
    });
    if ((result.rowCount ?? 0) > 0) return true;
    return answer.lost && afterLostAnswer !== undefined ? afterLostAnswer() : false;
  }

  async #rows(
    operation: string,
    statement: Statement,
    params: readonly unknown[],
    afterLostAnswer?: () => Promise<IdempotencyRecord[]>,
  ): Promise<IdempotencyRecord[]> {
    const answer = { lost: false };
    const result = await this.#result(operation, statement, params, () => {
      answer.lost = true;
    });
    if (result.rows.length === 0 && answer.lost && afterLostAnswer !== undefined)
      return afterLostAnswer();
    return result.rows.map(toRecord);
  }

  /** One statement, retried on transient failures; `onLostAnswer` hears of a maybe-commit. */
  async #result(
    operation: string,
    statement: Statement,
    params: readonly unknown[],
    onLostAnswer?: () => void,
  ): Promise<pg.QueryResult<Row>> {
    return this.#retrying(
      operation,
      () =>
        this.#pool.query<Row>(
          statement.text,
          statement.clock ? [this.#now(), ...params] : [...params],
        ),
      onLostAnswer,
    );
  }

  async #retrying<T>(operation: string, work: () => Promise<T>, onLostAnswer?: () => void) {
    if (this.#closed) throw new StoreError('closed', operation, 'the store is closed');
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof StoreError) throw error;
        const kind = classify(error);
        if (!kind.transient || attempt > this.#maxRetries) {
          const why = redact(
            error instanceof Error ? error.message : String(error),
            this.#password,
          );
          // Not the driver's error as cause: `pg` may hang its client (and so the password)
          // on it. A plain copy of what matters instead.
          throw new StoreError(kind.code, operation, why, {
            sqlState: kind.sqlState,
            attempts: attempt,
            cause: Object.assign(new Error(why), { code: kind.sqlState ?? errorCode(error) }),
          });
        }
        if (kind.maybeCommitted) onLostAnswer?.();
        // Short, growing, jittered pauses: a failover or a lock conflict needs a moment.
        await sleep(Math.random() * 25 * 2 ** attempt);
      }
    }
  }

  #now(): number | null {
    if (this.#clock === undefined) return null;
    const now = this.#clock();
    if (!Number.isSafeInteger(now)) throw invalid(`clock returned ${now}, not integer epoch ms`);
    return now;
  }
}

/** One statement; with `clock`, its $1 is the clock (see {@link NOW}). */
interface Statement {
  readonly text: string;
  readonly clock: boolean;
}

/** The store's statements. */
function statements(t: TableNames) {
  const timed = (text: string): Statement => ({ text, clock: true });
  const untimed = (text: string): Statement => ({ text, clock: false });
  return {
    // DO NOTHING on a taken key: a claim never overwrites; RETURNING yields no row then.
    claim: timed(`INSERT INTO ${t.records} (key, fingerprint, provider, order_key, request,
        state, phase, owner, lease_expires_at, version, created_at)
      SELECT $2, $3, $4, $5, $6, 'in_flight', 'claimed', $7, clock.now + $8, 1, clock.now
      FROM (SELECT ${NOW} AS now) AS clock
      ON CONFLICT (key) DO NOTHING
      RETURNING ${COLUMNS}`),
    get: timed(`SELECT ${COLUMNS} FROM ${t.records} WHERE key = $2`),
    takeOver: timed(`UPDATE ${t.records}
      SET owner = $4, lease_expires_at = ${NOW} + $5, version = version + 1
      WHERE key = $2 AND state = 'in_flight' AND version = $3 AND lease_expires_at <= ${NOW}
      RETURNING ${COLUMNS}`),
    update: timed(`UPDATE ${t.records}
      SET phase = COALESCE($4, phase), checkpoint = COALESCE($5, checkpoint),
        lease_expires_at = COALESCE(${NOW} + $6::bigint, lease_expires_at), version = version + 1
      WHERE key = $2 AND state = 'in_flight' AND owner = $3`),
    complete: timed(`UPDATE ${t.records}
      SET state = 'completed', phase = NULL, owner = NULL, lease_expires_at = NULL,
        result = $4, completed_at = ${NOW}, version = version + 1
      WHERE key = $2 AND state = 'in_flight' AND owner = $3`),
    release: untimed(
      `DELETE FROM ${t.records} WHERE key = $1 AND state = 'in_flight' AND owner = $2`,
    ),
    updateResult: untimed(`UPDATE ${t.records} SET result = $3, version = version + 1
      WHERE key = $1 AND state = 'completed' AND version = $2`),
    listByOrder: timed(`SELECT ${COLUMNS} FROM ${t.records} WHERE order_key = $2 ${OLDEST_FIRST}`),
    listInFlight: timed(
      `SELECT ${COLUMNS} FROM ${t.records} WHERE state = 'in_flight' ${OLDEST_FIRST}`,
    ),
    // One upsert: a free lock is inserted; one held by this owner or whose lease ended is
    // overwritten; otherwise DO UPDATE … WHERE matches nothing and rowCount is 0.
    lockOrder: timed(`INSERT INTO ${t.locks} AS lock (order_key, owner, expires_at)
      VALUES ($2, $3, ${NOW} + $4)
      ON CONFLICT (order_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE lock.owner = excluded.owner OR lock.expires_at <= ${NOW}`),
    renewOrderLock: timed(`UPDATE ${t.locks} SET expires_at = ${NOW} + $4
      WHERE order_key = $2 AND owner = $3`),
    unlockOrder: untimed(`DELETE FROM ${t.locks} WHERE order_key = $1 AND owner = $2`),
    prune: timed(`DELETE FROM ${t.records}
      WHERE state = 'completed' AND completed_at < ${NOW} - $2`),
  };
}

function invalid(message: string): StoreError {
  return new StoreError('invalid_option', 'options', message);
}

/** A duration in ms: a non-negative integer (the time columns are bigint ms). */
function checkMs(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${field} must be a non-negative integer of ms, got ${shown(value)}`);
  }
  return value;
}

function checkCount(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`options.${field} must be a non-negative integer, got ${shown(value)}`);
  }
  return value;
}

function passwordInUrl(connectionString: string): string | undefined {
  try {
    const password = new URL(connectionString).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
