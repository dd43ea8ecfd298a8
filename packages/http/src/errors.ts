/**
 * One error hierarchy for every refundkit client. Every class extends {@link RefundkitError},
 * so `catch (e) { if (e instanceof RefundkitError) … }` covers all of them, and each failure
 * kind has its own class, so callers branch with `instanceof` rather than on strings.
 *
 * Secrets never reach these objects: messages and bodies pass through the client's redactor
 * before construction, no `Request` (which would carry credentials) is kept, and `toJSON()`
 * lists exactly the fields that may be serialised.
 *
 * @module @refundkit/http/errors
 */

/** Which provider and which operation an error came from. */
export interface ErrorOrigin {
  /** `keeta`, `shoplazza` or `kakaclo`. */
  readonly provider: string;
  /** The operation id from the provider's spec, e.g. `applyPartialRefund`. */
  readonly operation: string;
}

/** Base class of every error refundkit throws. */
export class RefundkitError extends Error {
  /** The class's name (`'RefundkitError'`, `'ApiError'`, …), so logs show which kind it is. */
  override name = 'RefundkitError';
  /** `keeta`, `shoplazza` or `kakaclo`: the provider the failed call went to. */
  readonly provider: string;
  /** The operation id from the provider's spec, e.g. `applyPartialRefund`. */
  readonly operation: string;

  constructor(message: string, origin: ErrorOrigin, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.provider = origin.provider;
    this.operation = origin.operation;
  }

  /** The fields that are safe to serialise; `JSON.stringify(error)` uses this. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== 'name') json[key] = jsonSafe(value);
    }
    return json;
  }
}

/** A copy with every `bigint` (a lossless id) as a digit string, which `JSON.stringify` accepts. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/** Details of a provider's answer, shared by every {@link ApiError}. */
export interface ApiErrorDetails extends ErrorOrigin {
  /** HTTP status of the answer (200 for Keeta and KakaClo business errors). */
  readonly status: number;
  /** The provider's request id from the response headers, when it sent one. */
  readonly requestId?: string | undefined;
  /** The provider's own error code (`"InvalidParameter"`, `10001`, …), when it sent one. */
  readonly code?: string | number | bigint | undefined;
  /** The provider's own message, redacted. */
  readonly providerMessage?: string | undefined;
  /** The parsed (redacted) response body, or its text when it was not JSON. */
  readonly body?: unknown;
}

/**
 * The provider answered, and the answer was a failure. Subclasses name the kind; an
 * `ApiError` itself is a failure refundkit could not classify further.
 */
export class ApiError extends RefundkitError {
  override name = 'ApiError';
  /** HTTP status of the answer (200 for Keeta and KakaClo business errors). */
  readonly status: number;
  /** The provider's request id from the response headers, when it sent one. */
  readonly requestId: string | undefined;
  /** The provider's own error code (`"InvalidParameter"`, `10001`, …), when it sent one. */
  readonly code: string | number | bigint | undefined;
  /** The provider's own message, redacted. */
  readonly providerMessage: string | undefined;
  /** The parsed (redacted) response body, or its text when it was not JSON. */
  readonly body: unknown;

  constructor(details: ApiErrorDetails, message?: string) {
    super(message ?? describeApiError(details), details);
    this.status = details.status;
    this.requestId = details.requestId;
    this.code = details.code;
    this.providerMessage = details.providerMessage;
    this.body = details.body;
  }
}

function describeApiError(details: ApiErrorDetails): string {
  const parts = [`${details.provider} ${details.operation} failed with HTTP ${details.status}`];
  if (details.code !== undefined) parts.push(`code ${String(details.code)}`);
  let message = parts.join(', ');
  if (details.providerMessage) message += `: ${details.providerMessage}`;
  if (details.requestId) message += ` (request id ${details.requestId})`;
  return message;
}

/** 401, or a business code meaning the credentials were refused. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** 403: the credentials are valid but lack the scope (e.g. Shoplazza's `write_order`). */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}

/** 404: the order, line or refund does not exist. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 406 or 409: the resource is in a state that forbids the call (e.g. not refundable). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** 400 or 422, or a business code meaning the provider rejected the request's content. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
}

/** 429: too many requests. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** How long the provider asked to wait, from `retry-after-ms` or `Retry-After`. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails & { retryAfterMs?: number | undefined }) {
    super(details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 5xx from a call that is safe to repeat (for a refund write see {@link OutcomeUnknownError}). */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}

/**
 * The provider answered with a redirect. refundkit never follows one: a redirect to another
 * origin must not receive credentials, and a refund must not be sent twice.
 */
export class RedirectError extends ApiError {
  override name = 'RedirectError';
  /** The origin (scheme, host and port only) the answer pointed to. */
  readonly locationOrigin: string | undefined;

  constructor(details: ApiErrorDetails & { locationOrigin?: string | undefined }) {
    super(
      details,
      `${details.provider} ${details.operation} answered HTTP ${details.status} with a redirect` +
        (details.locationOrigin ? ` to ${details.locationOrigin}` : '') +
        '; redirects are not followed',
    );
    this.locationOrigin = details.locationOrigin;
  }
}

/** A success status whose body was not the JSON the provider documents. */
export class InvalidResponseError extends ApiError {
  override name = 'InvalidResponseError';
}

/**
 * The request never reached the provider (connection refused, DNS failure) or the connection
 * failed for a call that is safe to repeat. For a refund write whose request may have been
 * delivered, refundkit throws {@link OutcomeUnknownError} instead.
 */
export class ConnectionError extends RefundkitError {
  override name = 'ConnectionError';
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, …), when there was one. */
  readonly errorCode: string | undefined;
  /** True when the request provably never left this process (nothing could have happened). */
  readonly requestNotSent: boolean;

  constructor(
    origin: ErrorOrigin,
    details: { errorCode?: string | undefined; requestNotSent: boolean; cause?: unknown },
  ) {
    super(
      `${origin.provider} ${origin.operation}: could not reach the provider` +
        (details.errorCode ? ` (${details.errorCode})` : ''),
      origin,
      { cause: details.cause },
    );
    this.errorCode = details.errorCode;
    this.requestNotSent = details.requestNotSent;
  }
}

/** No answer within the timeout (a call that is safe to repeat). */
export class TimeoutError extends RefundkitError {
  override name = 'TimeoutError';
  /** The timeout that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(origin: ErrorOrigin, timeoutMs: number, options?: { cause?: unknown }) {
    super(
      `${origin.provider} ${origin.operation}: no answer within ${timeoutMs} ms`,
      origin,
      options,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `signal` aborted the call before it completed. */
export class UserAbortError extends RefundkitError {
  override name = 'UserAbortError';

  constructor(origin: ErrorOrigin) {
    super(`${origin.provider} ${origin.operation}: aborted by the caller`, origin);
  }
}

/**
 * A write (a refund) may or may not have been applied: the request may have reached the
 * provider, but its answer was lost (timeout after sending, connection reset, 5xx, an
 * unreadable success body, or the caller aborted mid-flight). refundkit never resends such a
 * call by itself; reconcile first (KakaClo's refund query, Keeta's refundable-items preview).
 * `cause` holds the underlying error.
 */
export class OutcomeUnknownError extends RefundkitError {
  override name = 'OutcomeUnknownError';
  /** HTTP status, when an answer arrived but could not be trusted (5xx, unreadable body). */
  readonly status: number | undefined;
  /** The provider's request id, when an answer arrived with one. */
  readonly requestId: string | undefined;

  constructor(
    origin: ErrorOrigin,
    cause: RefundkitError,
    details?: { status?: number | undefined; requestId?: string | undefined },
  ) {
    super(
      `${origin.provider} ${origin.operation}: outcome unknown, the request may have been ` +
        `applied (${cause.message}). It was not resent; check its status before retrying.`,
      origin,
      { cause },
    );
    this.status = details?.status;
    this.requestId = details?.requestId;
  }
}

/**
 * Input rejected before anything was sent. `field` is a path into the call's arguments
 * (`products[0].refundCount`), `rule` a short machine-readable name of the broken rule.
 */
export class LocalValidationError extends RefundkitError {
  override name = 'LocalValidationError';
  /** Path of the rejected value in the call's arguments, e.g. `products[0].refundCount`. */
  readonly field: string;
  /** Short machine-readable name of the broken rule, e.g. `integer` or `required`. */
  readonly rule: string;

  constructor(origin: ErrorOrigin, field: string, rule: string, message: string) {
    super(`${origin.provider} ${origin.operation}: ${field}: ${message}`, origin);
    this.field = field;
    this.rule = rule;
  }
}
