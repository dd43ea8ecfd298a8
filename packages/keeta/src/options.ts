import {
  InputCheck,
  Redactor,
  checkBaseUrl,
  checkHttpOptions,
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

/** Every option name; anything else (a misspelt `timeoutMS`) is refused, not ignored. */
const OPTION_KEYS: readonly (keyof KeetaClientOptions)[] = [
  'appId',
  'appSecret',
  'accessToken',
  'baseUrl',
  'clock',
  'fetch',
  'timeoutMs',
  'maxRetries',
  'logger',
  'retry',
];

/**
 * Checks {@link KeetaClientOptions} synchronously, once, when the client is created.
 * Errors mask the given credentials, so a token pasted into the wrong option is not quoted.
 *
 * @throws LocalValidationError naming the option (`appId`, `accessToken`, `baseUrl`, …).
 */
export function checkClientOptions(options: KeetaClientOptions): CheckedClientOptions {
  const origin = { provider: 'keeta', operation: 'createClient' };
  const given = new InputCheck(origin).object('options', options);
  const credentials = [given['appSecret'], given['accessToken']];
  const check = new InputCheck(
    origin,
    new Redactor(credentials.filter((value): value is string => typeof value === 'string')),
  );
  check.knownKeys('', options, OPTION_KEYS);
  const appId = check.positiveInt64('appId', options.appId);
  const appSecret = check.nonEmptyString('appSecret', options.appSecret);
  const accessToken = check.nonEmptyString('accessToken', options.accessToken);
  const baseUrl = checkBaseUrl('keeta', 'baseUrl', options.baseUrl ?? KEETA_BASE_URL);
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    check.fail('clock', 'function', 'must be a function');
  }
  const http: ClientHttpOptions = checkHttpOptions(check, '', options);
  return { appId, appSecret, accessToken, baseUrl, clock: options.clock ?? Date.now, http };
}
