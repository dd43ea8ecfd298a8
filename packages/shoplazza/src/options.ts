import {
  InputCheck,
  baseUrlString,
  checkBaseUrl,
  type ClientHttpOptions,
  type RequestOptions,
  checkHttpOptions,
} from '@refundkit/http';
import { shopLabel, shopOrigin } from './shop.js';
import { UNKNOWN_CURRENCY_DECIMALS } from './validate.js';

/** Options of {@link createShoplazzaClient}. */
export interface ShoplazzaClientOptions extends ClientHttpOptions {
  /**
   * The store: its subdomain label (`mystore`) or full host (`mystore.myshoplaza.com`);
   * upper case is lower-cased. Required unless `baseUrl` is given.
   */
  shop?: string;
  /** The app's access token for the store, sent as the `access-token` header. Needs `write_order`. */
  accessToken: string;
  /**
   * Replaces `https://<shop>.myshoplaza.com`, e.g. the sandbox with a per-shop path prefix
   * (`http://127.0.0.1:4010/shoplazza/mystore`). Must be `https:` (`http:` only for
   * localhost). When given, `shop` is optional, and is checked but not used to build URLs.
   */
  baseUrl?: string;
  /**
   * ISO 4217 code of the store's order currency (`USD`, `JPY`, `KWD`). Money fields may then
   * have at most that currency's decimals; without it, at most 3. A call can override it.
   */
  currency?: string;
}

/** Options of one call; they override the client's. */
export interface ShoplazzaRequestOptions extends RequestOptions {
  /** ISO 4217 code of this order's currency, overriding the client's `currency`. */
  currency?: string;
}

/** Client options after checking. */
export interface ResolvedOptions {
  shop: string | undefined;
  baseUrl: string;
  origin: string;
  accessToken: string;
  /** Decimals money fields may have when a call names no currency. */
  decimals: number;
  http: ClientHttpOptions;
}

// Visible ASCII only. A header value with a line break makes `Headers` throw a TypeError
// that quotes the value, i.e. the token; a real token never needs anything else.
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Checks {@link ShoplazzaClientOptions} and works out where requests go.
 * @throws LocalValidationError naming the option (`shop`, `accessToken`, `baseUrl`, …).
 */
export function resolveOptions(options: ShoplazzaClientOptions): ResolvedOptions {
  const check = new InputCheck({ provider: 'shoplazza', operation: 'createClient' });
  const given = check.object('options', options) as Partial<ShoplazzaClientOptions>;

  if (typeof given.accessToken !== 'string' || !TOKEN.test(given.accessToken)) {
    // Never echo the value: it is (or is close to) a secret.
    check.fail(
      'accessToken',
      'access_token',
      'must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    );
  }
  const accessToken = given.accessToken as string;

  const shop = given.shop === undefined ? undefined : shopLabel(given.shop);
  let baseUrl: URL;
  if (given.baseUrl !== undefined) {
    baseUrl = checkBaseUrl('shoplazza', 'baseUrl', given.baseUrl);
  } else if (shop !== undefined) {
    baseUrl = new URL(shopOrigin(shop));
  } else {
    return check.fail('shop', 'required', 'is required (or give baseUrl)');
  }

  const decimals =
    given.currency === undefined
      ? UNKNOWN_CURRENCY_DECIMALS
      : check.currency('currency', given.currency);

  const http: ClientHttpOptions = checkHttpOptions(check, '', given);

  return {
    shop,
    baseUrl: baseUrlString(baseUrl),
    origin: baseUrl.origin,
    accessToken,
    decimals,
    http,
  };
}

/**
 * Checks one call's options.
 * @returns the transport options and the decimals money fields may have.
 * @throws LocalValidationError naming `options.<name>`.
 */
export function resolveRequestOptions(
  check: InputCheck,
  options: ShoplazzaRequestOptions | undefined,
  clientDecimals: number,
): { request: RequestOptions; decimals: number } {
  if (options === undefined) return { request: {}, decimals: clientDecimals };
  const given = check.object('options', options) as ShoplazzaRequestOptions;
  const { timeoutMs, maxRetries, signal } = checkHttpOptions(check, 'options.', given);
  const request: RequestOptions = {};
  if (timeoutMs !== undefined) request.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) request.maxRetries = maxRetries;
  if (signal !== undefined) request.signal = signal;
  const decimals =
    given.currency === undefined
      ? clientDecimals
      : check.currency('options.currency', given.currency);
  return { request, decimals };
}
