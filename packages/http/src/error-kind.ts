import {
  ApiError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
  type ApiErrorDetails,
} from './errors.js';

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

/** The kind an HTTP status means when the provider's own code says nothing more. */
export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 406 || status === 409) return 'conflict';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'other';
}

/** The {@link ApiError} subclass for a kind. */
export function apiErrorOfKind(
  kind: ApiErrorKind,
  details: ApiErrorDetails,
  retryAfterMs?: number,
): ApiError {
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
      return new RateLimitError({ ...details, retryAfterMs });
    case 'server':
      return new InternalServerError(details);
    default:
      return new ApiError(details);
  }
}
