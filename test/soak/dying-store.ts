/**
 * A store wrapper that simulates an instance dying mid-refund, in process: from the moment
 * it "dies" every call rejects, so the instance never completes, releases or renews the
 * record; its lease runs out and another instance (or `recover()`) must reconcile it.
 */
import type {
  ClaimInput,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
} from '@refundkit/refund-core';

/** What the dead instance's caller sees; not a refund-core error, and never counted as one. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** Where the instance dies. */
export type CrashPoint = 'before_send' | 'after_send';

/**
 * Dies once the record's phase `sending` (the checkpoint) is written: at once
 * (`before_send`: nothing sent), or at the next store call after it (`after_send`: the
 * provider was called, its answer is never stored).
 */
export class DyingStore implements IdempotencyStore {
  readonly #inner: IdempotencyStore;
  readonly #at: CrashPoint;
  #state: 'alive' | 'armed' | 'dead' = 'alive';

  constructor(inner: IdempotencyStore, at: CrashPoint) {
    this.#inner = inner;
    this.#at = at;
  }

  /** True once the instance has died. */
  get dead(): boolean {
    return this.#state === 'dead';
  }

  async #call<T>(run: () => Promise<T>): Promise<T> {
    if (this.#state === 'armed') this.#state = 'dead';
    if (this.#state === 'dead') throw new SimulatedCrash('the instance died');
    return run();
  }

  claim(input: ClaimInput) {
    return this.#call(() => this.#inner.claim(input));
  }
  takeOver(key: string, expectedVersion: number, owner: string, leaseMs: number) {
    return this.#call(() => this.#inner.takeOver(key, expectedVersion, owner, leaseMs));
  }
  async update(key: string, owner: string, change: InFlightChange): Promise<boolean> {
    const done = await this.#call(() => this.#inner.update(key, owner, change));
    if (change.phase === 'sending' && done) {
      if (this.#at === 'before_send') {
        this.#state = 'dead';
        throw new SimulatedCrash('the instance died before sending');
      }
      this.#state = 'armed';
    }
    return done;
  }
  complete(key: string, owner: string, result: string) {
    return this.#call(() => this.#inner.complete(key, owner, result));
  }
  release(key: string, owner: string) {
    return this.#call(() => this.#inner.release(key, owner));
  }
  updateResult(key: string, expectedVersion: number, result: string) {
    return this.#call(() => this.#inner.updateResult(key, expectedVersion, result));
  }
  get(key: string): Promise<IdempotencyRecord | undefined> {
    return this.#call(() => this.#inner.get(key));
  }
  listByOrder(orderKey: string) {
    return this.#call(() => this.#inner.listByOrder(orderKey));
  }
  listInFlight() {
    return this.#call(() => this.#inner.listInFlight());
  }
  lockOrder(orderKey: string, owner: string, leaseMs: number) {
    return this.#call(() => this.#inner.lockOrder(orderKey, owner, leaseMs));
  }
  renewOrderLock(orderKey: string, owner: string, leaseMs: number) {
    return this.#call(() => this.#inner.renewOrderLock(orderKey, owner, leaseMs));
  }
  unlockOrder(orderKey: string, owner: string) {
    return this.#call(() => this.#inner.unlockOrder(orderKey, owner));
  }
  prune(retentionMs: number) {
    return this.#call(() => this.#inner.prune(retentionMs));
  }
}
