import {
  checkBaseUrl,
  startClientOptions,
  type ClientHttpOptions,
  type Int64,
  type Int64Input,
} from '@refundkit/http';

/** Keeta's production host (spec `servers`). No public sandbox host is documented. */
export const KEETA_BASE_URL = 'https://open.mykeeta.com/api/open';

/** Options of {@link createKeetaClient}. */
export interface KeetaClientOptions extends ClientHttpOptions {
  /** Your application's id on the Keeta Open Platform (int64; `number`, `bigint` or digits). */
  appId: Int64Input;
  /** Your application's AppSecret. Used only to sign; never sent, logged or put in an error. */
  appSecret: string;
  /** The merchant's OAuth access token (valid 90 days). Sent in every body; masked in logs and errors. */
  accessToken: string;
  /** Keeta's base URL. Default `https://open.mykeeta.com/api/open`; `http:` only for localhost. */
  baseUrl?: string;
  /** Current time in ms since the epoch, for the `timestamp` parameter (seconds). Default `Date.now`. */
  clock?: () => number;
}

/** Options after checking, with defaults applied. */
export interface CheckedClientOptions {
  appId: Int64;
  appSecret: string;
  accessToken: string;
  baseUrl: URL;
  clock: () => number;
  /** The transport options that were given (`fetch`, `timeoutMs`, `maxRetries`, `logger`, `retry`). */
  http: ClientHttpOptions;
}

/** Keeta's own option names (the transport's come from the kit); anything else is refused. */
const OPTION_KEYS: readonly (keyof KeetaClientOptions)[] = [
  'appId',
  'appSecret',
  'accessToken',
  'baseUrl',
  'clock',
];

/**
 * Checks {@link KeetaClientOptions} synchronously, once, when the client is created.
 * Errors mask the given credentials, so a token pasted into the wrong option is not quoted.
 *
 * @throws LocalValidationError naming the option (`appId`, `accessToken`, `baseUrl`, …).
 */
export function checkClientOptions(options: KeetaClientOptions): CheckedClientOptions {
  const { check, given, http } = startClientOptions('keeta', options, {
    keys: OPTION_KEYS,
    secrets: ['appSecret', 'accessToken'],
  });
  const appId = check.positiveInt64('appId', given['appId']);
  const appSecret = check.nonEmptyString('appSecret', given['appSecret']);
  const accessToken = check.nonEmptyString('accessToken', given['accessToken']);
  const baseUrl = checkBaseUrl('keeta', 'baseUrl', given['baseUrl'] ?? KEETA_BASE_URL);
  const clock = given['clock'] ?? Date.now;
  if (typeof clock !== 'function') check.fail('clock', 'function', 'must be a function');
  return { appId, appSecret, accessToken, baseUrl, clock: clock as () => number, http };
}
