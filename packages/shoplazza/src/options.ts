import {
  baseUrlString,
  checkBaseUrl,
  checkCurrency,
  checkRequestOptions,
  startClientOptions,
  type ClientHttpOptions,
  type InputCheck,
  type RequestOptions,
} from '@refundkit/http';
import { SHOPLAZZA_UNKNOWN_CURRENCY_DECIMALS } from './money.js';
import { shopLabel, shopOrigin } from './shop.js';

/** Options of {@link createShoplazzaClient}. Unknown keys are refused (a misspelt `timeoutMS`). */
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

/** Options of one call; they override the client's. Unknown keys are refused. */
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

/** Shoplazza's own option names (the transport's come from the kit); anything else is refused. */
const CLIENT_OPTION_KEYS = ['shop', 'accessToken', 'baseUrl', 'currency'];

// Visible ASCII only. A header value with a line break makes `Headers` throw a TypeError
// that quotes the value, i.e. the token; a real token never needs anything else.
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Checks {@link ShoplazzaClientOptions} once, at client creation, and works out where
 * requests go.
 * @throws LocalValidationError naming the option (`shop`, `accessToken`, `options.timeoutMS`, …).
 */
export function resolveOptions(options: ShoplazzaClientOptions): ResolvedOptions {
  const started = startClientOptions('shoplazza', options, {
    keys: CLIENT_OPTION_KEYS,
    secrets: ['accessToken'],
  });
  const { check, http } = started;
  const given = started.given as Partial<Record<keyof ShoplazzaClientOptions, unknown>>;

  const accessToken = given.accessToken;
  if (typeof accessToken !== 'string' || !TOKEN.test(accessToken)) {
    // Never echo the value: it is (or is close to) a secret.
    return check.fail(
      'accessToken',
      'access_token',
      'must be a non-empty string of visible ASCII characters (no spaces or line breaks)',
    );
  }

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
      ? SHOPLAZZA_UNKNOWN_CURRENCY_DECIMALS
      : checkCurrency(check, 'currency', given.currency);

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
 * Checks one call's options once: the shared ones and `currency`; anything else is refused.
 * @returns the transport options and the decimals money fields may have.
 * @throws LocalValidationError naming `options.<name>`.
 */
export function resolveRequestOptions(
  check: InputCheck,
  options: unknown,
  clientDecimals: number,
): { request: RequestOptions; decimals: number } {
  const { request, given } = checkRequestOptions(check, options, ['currency']);
  const currency = given['currency'];
  const decimals =
    currency === undefined ? clientDecimals : checkCurrency(check, 'options.currency', currency);
  return { request, decimals };
}
