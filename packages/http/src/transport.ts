import {
  ApiError,
  InvalidResponseError,
  RedirectError,
  RefundkitError,
  UserAbortError,
  type ApiErrorDetails,
  type ErrorOrigin,
} from './errors.js';
import { describeEnvelope, envelopeData } from './envelope.js';
import { apiErrorOfKind, kindOfStatus } from './error-kind.js';
import type { HttpEvent } from './events.js';
import { checkRequestOptions } from './http-options.js';
import { InputCheck } from './input-check.js';
import { parseJson } from './json.js';
import { FailedAnswer, locationOrigin, successOrFailedAnswer } from './failed-answer.js';
import { PlannedRequest } from './planned-request.js';
import { requestEvent, responseEvent } from './request-events.js';
import { thrownFailure } from './thrown-failure.js';
import { Redactor } from './redact.js';
import type {
  Answer,
  Operation,
  ProviderAnswer,
  RequestOptions,
  TransportOptions,
} from './request-options.js';
import { retryDecision, outcomeUnknown, type AttemptFailure } from './retry-decision.js';
import { DEFAULT_MAX_RETRIES, parseRetryAfter, retryDelayMs } from './retry-policy.js';
import { sleep } from './sleep.js';

/** Default time an attempt may take, from sending to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-trace-id', 'traceid'];

/**
 * What a client passes to openapi-fetch for one attempt, spread into the call's options:
 * openapi-fetch then builds the one `Request` with `redirect: 'manual'` itself, and sends
 * it through this `fetch`, which adds the attempt's signal as `fetch(request, { signal })`.
 *
 * Why not `signal` on the Request: undici's `fetch(request)` always builds its own Request
 * that follows the given one's signal, so a signal on ours would be followed twice (a
 * WeakRef, a listener and a FinalizationRegistry entry each, ≈ 5 µs a call); given to
 * `fetch` it replaces the followed one, as cheap as no timeout at all.
 */
export interface AttemptInit {
  /** Redirects are never followed: the transport turns a 3xx into a `RedirectError`. */
  redirect: 'manual';
  /** Sends the request with this attempt's timeout and the caller's signal. */
  fetch: (request: Request) => Promise<Response>;
}

/** What one attempt returns: openapi-fetch's result, called with `parseAs: 'text'`. */
export interface AttemptResult {
  /** The body as text (the attempt was made with `parseAs: 'text'`), when openapi-fetch read one. */
  data?: unknown;
  /** The answer itself. */
  response: Response;
}

/**
 * Sends a client's requests: one origin, a timeout per attempt that covers the whole body,
 * money-safe retries ({@link retryDecision}), typed errors and redacted events.
 *
 * The hot path is {@link Transport.send}: the client gives it a function that makes one
 * openapi-fetch call with the {@link AttemptInit} spread in, so openapi-fetch builds the
 * request once and reads the body once, and nothing is cloned or wrapped. Log events are
 * built only when a logger is set.
 */
export class Transport {
  /** `keeta`, `shoplazza` or `kakaclo`: the provider named in this transport's errors. */
  readonly provider: string;
  /** The only origin (scheme, host, port) this transport sends to. */
  readonly origin: string;
  /** Masks this client's secrets; use it for anything derived from a response. */
  readonly redactor: Redactor;
  readonly #options: TransportOptions;
  readonly #fetch: typeof fetch;
  /** `origin/`: every URL this transport may send to starts with it. */
  readonly #originPrefix: string;
  readonly #describeError: TransportOptions['describeError'];

  /**
   * @param options - already checked by the client (`checkHttpOptions`): they are checked
   *   once, when the client is created, not on every call.
   */
  constructor(options: TransportOptions) {
    this.#options = options;
    this.provider = options.provider;
    this.origin = options.origin;
    this.#originPrefix = `${options.origin}/`;
    this.redactor = new Redactor(options.secrets);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#describeError = options.describeError ?? (options.envelope && describeEnvelope);
  }

  /** The `ErrorOrigin` of an operation, for building errors. */
  originOf(operation: Operation | string): ErrorOrigin {
    return {
      provider: this.provider,
      operation: typeof operation === 'string' ? operation : operation.name,
    };
  }

  /** An {@link InputCheck} for `operation` whose errors mask this client's secrets. */
  check(operation: Operation | string): InputCheck {
    return new InputCheck(this.originOf(operation), this.redactor);
  }

  /**
   * Runs attempts of `operation` until one gets a 2xx answer or {@link retryDecision} says
   * stop. `attempt` makes one openapi-fetch call with the given init spread into its options
   * and `parseAs: 'text'`.
   *
   * @param call - per-call options, already checked (`checkRequestOptions`).
   * @throws the typed error of the last attempt (`OutcomeUnknownError` for a write that may
   *   have been applied), or `UserAbortError` when the caller aborted before sending.
   */
  async send(
    operation: Operation,
    call: RequestOptions,
    attempt: (init: AttemptInit) => Promise<AttemptResult>,
  ): Promise<Answer> {
    const origin = this.originOf(operation);
    const maxRetries = call.maxRetries ?? this.#options.maxRetries ?? DEFAULT_MAX_RETRIES;
    for (let attemptNumber = 1; ; attemptNumber++) {
      // Aborted before this attempt left: nothing is in flight, so it is a clean stop even
      // for a refund (not an unknown outcome).
      if (call.signal?.aborted) throw new UserAbortError(origin);
      const outcome = await this.#attempt(operation, call, attempt, attemptNumber);
      if (!('kind' in outcome)) return outcome;

      const decision = retryDecision(operation, origin, outcome);
      const delayMs =
        decision.retry && attemptNumber <= maxRetries
          ? retryDelayMs(attemptNumber - 1, this.#options.retry ?? {}, decision.retryAfterMs, () =>
              this.#random(),
            )
          : undefined;
      if (delayMs === undefined) {
        if (this.#options.logger) {
          this.#emit({ type: 'error', ...origin, attempt: attemptNumber, error: decision.error });
        }
        throw decision.error;
      }
      if (this.#options.logger) {
        const reason = decision.error.message;
        this.#emit({ type: 'retry', ...origin, attempt: attemptNumber, delayMs, reason });
      }
      try {
        await (this.#options.sleep ?? sleep)(delayMs, call.signal);
      } catch {
        // Aborted while waiting: nothing is in flight, so the abort is a clean stop.
        throw new UserAbortError(origin);
      }
    }
  }

  /**
   * A `fetch` for one call of `operation`, for openapi-fetch's `fetch` option (the clients'
   * `raw`). Same guarantees as {@link Transport.send}; slower, since it must copy the
   * request for each attempt and hand openapi-fetch a fresh `Response`.
   */
  fetchFor(operation: Operation, call?: RequestOptions): (input: Request) => Promise<Response> {
    const { request: checked } = checkRequestOptions(this.check(operation), call);
    return async (input) => {
      // The caller's own `signal` (openapi-fetch puts it on the Request) counts too: the
      // transport sends with its own signal, which would otherwise replace it.
      const signal = checked.signal
        ? AbortSignal.any([checked.signal, input.signal])
        : input.signal;
      const options: RequestOptions = { ...checked, signal };
      const { response, text } = await this.send(operation, options, async (init) => {
        const copy = new Request(input.clone(), { redirect: init.redirect });
        const answer = await init.fetch(copy);
        return { data: await answer.text(), response: answer };
      });
      const body = text === '' && [204, 205].includes(response.status) ? null : text;
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  /**
   * The error for a 2xx answer that is not what the provider documents (wrong envelope,
   * missing fields): an {@link InvalidResponseError}, or for a write an
   * `OutcomeUnknownError`, because the provider may have applied it.
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
    return operation.idempotent ? error : outcomeUnknown(this.originOf(operation), error);
  }

  /**
   * The `data` of a 2xx answer in the provider's envelope (the `envelope` option): see
   * {@link envelopeData}. A client whose envelope is the same for every call uses this.
   *
   * @throws ApiError for a failure code; InvalidResponseError (for a write:
   *   `OutcomeUnknownError`) when the body is not the envelope.
   */
  envelopeData(operation: Operation, answer: Answer): unknown {
    const { envelope } = this.#options;
    if (envelope === undefined) throw new TypeError(`${this.provider}: no envelope configured`);
    return envelopeData(this, operation, answer, envelope);
  }

  /**
   * Parses a 2xx answer's body as lossless JSON. An unreadable body is an
   * {@link InvalidResponseError}, or, for a write, an `OutcomeUnknownError`.
   */
  parseBody(operation: Operation, answer: Answer): unknown {
    try {
      return parseJson(answer.text);
    } catch (cause) {
      throw this.invalidAnswer(
        operation,
        answer.response,
        // Masked before cutting: a secret across the cut would leave its first half.
        this.redactor.string(answer.text).slice(0, 500),
        'is not JSON' + (cause instanceof Error ? ` (${cause.message})` : ''),
      );
    }
  }

  /**
   * Builds the typed error for a provider's answer: by HTTP status, or by `kind` for
   * envelope errors that arrive with HTTP 200 (Keeta, KakaClo, Shoplazza 2024-07).
   */
  apiError(operation: Operation, answer: ProviderAnswer): ApiError {
    const details: ApiErrorDetails = {
      ...this.originOf(operation),
      status: answer.status,
      requestId: this.requestIdOf(answer.headers),
      // A provider may echo a token inside its error code (`InvalidToken:<token>`).
      code: typeof answer.code === 'string' ? this.redactor.string(answer.code) : answer.code,
      providerMessage:
        answer.message === undefined ? undefined : this.redactor.string(answer.message),
      body: this.redactor.value(answer.body),
    };
    const kind = answer.kind ?? kindOfStatus(answer.status);
    const retryAfter =
      kind === 'rate_limit' ? parseRetryAfter(answer.headers, this.#now()) : undefined;
    return apiErrorOfKind(kind, details, retryAfter);
  }

  /** The provider's request id from response headers, if present. */
  requestIdOf(headers: Headers): string | undefined {
    for (const name of this.#options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) {
      const value = headers.get(name);
      if (value) return this.redactor.string(value);
    }
    return undefined;
  }

  /** One attempt: a 2xx answer read in full, or why it failed. */
  async #attempt(
    operation: Operation,
    call: RequestOptions,
    attempt: (init: AttemptInit) => Promise<AttemptResult>,
    attemptNumber: number,
  ): Promise<Answer | AttemptFailure> {
    const timeoutMs = call.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = new AbortController();
    const callSignal = call.signal;
    const signal = callSignal ? AbortSignal.any([callSignal, timeout.signal]) : timeout.signal;
    const logger = this.#options.logger;
    const started = logger ? this.#now() : 0;
    let sent = false;

    // Rejected by the timer or the caller's abort, so the attempt ends on time even when the
    // fetch ignores its signal. The timer rejects it directly: no listener per attempt.
    let stop: (reason: unknown) => void = noop;
    const stopped = new Promise<never>((_resolve, reject) => {
      stop = reject;
    });
    const timer = setTimeout(() => {
      timeout.abort();
      stop(timeout.signal.reason);
    }, timeoutMs);
    const onCallerAbort = callSignal
      ? () => {
          stop(callSignal.reason);
        }
      : undefined;
    if (onCallerAbort) callSignal?.addEventListener('abort', onCallerAbort, { once: true });

    const fetchOnce = (request: Request): Promise<Response> => {
      // Clients build every URL from the configured base URL, so this is a bug guard: a
      // request carrying credentials must never leave for another origin.
      if (!request.url.startsWith(this.#originPrefix)) {
        throw new RefundkitError(
          `${this.provider} ${operation.name}: refused to send a request outside ${this.origin}`,
          this.originOf(operation),
        );
      }
      const go = (): Promise<Response> => {
        // The attempt may have ended (timer, caller) while the log event was being built:
        // it was reported as not sent, so it must not be sent now.
        if (signal.aborted) return Promise.reject(signal.reason as Error);
        sent = true;
        const answer =
          request instanceof PlannedRequest
            ? this.#fetch(request.url, {
                method: request.method,
                headers: request.headers,
                body: request.body,
                redirect: 'manual',
                signal,
              })
            : this.#fetch(request, { signal });
        return answer.then(successOrFailedAnswer);
      };
      return logger ? this.#emitRequest(operation, request, attemptNumber).then(go) : go();
    };

    try {
      const init: AttemptInit = { redirect: 'manual', fetch: fetchOnce };
      // openapi-fetch reads the 2xx body (`parseAs: 'text'`) before this settles, so the
      // timer covers it.
      const { data, response } = await Promise.race([attempt(init), stopped]);
      if (logger) this.#emitResponse(operation, response, attemptNumber, started);
      return { response, text: typeof data === 'string' ? data : '' };
    } catch (cause) {
      if (cause instanceof FailedAnswer) {
        const { answer } = cause;
        if (logger) this.#emitResponse(operation, answer.response, attemptNumber, started);
        return { kind: 'answer', error: this.#answerError(operation, answer) };
      }
      return thrownFailure(this.originOf(operation), this.redactor, {
        cause,
        sent,
        callerAborted: call.signal?.aborted === true,
        timedOut: timeout.signal.aborted,
        timeoutMs,
      });
    } finally {
      clearTimeout(timer);
      if (onCallerAbort) callSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** The typed error of a non-2xx answer. */
  #answerError(operation: Operation, { response, text }: Answer): ApiError {
    if (response.status >= 300 && response.status < 400) {
      const target = locationOrigin(response.headers.get('location'), response.url || this.origin);
      return new RedirectError({
        ...this.originOf(operation),
        status: response.status,
        requestId: this.requestIdOf(response.headers),
        locationOrigin: target === undefined ? undefined : this.redactor.string(target),
      });
    }
    let body: unknown;
    try {
      body = parseJson(text);
    } catch {
      // An HTML error page, say: keep a bounded excerpt, masked before it is cut.
      body = this.redactor.string(text).slice(0, 500);
    }
    const described =
      body !== null && typeof body === 'object' ? this.#describeError?.(body) : undefined;
    return this.apiError(operation, {
      status: response.status,
      headers: response.headers,
      body,
      code: described?.code,
      message: described?.message,
    });
  }

  #emitRequest(operation: Operation, request: Request, attempt: number): Promise<void> {
    return requestEvent(this.redactor, this.originOf(operation), request, attempt).then((event) => {
      this.#emit(event);
    });
  }

  #emitResponse(operation: Operation, response: Response, attempt: number, started: number): void {
    this.#emit(
      responseEvent(this.redactor, this.originOf(operation), response, {
        attempt,
        durationMs: this.#now() - started,
        requestId: this.requestIdOf(response.headers),
      }),
    );
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

function noop(): void {
  // nothing to do
}
