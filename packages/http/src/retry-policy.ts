/**
 * When to wait and how long. Backoff follows the Stainless SDKs (openai-node): 0.5 s doubling
 * to 8 s, minus up to 25 % jitter so that clients do not retry in lockstep; a server's
 * `retry-after-ms` or `Retry-After` wins when present, up to a cap.
 */

/** Retry settings; every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay. Default 500 ms. */
  initialDelayMs?: number;
  /** Longest backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /** Longest server-requested wait that is honoured; a longer one ends retrying. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** Retries after the first attempt when a client sets none. */
export const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_INITIAL_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 8_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Reads how long the server asked to wait: `retry-after-ms` (milliseconds, a de-facto
 * standard the OpenAI API uses), else `Retry-After` in seconds or as an HTTP date.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before retry number `retry` (0-based), or `undefined` when the server's wait is too long. */
export function retryDelayMs(
  retry: number,
  options: RetryOptions,
  retryAfterMs: number | undefined,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined) {
    return retryAfterMs <= (options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)
      ? retryAfterMs
      : undefined;
  }
  const initial = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const backoff = Math.min(initial * 2 ** retry, max);
  return Math.round(backoff * (1 - random() * 0.25));
}
