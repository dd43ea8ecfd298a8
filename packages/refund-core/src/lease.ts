import type { IdempotencyStore } from './store.js';

/**
 * Keeps a record's lease (and the order lock, once taken) alive while this process works on
 * it, renewing every third of the lease. A lease only runs out when its owner stops
 * renewing: it died, or hung longer than the lease. Timers are `unref`'d so a forgotten
 * heartbeat never keeps a process alive.
 */
export class Heartbeat {
  readonly #timer: ReturnType<typeof setInterval>;
  #orderKey: string | undefined;
  /** False once a renewal found the record taken over: this process must not send. */
  held = true;

  constructor(store: IdempotencyStore, key: string, owner: string, leaseMs: number) {
    this.#timer = setInterval(
      () => {
        void store.update(key, owner, { leaseMs }).then(
          (held) => {
            if (!held) this.held = false;
          },
          () => undefined,
        );
        const orderKey = this.#orderKey;
        if (orderKey !== undefined) {
          void store.renewOrderLock(orderKey, owner, leaseMs).catch(() => undefined);
        }
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    this.#timer.unref();
  }

  /** Also renews this order lock from now on. */
  coverOrder(orderKey: string | undefined): void {
    this.#orderKey = orderKey;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
