/**
 * A store wrapper that counts what the multi-process soak reports about one process: lease
 * takeovers it won, transitions the store refused it (its owner token no longer held the
 * record), and which records it holds in flight after the `sending` checkpoint.
 */
import type {
  ClaimInput,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
} from '@refundkit/refund-core';

/** Counts takeovers and refusals, tracks this process's in-flight records. */
export class CountingStore implements IdempotencyStore {
  readonly #inner: IdempotencyStore;
  readonly #onInFlight: (keys: readonly string[]) => void;
  /** Key → the owner token this process holds it with, from the `sending` checkpoint on. */
  readonly #inFlight = new Map<string, string>();
  takeovers = 0;
  refusedTransitions = 0;

  constructor(inner: IdempotencyStore, onInFlight: (keys: readonly string[]) => void) {
    this.#inner = inner;
    this.#onInFlight = onInFlight;
  }

  #settled(key: string, owner: string, done: boolean): boolean {
    if (!done) this.refusedTransitions++;
    else if (this.#inFlight.get(key) === owner) {
      this.#inFlight.delete(key);
      this.#onInFlight([...this.#inFlight.keys()]);
    }
    return done;
  }

  claim(input: ClaimInput) {
    return this.#inner.claim(input);
  }
  async takeOver(key: string, expectedVersion: number, owner: string, leaseMs: number) {
    const taken = await this.#inner.takeOver(key, expectedVersion, owner, leaseMs);
    if (taken) {
      this.takeovers++;
      if (taken.phase !== 'claimed') {
        this.#inFlight.set(key, owner);
        this.#onInFlight([...this.#inFlight.keys()]);
      }
    }
    return taken;
  }
  async update(key: string, owner: string, change: InFlightChange): Promise<boolean> {
    const done = await this.#inner.update(key, owner, change);
    if (!done) this.refusedTransitions++;
    else if (change.phase === 'sending') {
      this.#inFlight.set(key, owner);
      this.#onInFlight([...this.#inFlight.keys()]);
    }
    return done;
  }
  async complete(key: string, owner: string, result: string) {
    return this.#settled(key, owner, await this.#inner.complete(key, owner, result));
  }
  async release(key: string, owner: string) {
    return this.#settled(key, owner, await this.#inner.release(key, owner));
  }
  updateResult(key: string, expectedVersion: number, result: string) {
    return this.#inner.updateResult(key, expectedVersion, result);
  }
  get(key: string): Promise<IdempotencyRecord | undefined> {
    return this.#inner.get(key);
  }
  listByOrder(orderKey: string) {
    return this.#inner.listByOrder(orderKey);
  }
  listInFlight() {
    return this.#inner.listInFlight();
  }
  lockOrder(orderKey: string, owner: string, leaseMs: number) {
    return this.#inner.lockOrder(orderKey, owner, leaseMs);
  }
  renewOrderLock(orderKey: string, owner: string, leaseMs: number) {
    return this.#inner.renewOrderLock(orderKey, owner, leaseMs);
  }
  unlockOrder(orderKey: string, owner: string) {
    return this.#inner.unlockOrder(orderKey, owner);
  }
  prune(retentionMs: number) {
    return this.#inner.prune(retentionMs);
  }
  close() {
    return this.#inner.close?.() ?? Promise.resolve();
  }
}
