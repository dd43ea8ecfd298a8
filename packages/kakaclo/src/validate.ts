import { checkHttpOptions, type InputCheck, type RequestOptions } from '@refundkit/http';

/** An id KakaClo puts in a URL path: a string as KakaClo gave it, or an integer. */
export type KakacloId = string | number | bigint;

/**
 * Checks an id that goes into a URL path and returns it as a string. A string passes through
 * as given (KakaClo's ids are opaque) if it is safe in a path segment (not `.`, `..`, empty,
 * padded with whitespace or holding control characters); openapi-fetch then percent-encodes
 * it. A number must be a positive safe integer and a bigint positive and within 64 bits.
 *
 * @throws LocalValidationError naming `field`.
 */
export function checkId(check: InputCheck, field: string, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(check.positiveInt64(field, value));
  }
  return check.pathId(field, value);
}

/**
 * Checks one call's `RequestOptions` and returns them (an empty object when absent).
 *
 * @throws LocalValidationError naming the option, e.g. `options.timeoutMs`.
 */
export function checkRequestOptions(check: InputCheck, options: unknown): RequestOptions {
  if (options === undefined) return {};
  const checked = check.object('options', options) as RequestOptions;
  checkHttpOptions(check, 'options.', checked);
  return checked;
}

/**
 * Checks a bearer token: a non-empty string with no whitespace or control characters (a
 * token pasted with its `Bearer ` prefix, or with a trailing newline, would otherwise fail
 * at KakaClo or, worse, split the header). The message never contains the token.
 *
 * @throws LocalValidationError naming `accessToken`.
 */
export function checkAccessToken(check: InputCheck, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    check.fail('accessToken', 'non_empty_string', 'must be a non-empty string');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    check.fail(
      'accessToken',
      'bearer_token',
      'must not contain whitespace or control characters (pass the token without "Bearer ")',
    );
  }
  return value;
}
