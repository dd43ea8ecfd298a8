import type { EnvelopeSlots } from './envelope-slots.js';
import type { ApiErrorKind } from './error-kind.js';
import type { Logger } from './events.js';
import type { RetryOptions } from './retry-policy.js';

/**
 * The option types of every client and call, in one module of their own so that the option
 * checks (`http-options.ts`) and the transport can both use them without importing each
 * other.
 */

/** Options every client accepts and passes through to its transport. */
export interface ClientHttpOptions {
  /** A `fetch` implementation; defaults to the global one. Useful for tests and proxies. */
  fetch?: typeof fetch;
  /** Time one attempt may take (sending to last byte). Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for calls where a retry is safe. Default 2. */
  maxRetries?: number;
  /** Receives redacted request, response, retry and error events. */
  logger?: Logger;
  /** Backoff tuning beyond `maxRetries` (first delay, longest delay, longest honoured `Retry-After`). */
  retry?: Omit<RetryOptions, 'maxRetries'>;
}

/** Options for one call; they override the client's. */
export interface RequestOptions {
  /** Time one attempt may take. */
  timeoutMs?: number;
  /** Retries after the first attempt, for calls where a retry is safe. */
  maxRetries?: number;
  /** Aborts the call. For a refund write in flight this ends in `OutcomeUnknownError`. */
  signal?: AbortSignal;
}

/** What the transport needs to know about an operation. */
export interface Operation {
  /** The spec's operation id; also the client method's name. */
  readonly name: string;
  /**
   * False for a call that must never be repeated blindly (a refund). Such a call is retried
   * only when it provably never reached the provider, or was refused with 429.
   */
  readonly idempotent: boolean;
}

/** Everything a client configures once. Its options must already have been checked. */
export interface TransportOptions extends ClientHttpOptions {
  /** Provider name used in errors and events. */
  provider: string;
  /** The only origin this transport sends to (credentials included). */
  origin: string;
  /** Literal secret values to mask wherever they appear. */
  secrets: readonly (string | undefined)[];
  /** Response headers that may carry the provider's request id, in order of preference. */
  requestIdHeaders?: readonly string[];
  /**
   * The provider's response envelope, for {@link Transport.envelopeData}. When it is set and
   * `describeError` is not, error bodies are read as `{code, message}` (`describeEnvelope`).
   */
  envelope?: EnvelopeSlots;
  /** Reads the provider's own error code and message out of an error body. */
  describeError?: (body: unknown) => ProviderErrorDescription;
  /** Clock in ms since the epoch (for `Retry-After` dates). */
  now?: () => number;
  /** Source of randomness for jitter, in [0, 1). */
  random?: () => number;
  /** Waits between retries; must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** A provider's own code and message, read out of an answer body. */
export interface ProviderErrorDescription {
  /** The provider's own error code, when the body has one. */
  code?: string | number | bigint;
  /** The provider's own error message, when the body has one. */
  message?: string;
}

/** A 2xx answer, its body read in full while the attempt's timer ran. */
export interface Answer {
  /** The answer (its body already consumed). */
  response: Response;
  /** The body, read in full as text. */
  text: string;
}

/** A provider's answer as `Transport.apiError` types it into an error. */
export interface ProviderAnswer {
  /** HTTP status of the answer. */
  status: number;
  /** Response headers (for the request id and `Retry-After`). */
  headers: Headers;
  /** The parsed body, or its text when it was not JSON. */
  body: unknown;
  /** The provider's own code, when it sent one. */
  code?: string | number | bigint | undefined;
  /** The provider's own message, when it sent one. */
  message?: string | undefined;
  /** How to classify it; by default the HTTP status decides. */
  kind?: ApiErrorKind | undefined;
}
