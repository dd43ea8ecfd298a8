import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RefundkitError,
  TimeoutError,
  UserAbortError,
  ValidationError,
  type ApiErrorDetails,
  type ErrorOrigin,
} from './errors.js';
import type { HttpEvent, Logger } from './events.js';
import { parseJson } from './json.js';
import { provesNotSent, systemErrorCode } from './network-failure.js';
import { checkHttpOptions } from './http-options.js';
import { InputCheck } from './input-check.js';
import { Redactor } from './redact.js';
import {
  DEFAULT_MAX_RETRIES,
  parseRetryAfter,
  retryDelayMs,
  type RetryOptions,
} from './retry-policy.js';

/** Default time an attempt may take, from sending to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 30_000;

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

/** Everything a client configures once. */
export interface TransportOptions extends ClientHttpOptions {
  /** Provider name used in errors and events. */
  provider: string;
  /** The only origin this transport sends to (credentials included). */
  origin: string;
  /** Literal secret values to mask wherever they appear. */
  secrets: ReadonlyArray<string | undefined>;
  /** Response headers that may carry the provider's request id, in order of preference. */
  requestIdHeaders?: readonly string[];
  /** Reads the provider's own error code and message out of an error body. */
  describeError?: (body: unknown) => { code?: string | number | bigint; message?: string };
  /** Clock in ms since the epoch (for `Retry-After` dates). */
  now?: () => number;
  /** Source of randomness for jitter, in [0, 1). */
  random?: () => number;
  /** Waits between retries; must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Options for one call; they override the client's. */
export interface RequestOptions {
  /** Time one attempt may take. */
  timeoutMs?: number;
  /** Retries after the first attempt, for calls where a retry is safe. */
  maxRetries?: number;
  /** Aborts the call. For a refund write in flight this ends in {@link OutcomeUnknownError}. */
  signal?: AbortSignal;
}

/** What the transport needs to know about an operation. */
export interface Operation {
  /** The spec's operation id. */
  name: string;
  /**
   * False for a call that must never be repeated blindly (a refund). Such a call is retried
   * only when it provably never reached the provider, or was refused with 429.
   */
  idempotent: boolean;
}

const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-trace-id', 'traceid'];

/** Why one attempt failed, and whether another attempt is allowed to follow it. */
interface AttemptFailure {
  error: RefundkitError;
  retryable: boolean;
  retryAfterMs?: number | undefined;
}

/**
 * Sends a client's requests: one origin, a timeout per attempt, money-safe retries, typed
 * errors and redacted events. Clients hand {@link Transport.fetchFor} to openapi-fetch as the
 * per-request `fetch`, so openapi-fetch keeps building typed requests and this class owns
 * everything that happens on the wire.
 */
export class Transport {
  readonly provider: string;
  readonly origin: string;
  /** Masks this client's secrets; use it for anything derived from a response. */
  readonly redactor: Redactor;
  readonly #options: TransportOptions;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions) {
    checkHttpOptions(
      new InputCheck({ provider: options.provider, operation: 'createClient' }),
      '',
      options,
    );
    this.#options = options;
    this.provider = options.provider;
    this.origin = options.origin;
    this.redactor = new Redactor(options.secrets);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The `ErrorOrigin` of an operation, for building errors. */
  originOf(operation: Operation | string): ErrorOrigin {
    return {
      provider: this.provider,
      operation: typeof operation === 'string' ? operation : operation.name,
    };
  }

  /**
   * A `fetch` for one call of `operation`, to pass to openapi-fetch. It resolves only with a
   * 2xx answer whose body has been read in full; everything else is thrown as a typed error.
   */
  fetchFor(operation: Operation, call: RequestOptions = {}): (input: Request) => Promise<Response> {
    checkHttpOptions(new InputCheck(this.originOf(operation)), 'options.', call);
    return (input) => this.#send(operation, call, input);
  }

  /**
   * The error for a 2xx answer that is not what the provider documents (wrong envelope,
   * missing fields): an {@link InvalidResponseError}, or for a write an
   * {@link OutcomeUnknownError}, because the provider may have applied it.
   */
  invalidAnswer(
    operation: Operation,
    response: Response,
    body: unknown,
    reason: string,
  ): RefundkitError {
    const error = new InvalidResponseError(
      {
        ...this.originOf(operation),
        status: response.status,
        requestId: this.requestIdOf(response.headers),
        body: this.redactor.value(body),
      },
      `${this.provider} ${operation.name}: HTTP ${response.status} answer ${this.redactor.string(reason)}`,
    );
    return operation.idempotent ? error : this.#outcomeUnknown(operation, error);
  }

  /**
   * Parses a 2xx body as lossless JSON. An unreadable body is an {@link InvalidResponseError},
   * or, for a write, an {@link OutcomeUnknownError}: the provider may have applied it.
   */
  parseBody(operation: Operation, response: Response, text: string): unknown {
    try {
      return parseJson(text);
    } catch (cause) {
      throw this.invalidAnswer(
        operation,
        response,
        text.slice(0, 500),
        'is not JSON' + (cause instanceof Error ? ` (${cause.message})` : ''),
      );
    }
  }

  /**
   * Builds the typed error for a provider's answer: by HTTP status, or by `kind` for
   * envelope errors that arrive with HTTP 200 (Keeta, KakaClo).
   */
  apiError(
    operation: Operation,
    answer: {
      status: number;
      headers: Headers;
      body: unknown;
      code?: string | number | bigint | undefined;
      message?: string | undefined;
      kind?: ApiErrorKind;
    },
  ): ApiError {
    const details: ApiErrorDetails = {
      ...this.originOf(operation),
      status: answer.status,
      requestId: this.requestIdOf(answer.headers),
      code: answer.code,
      providerMessage:
        answer.message === undefined ? undefined : this.redactor.string(answer.message),
      body: this.redactor.value(answer.body),
    };
    const kind = answer.kind ?? kindOfStatus(answer.status);
    switch (kind) {
      case 'authentication':
        return new AuthenticationError(details);
      case 'permission':
        return new PermissionDeniedError(details);
      case 'not_found':
        return new NotFoundError(details);
      case 'conflict':
        return new ConflictError(details);
      case 'validation':
        return new ValidationError(details);
      case 'rate_limit':
        return new RateLimitError({
          ...details,
          retryAfterMs: parseRetryAfter(answer.headers, this.#now()),
        });
      case 'server':
        return new InternalServerError(details);
      default:
        return new ApiError(details);
    }
  }

  /** The provider's request id from response headers, if present. */
  requestIdOf(headers: Headers): string | undefined {
    for (const name of this.#options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) {
      const value = headers.get(name);
      if (value) return this.redactor.string(value);
    }
    return undefined;
  }

  async #send(operation: Operation, call: RequestOptions, request: Request): Promise<Response> {
    if (new URL(request.url).origin !== this.origin) {
      // Clients build every URL from the configured base URL, so this is a bug guard: a
      // request carrying credentials must never leave for another origin.
      throw new RefundkitError(
        `${this.provider} ${operation.name}: refused to send a request outside ${this.origin}`,
        this.originOf(operation),
      );
    }
    const maxRetries = call.maxRetries ?? this.#options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const loggedBody = this.#options.logger ? await this.#redactedBody(request) : undefined;

    for (let attempt = 1; ; attempt++) {
      // Aborted before this attempt left: nothing is in flight, so it is a clean stop even
      // for a refund (not an unknown outcome).
      if (call.signal?.aborted) throw new UserAbortError(this.originOf(operation));
      this.#emit({
        type: 'request',
        provider: this.provider,
        operation: operation.name,
        attempt,
        method: request.method,
        url: this.redactor.url(request.url),
        headers: this.redactor.headers(request.headers),
        body: loggedBody,
      });
      const outcome = await this.#attempt(operation, call, request, attempt);
      if (outcome instanceof Response) return outcome;

      const retriesLeft = attempt <= maxRetries;
      const delayMs =
        outcome.retryable && retriesLeft
          ? retryDelayMs(attempt - 1, this.#options.retry ?? {}, outcome.retryAfterMs, () =>
              this.#random(),
            )
          : undefined;
      if (delayMs === undefined) {
        this.#emit({
          type: 'error',
          provider: this.provider,
          operation: operation.name,
          attempt,
          error: outcome.error,
        });
        throw outcome.error;
      }
      this.#emit({
        type: 'retry',
        provider: this.provider,
        operation: operation.name,
        attempt,
        delayMs,
        reason: outcome.error.message,
      });
      try {
        await (this.#options.sleep ?? sleep)(delayMs, call.signal);
      } catch {
        // Aborted while waiting: nothing is in flight, so the abort is a clean stop.
        throw new UserAbortError(this.originOf(operation));
      }
    }
  }

  /** One attempt: a 2xx answer read in full, or the reason it failed. */
  async #attempt(
    operation: Operation,
    call: RequestOptions,
    request: Request,
    attempt: number,
  ): Promise<Response | AttemptFailure> {
    const timeoutMs = call.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = call.signal ? anySignal([call.signal, timeout.signal]) : timeout.signal;
    const started = this.#now();
    // `redirect: 'manual'`: a redirect comes back as an answer, and is never followed.
    const attemptRequest = new Request(request.clone(), { signal, redirect: 'manual' });
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await untilAborted(signal, this.#fetchAndRead(attemptRequest)));
    } catch (cause) {
      return this.#thrownFailure(operation, call, cause, timeout.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
      // Node's Request follows `signal` only through a WeakRef; keeping it reachable until
      // the answer is read keeps the abort wired to the fetch (and its socket) after a GC.
      keepAlive(attemptRequest);
    }

    const requestId = this.requestIdOf(response.headers);
    this.#emit({
      type: 'response',
      provider: this.provider,
      operation: operation.name,
      attempt,
      status: response.status,
      durationMs: this.#now() - started,
      requestId,
      headers: this.redactor.headers(response.headers),
    });

    if (response.status >= 200 && response.status < 300) {
      const body = text === '' && [204, 205].includes(response.status) ? null : text;
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      return {
        retryable: false,
        error: new RedirectError({
          ...this.originOf(operation),
          status: response.status,
          requestId,
          locationOrigin: locationOrigin(response.headers.get('location'), request.url),
        }),
      };
    }

    let body: unknown = text;
    try {
      body = parseJson(text);
    } catch {
      body = text.slice(0, 500); // an HTML error page, say: keep a bounded excerpt
    }
    const described =
      body !== null && typeof body === 'object' ? this.#options.describeError?.(body) : undefined;
    const error = this.apiError(operation, {
      status: response.status,
      headers: response.headers,
      body,
      code: described?.code,
      message: described?.message,
    });
    if (error instanceof RateLimitError) {
      // Refused before processing: safe to retry even for a refund.
      return { error, retryable: true, retryAfterMs: error.retryAfterMs };
    }
    if (response.status >= 500) {
      return operation.idempotent
        ? { error, retryable: true }
        : { error: this.#outcomeUnknown(operation, error), retryable: false };
    }
    return { error, retryable: operation.idempotent && response.status === 408 };
  }

  async #fetchAndRead(request: Request): Promise<{ response: Response; text: string }> {
    const response = await this.#fetch(request);
    return { response, text: await response.text() };
  }

  /** Classifies a thrown fetch: caller abort, timeout, or connection failure. */
  #thrownFailure(
    operation: Operation,
    call: RequestOptions,
    cause: unknown,
    timedOut: boolean,
    timeoutMs: number,
  ): AttemptFailure {
    const origin = this.originOf(operation);
    if (cause instanceof RefundkitError) return { error: cause, retryable: false };
    if (call.signal?.aborted) {
      const error = new UserAbortError(origin);
      return {
        error: operation.idempotent ? error : this.#outcomeUnknown(operation, error),
        retryable: false,
      };
    }
    if (timedOut) {
      const error = new TimeoutError(origin, timeoutMs);
      return operation.idempotent
        ? { error, retryable: true }
        : { error: this.#outcomeUnknown(operation, error), retryable: false };
    }
    const errorCode = systemErrorCode(cause);
    const requestNotSent = provesNotSent(errorCode);
    const error = new ConnectionError(origin, {
      errorCode,
      requestNotSent,
      cause: this.#safeCause(cause),
    });
    if (requestNotSent || operation.idempotent) return { error, retryable: true };
    return { error: this.#outcomeUnknown(operation, error), retryable: false };
  }

  #outcomeUnknown(operation: Operation, cause: RefundkitError): OutcomeUnknownError {
    const status = cause instanceof ApiError ? cause.status : undefined;
    const requestId = cause instanceof ApiError ? cause.requestId : undefined;
    return new OutcomeUnknownError(this.originOf(operation), cause, { status, requestId });
  }

  /** A copy of a low-level error with secrets masked from its message. */
  #safeCause(cause: unknown): Error {
    const message = cause instanceof Error ? cause.message : String(cause);
    const safe = new Error(this.redactor.string(message));
    safe.name = cause instanceof Error ? cause.name : 'Error';
    const code = systemErrorCode(cause);
    if (code) Object.assign(safe, { code });
    return safe;
  }

  async #redactedBody(request: Request): Promise<unknown> {
    const text = await request.clone().text();
    if (text === '') return undefined;
    try {
      return this.redactor.value(parseJson(text));
    } catch {
      return this.redactor.string(text);
    }
  }

  #emit(event: HttpEvent): void {
    try {
      this.#options.logger?.(event);
    } catch {
      // A failing logger must not change the outcome of a refund.
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #random(): number {
    return (this.#options.random ?? Math.random)();
  }
}

/** How a provider's failure is classified; the HTTP status decides unless a client says. */
export type ApiErrorKind =
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limit'
  | 'server'
  | 'other';

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 406 || status === 409) return 'conflict';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'other';
}

function locationOrigin(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts, whether or not the fetch
 * implementation honours the signal itself: an injected or wrapped `fetch` might not, and a
 * timeout must hold anyway.
 */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Marks a value as used, so it stays reachable up to this point. */
function keepAlive(value: unknown): void {
  if (value === keepAlive) throw new Error('unreachable');
}

/** `AbortSignal.any`, which Node has only since 20.3; `engines` promises every Node 20. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
