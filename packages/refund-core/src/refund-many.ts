import { coreCheck } from './request-check.js';
import type { RefundRequest } from './request.js';
import type { RefundResult } from './result.js';

/** Options of `refundMany`. */
export interface RefundManyOptions {
  /** Refunds in flight at once (default 8). The rate limiter paces the calls themselves. */
  readonly concurrency?: number;
  /** Stops starting new refunds; those not started end with the abort reason as `error`. */
  readonly signal?: AbortSignal;
  /** Called after each refund ends. */
  readonly onProgress?: (progress: RefundManyProgress) => void;
}

/** How far a `refundMany` is. */
export interface RefundManyProgress {
  /** How many requests have ended (succeeded or thrown) so far. */
  readonly done: number;
  /** How many requests the batch has. */
  readonly total: number;
  /** The item that just ended. */
  readonly item: RefundManyItem;
}

/** One request's outcome in a batch: its result, or the error it threw. */
export type RefundManyItem =
  | {
      /** The request's position in the batch. */
      readonly index: number;
      /** `refund` returned a result (whatever its status). */
      readonly ok: true;
      /** What `refund` returned. */
      readonly result: RefundResult;
    }
  | {
      /** The request's position in the batch. */
      readonly index: number;
      /** `refund` threw (or the batch was aborted before it started). */
      readonly ok: false;
      /** What it threw (or the abort reason). */
      readonly error: unknown;
    };

/** Runs `refund` over every request with bounded concurrency; items in request order. */
export async function runMany(
  requests: readonly RefundRequest[],
  options: RefundManyOptions,
  refund: (request: RefundRequest, signal: AbortSignal | undefined) => Promise<RefundResult>,
): Promise<RefundManyItem[]> {
  const check = coreCheck('refund-core', 'refundMany');
  check.knownKeys('', options, ['concurrency', 'signal', 'onProgress']);
  const concurrency =
    options.concurrency === undefined
      ? 8
      : check.positiveInteger('concurrency', options.concurrency);
  const items = new Array<RefundManyItem>(requests.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index];
      if (request === undefined) break;
      let item: RefundManyItem;
      if (options.signal?.aborted) {
        item = { index, ok: false, error: options.signal.reason };
      } else {
        try {
          item = { index, ok: true, result: await refund(request, options.signal) };
        } catch (error) {
          item = { index, ok: false, error };
        }
      }
      items[index] = item;
      done++;
      try {
        options.onProgress?.({ done, total: requests.length, item });
      } catch {
        // A failing progress callback must not stop, or lose, the batch.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return items;
}
