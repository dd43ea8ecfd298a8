/**
 * The requests a sandbox is working on, so that `close()` and `reset()` can cancel them: a
 * request held by a `latency` fault (or still being read) must not apply its refund after
 * the sandbox closed, or to a ledger that `reset()` already replaced.
 */
export class InFlight {
  readonly #controllers = new Set<AbortController>();

  /** Registers a request; call `end()` when it is finished. */
  begin(): { signal: AbortSignal; end(): void } {
    const controller = new AbortController();
    this.#controllers.add(controller);
    return { signal: controller.signal, end: () => void this.#controllers.delete(controller) };
  }

  /** Cancels every registered request (they drop their connection without applying). */
  cancelAll(): void {
    for (const controller of this.#controllers) controller.abort();
    this.#controllers.clear();
  }
}

/** Waits `ms`, or less when `signal` aborts (the timer is cleared, nothing keeps the process alive). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
