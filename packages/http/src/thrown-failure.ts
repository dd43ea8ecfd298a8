import {
  ConnectionError,
  RefundkitError,
  TimeoutError,
  UserAbortError,
  type ErrorOrigin,
} from './errors.js';
import { provesNotSent, systemErrorCode } from './network-failure.js';
import type { Redactor } from './redact.js';
import type { AttemptFailure } from './retry-decision.js';

/** What is known about an attempt that threw instead of answering. */
export interface ThrownAttempt {
  /** What was thrown. */
  cause: unknown;
  /** Whether the request reached `fetch` at all. */
  sent: boolean;
  /** The caller's `signal` had aborted. */
  callerAborted: boolean;
  /** The attempt's own timer had fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/**
 * Classifies a thrown attempt for {@link retryDecision}: refused locally, caller abort,
 * timeout, or a connection failure (with whether its code proves nothing was sent).
 */
export function thrownFailure(
  origin: ErrorOrigin,
  redactor: Redactor,
  attempt: ThrownAttempt,
): AttemptFailure {
  const { cause, sent, callerAborted, timedOut, timeoutMs } = attempt;
  if (cause instanceof RefundkitError) return { kind: 'refused', error: cause };
  if (!sent) {
    // Nothing reached `fetch`, so nothing can have been applied: a clean stop, never an
    // unknown outcome. (openapi-fetch could not build the request, or the call was aborted
    // or timed out while the request was still being built.)
    if (callerAborted) return { kind: 'refused', error: new UserAbortError(origin) };
    if (timedOut) return { kind: 'refused', error: new TimeoutError(origin, timeoutMs) };
    const message = `${origin.provider} ${origin.operation}: could not build the request (${safeCause(redactor, cause).message})`;
    return { kind: 'refused', error: new RefundkitError(message, origin) };
  }
  if (callerAborted) return { kind: 'aborted' };
  if (timedOut) return { kind: 'timeout', timeoutMs };
  const errorCode = systemErrorCode(cause);
  const error = new ConnectionError(origin, {
    errorCode,
    requestNotSent: provesNotSent(cause),
    cause: safeCause(redactor, cause),
  });
  return { kind: 'connection', error };
}

/** A copy of a low-level error with secrets masked from its message (errors keep no request). */
function safeCause(redactor: Redactor, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  const safe = new Error(redactor.string(message));
  safe.name = cause instanceof Error ? cause.name : 'Error';
  const code = systemErrorCode(cause);
  if (code) Object.assign(safe, { code });
  return safe;
}
