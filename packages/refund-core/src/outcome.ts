import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  LocalValidationError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  UserAbortError,
} from '@refundkit/http';

/**
 * What a client's error means for the refund it was sending. The clients already decide
 * whether a write may have been applied (`OutcomeUnknownError` when it may); this only sorts
 * their classes:
 * - `not_sent`: provably nothing applied (rejected before sending, connection never opened,
 *   429, aborted before sending) or refused for reasons outside the refund (credentials,
 *   permissions): the record is released so the caller can retry with the same key.
 * - `refused`: the provider answered and said no: stored as `failed` and replayed.
 * - `ambiguous`: it may have been applied: reconcile.
 */
export type SendFailure = 'not_sent' | 'refused' | 'ambiguous';

export function classifySendError(error: unknown): SendFailure {
  if (
    error instanceof OutcomeUnknownError ||
    // The clients turn these into OutcomeUnknownError for writes; should one get through, a
    // 5xx, a redirect or an unreadable answer still proves nothing.
    error instanceof InternalServerError ||
    error instanceof InvalidResponseError ||
    error instanceof RedirectError
  ) {
    return 'ambiguous';
  }
  if (
    error instanceof LocalValidationError ||
    error instanceof RateLimitError ||
    error instanceof UserAbortError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    (error instanceof ConnectionError && error.requestNotSent)
  ) {
    return 'not_sent';
  }
  if (error instanceof ApiError) return 'refused';
  // Anything else (a ConnectionError that may have been sent, a bug): assume it may have
  // been applied. Reconciling a refund that was never sent costs one query; the other
  // mistake costs a double refund.
  return 'ambiguous';
}
