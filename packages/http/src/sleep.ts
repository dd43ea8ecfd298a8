/**
 * `setTimeout` as a promise that an abort signal ends early, rejecting with the signal's
 * reason. Written here rather than taken from `node:timers/promises` because the kit runs on
 * any fetch runtime, and that one rejects with its own AbortError instead of the reason.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
