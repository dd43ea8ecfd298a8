import type { InputCheck } from './input-check.js';
import type { ClientHttpOptions, RequestOptions } from './request-options.js';

/** The backoff tuning a client's `retry` option may hold. */
const RETRY_KEYS = ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const;

/** Longest timeout `setTimeout` honours; beyond it Node fires the timer at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Checks the transport options shared by every `create…Client` and every call, so a typo
 * (`timeoutMs: '30s'`, `maxRetries: -1`) fails loudly instead of silently changing when a
 * refund is retried. Returns a copy holding only the options that were given.
 *
 * @param prefix - prepended to field names: `''` for client options, `'options.'` per call.
 * @throws LocalValidationError naming the option.
 */
export function checkHttpOptions(
  check: InputCheck,
  prefix: string,
  options: ClientHttpOptions & RequestOptions,
): ClientHttpOptions & RequestOptions {
  const result: ClientHttpOptions & RequestOptions = {};
  const { fetch, timeoutMs, maxRetries, logger, signal, retry } = options;
  if (fetch !== undefined) {
    if (typeof fetch !== 'function') check.fail(`${prefix}fetch`, 'function', 'must be a function');
    result.fetch = fetch;
  }
  if (timeoutMs !== undefined) {
    if (
      typeof timeoutMs !== 'number' ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs <= 0 ||
      timeoutMs > MAX_TIMEOUT_MS
    ) {
      check.fail(
        `${prefix}timeoutMs`,
        'timeout',
        `must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`,
      );
    }
    result.timeoutMs = timeoutMs;
  }
  if (maxRetries !== undefined) {
    if (
      typeof maxRetries !== 'number' ||
      !Number.isSafeInteger(maxRetries) ||
      maxRetries < 0 ||
      maxRetries > 10
    ) {
      check.fail(`${prefix}maxRetries`, 'max_retries', 'must be an integer from 0 to 10');
    }
    result.maxRetries = maxRetries;
  }
  if (logger !== undefined) {
    if (typeof logger !== 'function')
      check.fail(`${prefix}logger`, 'function', 'must be a function');
    result.logger = logger;
  }
  if (retry !== undefined) {
    // A misspelt `maxDelayMS` would otherwise be ignored and leave the default backoff.
    check.knownKeys(`${prefix}retry`, retry, RETRY_KEYS);
    for (const key of RETRY_KEYS) {
      const value = retry[key];
      if (
        value !== undefined &&
        !(Number.isInteger(value) && value >= 0 && value <= MAX_TIMEOUT_MS)
      ) {
        check.fail(
          `${prefix}retry.${key}`,
          'delay',
          `must be an integer from 0 to ${MAX_TIMEOUT_MS}`,
        );
      }
    }
    result.retry = retry;
  }
  if (signal !== undefined) {
    if (!(signal instanceof AbortSignal)) {
      check.fail(`${prefix}signal`, 'abort_signal', 'must be an AbortSignal');
    }
    result.signal = signal;
  }
  return result;
}

/** The per-call option names every client accepts. */
export const REQUEST_OPTION_KEYS: readonly string[] = ['timeoutMs', 'maxRetries', 'signal'];

/**
 * Checks a call's `options` argument once, before anything is sent: a plain object with only
 * {@link REQUEST_OPTION_KEYS} (plus the client's own `extraKeys`, which the client checks),
 * each valid. A misspelt `timeoutMS` or a per-call `logger` is refused rather than ignored.
 *
 * @returns the transport's options, and the object itself for the client's extra keys.
 * @throws LocalValidationError naming the option (`options.timeoutMs`, …).
 */
export function checkRequestOptions(
  check: InputCheck,
  options: unknown,
  extraKeys: readonly string[] = [],
): {
  /** The checked transport options (`timeoutMs`, `maxRetries`, `signal`). */
  request: RequestOptions;
  /** The options object itself, for the client to read its own `extraKeys` from. */
  given: Record<string, unknown>;
} {
  if (options === undefined) return { request: {}, given: {} };
  const given = check.knownKeys('options', options, [...REQUEST_OPTION_KEYS, ...extraKeys]);
  const { timeoutMs, maxRetries, signal } = checkHttpOptions(check, 'options.', given);
  const request: RequestOptions = {};
  if (timeoutMs !== undefined) request.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) request.maxRetries = maxRetries;
  if (signal !== undefined) request.signal = signal;
  return { request, given };
}
