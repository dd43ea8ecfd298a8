import type {
  ClaimInput,
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
} from '../store.js';

type Row = Omit<IdempotencyRecord, 'leaseExpired'>;

interface OrderLock {
  owner: string;
  expiresAt: number;
}

/**
 * The default store: records in this process's memory. Atomic because each method runs
 * without an `await` in between; gone when the process exits, and not shared with other
 * instances. Use the SQLite store (`@refundkit/refund-core/sqlite`) to survive a restart and
 * `@refundkit/store-postgres` for several instances.
 *
 * @example
 * // What createRefunds uses when `store` is left out; a test can pass its own clock.
 * const refunds = createRefunds({ providers, store: new MemoryIdempotencyStore({ clock: () => now }) });
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #rows = new Map<string, Row>();
  /** Keys by order, so `listByOrder` (run before every send) does not scan every record. */
  readonly #byOrder = new Map<string, Set<string>>();
  readonly #locks = new Map<string, OrderLock>();
  readonly #now: () => number;

  /** @param options.clock - the store's clock (epoch ms), `Date.now` by default. */
  constructor(options: { clock?: () => number } = {}) {
    this.#now = options.clock ?? Date.now;
  }

  claim(input: ClaimInput): Promise<ClaimOutcome> {
    const existing = this.#rows.get(input.key);
    if (existing) return Promise.resolve({ claimed: false, record: this.#read(existing) });
    const now = this.#now();
    const row: Row = {
      key: input.key,
      fingerprint: input.fingerprint,
      provider: input.provider,
      orderKey: input.orderKey,
      request: input.request,
      state: 'in_flight',
      phase: 'claimed',
      owner: input.owner,
      leaseExpiresAt: now + input.leaseMs,
      checkpoint: undefined,
      result: undefined,
      version: 1,
      createdAt: now,
      completedAt: undefined,
    };
    this.#rows.set(input.key, row);
    const keys = this.#byOrder.get(input.orderKey) ?? new Set<string>();
    this.#byOrder.set(input.orderKey, keys.add(input.key));
    return Promise.resolve({ claimed: true, record: this.#read(row) });
  }

  takeOver(
    key: string,
    expectedVersion: number,
    owner: string,
    leaseMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    const row = this.#rows.get(key);
    const now = this.#now();
    if (
      row?.state !== 'in_flight' ||
      row.version !== expectedVersion ||
      (row.leaseExpiresAt ?? 0) > now
    ) {
      return Promise.resolve(undefined);
    }
    const next: Row = { ...row, owner, leaseExpiresAt: now + leaseMs, version: row.version + 1 };
    this.#rows.set(key, next);
    return Promise.resolve(this.#read(next));
  }

  update(key: string, owner: string, change: InFlightChange): Promise<boolean> {
    const row = this.#held(key, owner);
    if (!row) return Promise.resolve(false);
    this.#rows.set(key, {
      ...row,
      phase: change.phase ?? row.phase,
      checkpoint: change.checkpoint ?? row.checkpoint,
      leaseExpiresAt:
        change.leaseMs === undefined ? row.leaseExpiresAt : this.#now() + change.leaseMs,
      version: row.version + 1,
    });
    return Promise.resolve(true);
  }

  complete(key: string, owner: string, result: string): Promise<boolean> {
    const row = this.#held(key, owner);
    if (!row) return Promise.resolve(false);
    this.#rows.set(key, {
      ...row,
      state: 'completed',
      phase: undefined,
      owner: undefined,
      leaseExpiresAt: undefined,
      result,
      version: row.version + 1,
      completedAt: this.#now(),
    });
    return Promise.resolve(true);
  }

  release(key: string, owner: string): Promise<boolean> {
    const row = this.#held(key, owner);
    if (!row) return Promise.resolve(false);
    this.#delete(row);
    return Promise.resolve(true);
  }

  updateResult(key: string, expectedVersion: number, result: string): Promise<boolean> {
    const row = this.#rows.get(key);
    if (row?.state !== 'completed' || row.version !== expectedVersion) {
      return Promise.resolve(false);
    }
    this.#rows.set(key, { ...row, result, version: row.version + 1 });
    return Promise.resolve(true);
  }

  get(key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.#rows.get(key);
    return Promise.resolve(row && this.#read(row));
  }

  listByOrder(orderKey: string): Promise<IdempotencyRecord[]> {
    const rows = [...(this.#byOrder.get(orderKey) ?? [])].flatMap((key) => {
      const row = this.#rows.get(key);
      return row ? [row] : [];
    });
    return Promise.resolve(this.#sorted(rows));
  }

  listInFlight(): Promise<IdempotencyRecord[]> {
    return Promise.resolve(this.#list((row) => row.state === 'in_flight'));
  }

  lockOrder(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.#now();
    const lock = this.#locks.get(orderKey);
    if (lock && lock.owner !== owner && lock.expiresAt > now) return Promise.resolve(false);
    this.#locks.set(orderKey, { owner, expiresAt: now + leaseMs });
    return Promise.resolve(true);
  }

  renewOrderLock(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    const lock = this.#locks.get(orderKey);
    if (lock?.owner !== owner) return Promise.resolve(false);
    lock.expiresAt = this.#now() + leaseMs;
    return Promise.resolve(true);
  }

  unlockOrder(orderKey: string, owner: string): Promise<void> {
    if (this.#locks.get(orderKey)?.owner === owner) this.#locks.delete(orderKey);
    return Promise.resolve();
  }

  prune(retentionMs: number): Promise<number> {
    const cutoff = this.#now() - retentionMs;
    let deleted = 0;
    for (const row of [...this.#rows.values()]) {
      if (row.state === 'completed' && (row.completedAt ?? Infinity) < cutoff) {
        this.#delete(row);
        deleted++;
      }
    }
    return Promise.resolve(deleted);
  }

  #held(key: string, owner: string): Row | undefined {
    const row = this.#rows.get(key);
    return row?.state === 'in_flight' && row.owner === owner ? row : undefined;
  }

  #list(keep: (row: Row) => boolean): IdempotencyRecord[] {
    return this.#sorted([...this.#rows.values()].filter(keep));
  }

  /** Oldest first; ties in insertion order (`sort` is stable, the map keeps insertion order). */
  #sorted(rows: Row[]): IdempotencyRecord[] {
    return rows.sort((a, b) => a.createdAt - b.createdAt).map((row) => this.#read(row));
  }

  #delete(row: Row): void {
    this.#rows.delete(row.key);
    const keys = this.#byOrder.get(row.orderKey);
    keys?.delete(row.key);
    if (keys?.size === 0) this.#byOrder.delete(row.orderKey);
  }

  #read(row: Row): IdempotencyRecord {
    const leaseExpired = row.state === 'in_flight' && (row.leaseExpiresAt ?? 0) <= this.#now();
    return { ...row, leaseExpired };
  }
}
