import {
  ApiError,
  ConnectionError,
  OutcomeUnknownError,
  RateLimitError,
  RedirectError,
  TimeoutError,
  UserAbortError,
  type ErrorOrigin,
  type RefundkitError,
} from './errors.js';
import type { Operation } from './request-options.js';

/**
 * The one place that decides whether a failed attempt may be sent again, as a pure function
 * of the operation and what happened. A refund write (`idempotent: false`) is resent only
 * when the failure proves the provider never processed it: nothing left the process
 * (connection refused, DNS) or the provider refused it before processing (429). Every other
 * failure of a write becomes {@link OutcomeUnknownError}, because the refund may have been
 * applied.
 *
 * | failure                              | read (`idempotent`) | refund write             |
 * | ------------------------------------ | ------------------- | ------------------------ |
 * | connection refused / DNS / connect timeout | retry         | retry                    |
 * | other connection failure (reset, …)  | retry               | OutcomeUnknownError      |
 * | attempt timeout                      | retry               | OutcomeUnknownError      |
 * | caller abort while in flight         | UserAbortError      | OutcomeUnknownError      |
 * | 429                                  | retry               | retry                    |
 * | 5xx                                  | retry               | OutcomeUnknownError      |
 * | 408                                  | retry               | error, not retried       |
 * | 3xx                                  | RedirectError       | OutcomeUnknownError      |
 * | other 4xx                            | error               | error                    |
 */
export type AttemptFailure =
  | {
      /** The provider answered with a failure (non-2xx, or an envelope error code). */
      kind: 'answer';
      /** The typed error of that answer. */
      error: ApiError;
    }
  | {
      /** No answer within the attempt's timeout. */
      kind: 'timeout';
      /** The timeout that ran out, in milliseconds. */
      timeoutMs: number;
    }
  | {
      /** The caller's signal aborted the attempt while it was in flight. */
      kind: 'aborted';
    }
  | {
      /** The connection failed (refused, DNS, reset, …). */
      kind: 'connection';
      /** The typed error; its `requestNotSent` says whether the request could have arrived. */
      error: ConnectionError;
    }
  | {
      /** Stopped in this process before sending (e.g. a URL outside the origin, an abort). */
      kind: 'refused';
      /** The error to throw as it is. */
      error: RefundkitError;
    };

/** What to do after a failed attempt. */
export interface RetryDecision {
  /** Whether another attempt may follow (if retries are left). */
  retry: boolean;
  /** The error to throw when no attempt follows. */
  error: RefundkitError;
  /** The wait the provider asked for (429 `Retry-After`). */
  retryAfterMs?: number | undefined;
}

/** Decides whether `failure` of `operation` may be retried, and the error otherwise. */
export function retryDecision(
  operation: Operation,
  origin: ErrorOrigin,
  failure: AttemptFailure,
): RetryDecision {
  const write = !operation.idempotent;
  switch (failure.kind) {
    case 'refused':
      return { retry: false, error: failure.error };
    case 'aborted': {
      const error = new UserAbortError(origin);
      return { retry: false, error: write ? outcomeUnknown(origin, error) : error };
    }
    case 'timeout': {
      const error = new TimeoutError(origin, failure.timeoutMs);
      return write
        ? { retry: false, error: outcomeUnknown(origin, error) }
        : { retry: true, error };
    }
    case 'connection': {
      const { error } = failure;
      if (error.requestNotSent || !write) return { retry: true, error };
      return { retry: false, error: outcomeUnknown(origin, error) };
    }
    case 'answer': {
      const { error } = failure;
      // Never followed. For a write a redirect proves nothing: a 303 ("done, see there") and
      // the 301/302 used the same way mean the refund was processed.
      if (error instanceof RedirectError) {
        return { retry: false, error: write ? outcomeUnknown(origin, error) : error };
      }
      if (error instanceof RateLimitError) {
        return { retry: true, error, retryAfterMs: error.retryAfterMs };
      }
      if (error.status >= 500) {
        return write
          ? { retry: false, error: outcomeUnknown(origin, error) }
          : { retry: true, error };
      }
      return { retry: !write && error.status === 408, error };
    }
  }
}

/** The {@link OutcomeUnknownError} wrapping `cause`, keeping its status and request id. */
export function outcomeUnknown(origin: ErrorOrigin, cause: RefundkitError): OutcomeUnknownError {
  const status = cause instanceof ApiError ? cause.status : undefined;
  const requestId = cause instanceof ApiError ? cause.requestId : undefined;
  return new OutcomeUnknownError(origin, cause, { status, requestId });
}
