/**
 * The idempotency store: where "this key is (or was) this refund" lives. Every method is one
 * atomic step, so a store shared by many instances (PostgreSQL) implements it with a
 * conditional write, without refund-core changing.
 *
 * Times are the store's own: a method takes durations (`leaseMs`), the store adds them to its
 * clock (the database's `now()` where there is one), and reports `leaseExpired` by the same
 * clock, so instances with skewed clocks agree on who holds a lease.
 *
 * Records hold JSON text (`request`, `checkpoint`, `result`) the store never interprets.
 * A store's own failures (a busy database) reject with the store's errors, unwrapped.
 * `store-contract.test-util.ts` is the executable form of this contract.
 */
export interface IdempotencyStore {
  /**
   * Records the intent of a refund: inserts an `in_flight` record owned by `owner` if no
   * record has this key. Never overwrites.
   * @returns `{ claimed: true }` with the new record, or `{ claimed: false }` with the
   *   existing one (whatever its state).
   */
  claim(input: ClaimInput): Promise<ClaimOutcome>;

  /**
   * Takes over an `in_flight` record whose lease has expired (its owner died, or parked it),
   * if its `version` is still `expectedVersion`: a new owner and lease, `version` + 1.
   * @returns the record now owned by `owner`, or `undefined` when someone else won.
   */
  takeOver(
    key: string,
    expectedVersion: number,
    owner: string,
    leaseMs: number,
  ): Promise<IdempotencyRecord | undefined>;

  /**
   * Changes an `in_flight` record held by `owner`: its phase, checkpoint and/or lease
   * (`leaseMs: 0` ends the lease now, so the next caller reconciles).
   * @returns false when `owner` no longer holds it (nothing changed).
   */
  update(key: string, owner: string, change: InFlightChange): Promise<boolean>;

  /**
   * Completes an `in_flight` record held by `owner` with its result (JSON).
   * @returns false when `owner` no longer holds it (nothing changed).
   */
  complete(key: string, owner: string, result: string): Promise<boolean>;

  /**
   * Deletes an `in_flight` record held by `owner`: only for a refund proven not sent or not
   * applied, so the caller may retry with the same key.
   * @returns false when `owner` no longer holds it.
   */
  release(key: string, owner: string): Promise<boolean>;

  /**
   * Replaces the result of a `completed` record (a pending refund settled) if its `version`
   * is still `expectedVersion`.
   * @returns false when the record changed meanwhile (re-read and decide again).
   */
  updateResult(key: string, expectedVersion: number, result: string): Promise<boolean>;

  /** The record with this key, or `undefined`. */
  get(key: string): Promise<IdempotencyRecord | undefined>;

  /** Every record of one order (`orderKey`), oldest first. */
  listByOrder(orderKey: string): Promise<IdempotencyRecord[]>;

  /** Every `in_flight` record, oldest first (for `recover()`). */
  listInFlight(): Promise<IdempotencyRecord[]>;

  /**
   * Takes the lock of one order for `owner` if it is free or its lease expired.
   * @returns whether `owner` holds it now.
   */
  lockOrder(orderKey: string, owner: string, leaseMs: number): Promise<boolean>;

  /**
   * Extends an order lock `owner` holds (also one whose lease ran out, as long as nobody
   * else took it since). @returns false when another owner holds it or it was freed.
   */
  renewOrderLock(orderKey: string, owner: string, leaseMs: number): Promise<boolean>;

  /** Frees an order lock if `owner` holds it. */
  unlockOrder(orderKey: string, owner: string): Promise<void>;

  /**
   * Deletes `completed` records completed more than `retentionMs` ago.
   * @returns how many were deleted.
   */
  prune(retentionMs: number): Promise<number>;

  /** Frees the store's resources (a database handle). Optional. */
  close?(): Promise<void>;
}

/** Where an in-flight refund is. */
export type InFlightPhase =
  /** Claimed; nothing was sent (a crash here is safe to redo). */
  | 'claimed'
  /** The checkpoint is saved and the provider may have been called. */
  | 'sending'
  /** It may have been applied and reconciliation could not tell: reconcile again. */
  | 'unknown';

/** What {@link IdempotencyStore.claim} inserts. */
export interface ClaimInput {
  /** The idempotency key (1–255 printable ASCII characters). */
  readonly key: string;
  /** SHA-256 (hex) of the canonical request. */
  readonly fingerprint: string;
  /** The provider's name (`keeta`, `shoplazza`, `kakaclo`). */
  readonly provider: string;
  /** The order the refund is for, as `provider:…:orderId`: what the order lock names. */
  readonly orderKey: string;
  /** The canonical request (JSON, without the key), so `recover()` can reconcile without the caller. */
  readonly request: string;
  /**
   * A token unique to this attempt (refund-core mints a random UUID each time): every
   * compare-and-set and the re-entrant order lock trust it to name one caller only.
   */
  readonly owner: string;
  /** A positive integer number of milliseconds. */
  readonly leaseMs: number;
}

/** What {@link IdempotencyStore.update} changes; left-out fields are kept. */
export interface InFlightChange {
  /** The record's new phase. */
  readonly phase?: InFlightPhase;
  /** The adapter's reconciliation baseline (JSON). */
  readonly checkpoint?: string;
  /** A new lease from now (0: expired now). */
  readonly leaseMs?: number;
}

/** The outcome of {@link IdempotencyStore.claim}. */
export type ClaimOutcome =
  | {
      /** The key was free: the record was inserted. */
      readonly claimed: true;
      /** The new `in_flight` record, owned by the claimant. */
      readonly record: IdempotencyRecord;
    }
  | {
      /** A record with this key already exists: nothing was written. */
      readonly claimed: false;
      /** The existing record, whatever its state. */
      readonly record: IdempotencyRecord;
    };

/** One idempotency key's record. */
export interface IdempotencyRecord {
  /** The idempotency key. */
  readonly key: string;
  /** SHA-256 (hex) of the canonical request: a different request under this key conflicts. */
  readonly fingerprint: string;
  /** The provider's name (`keeta`, `shoplazza`, `kakaclo`). */
  readonly provider: string;
  /** The order the refund is for, as `provider:…:orderId`. */
  readonly orderKey: string;
  /** The canonical request (JSON, without the idempotency key, which the record holds). */
  readonly request: string;
  /** `in_flight` until the refund's result is stored, then `completed`. */
  readonly state: 'in_flight' | 'completed';
  /** `in_flight` only. */
  readonly phase: InFlightPhase | undefined;
  /** `in_flight` only: who holds it. */
  readonly owner: string | undefined;
  /** `in_flight` only: when the lease ends (epoch ms, store clock). */
  readonly leaseExpiresAt: number | undefined;
  /** `in_flight` only: whether the lease had ended when the store read the record. */
  readonly leaseExpired: boolean;
  /** `in_flight` only: the adapter's reconciliation baseline (JSON), once saved. */
  readonly checkpoint: string | undefined;
  /** `completed` only: the result (JSON). */
  readonly result: string | undefined;
  /** Incremented by every change: the compare-and-set token of `takeOver`/`updateResult`. */
  readonly version: number;
  /** Epoch ms, store clock. */
  readonly createdAt: number;
  /** Epoch ms, store clock; `completed` only. */
  readonly completedAt: number | undefined;
}
