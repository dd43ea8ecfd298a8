import {
  checkBaseUrl,
  startClientOptions,
  type ClientHttpOptions,
  type InputCheck,
} from '@refundkit/http';

/**
 * KakaClo's production base URL, as its pages name it, and the default. The pages do not
 * confirm that production repeats `/openapi` before the endpoint paths the way the test host
 * does, which is why `baseUrl` is configurable.
 */
export const KAKACLO_BASE_URL = 'https://developer.kakaclo.com/openapi';

/**
 * KakaClo's test host, the one its Refund Order examples call
 * (`https://test-developer.kakaclo.com/openapi/openapi/v2/...`).
 *
 * @example createKakacloClient({ accessToken, baseUrl: KAKACLO_TEST_BASE_URL })
 */
export const KAKACLO_TEST_BASE_URL = 'https://test-developer.kakaclo.com/openapi';

/** Options of `createKakacloClient`. */
export interface KakacloClientOptions extends ClientHttpOptions {
  /** The bearer token issued in KakaClo's business manager, without the `Bearer ` prefix. */
  accessToken: string;
  /**
   * Base URL the endpoint paths (`/openapi/v2/...`) are appended to. Default
   * {@link KAKACLO_BASE_URL}; {@link KAKACLO_TEST_BASE_URL} is the test host. Must be https
   * (http only for localhost, e.g. a sandbox).
   */
  baseUrl?: string;
}

/** KakaClo's own option names (the transport's come from the kit); anything else is refused. */
const OPTION_KEYS = ['accessToken', 'baseUrl'];

/**
 * Checks the client's options once, at creation: only known keys (a misspelt `timeoutMS`
 * would otherwise be ignored and leave the default timeout), a bearer token, an https base
 * URL and the transport options.
 *
 * @throws LocalValidationError naming the option.
 */
export function checkClientOptions(options: unknown): {
  check: InputCheck;
  accessToken: string;
  url: URL;
  http: ClientHttpOptions;
} {
  const { check, given, http } = startClientOptions('kakaclo', options, {
    keys: OPTION_KEYS,
    secrets: ['accessToken'],
  });
  const accessToken = checkAccessToken(check, given['accessToken']);
  const url = checkBaseUrl('kakaclo', 'baseUrl', given['baseUrl'] ?? KAKACLO_BASE_URL);
  return { check, accessToken, url, http };
}

/**
 * A bearer token: a non-empty string with no whitespace or control characters (a token
 * pasted with its `Bearer ` prefix, or with a trailing newline, would otherwise fail at
 * KakaClo or, worse, split the header). The message never contains the token.
 */
function checkAccessToken(check: InputCheck, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    check.fail('accessToken', 'non_empty_string', 'must be a non-empty string');
  }
  // Visible ASCII only: it goes into the Authorization header, which cannot carry whitespace,
  // control characters or anything above U+00FF (every call would then fail to build).
  if (!/^[\x21-\x7e]+$/.test(value)) {
    check.fail(
      'accessToken',
      'bearer_token',
      'must be visible ASCII without spaces (pass the token without "Bearer ")',
    );
  }
  return value;
}
