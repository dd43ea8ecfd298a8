import { LocalValidationError } from '@refundkit/http';

/** The domain every Shoplazza store is served under. */
export const SHOPLAZZA_DOMAIN = 'myshoplaza.com';

// One DNS label: letters, digits and inner hyphens, 1 to 63 characters. Checked on the
// caller's text *before* lower-casing: `toLowerCase` maps some non-ASCII characters to ASCII
// (the Kelvin sign U+212A becomes `k`), which must not turn a foreign name into a valid one.
// The suffix test is ASCII case-insensitive for the same reason (a non-unicode `/i` regex
// never maps a non-ASCII character to an ASCII one).
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const FULL_HOST = /^(.+)\.myshoplaza\.com$/i;

/**
 * Reads the `shop` option: the store's subdomain label, given either bare (`mystore`) or as
 * its full host (`mystore.myshoplaza.com`). Nothing else is accepted: no scheme, port, path,
 * user info, extra dots or surrounding whitespace, so the access token can only ever go to
 * `https://<label>.myshoplaza.com`. DNS names are case-insensitive, so upper case is accepted
 * and lower-cased.
 *
 * @returns the lower-case label.
 * @throws LocalValidationError naming `shop`.
 * @example shopLabel('MyStore.myshoplaza.com') // 'mystore'
 */
export function shopLabel(value: unknown): string {
  const fail = (message: string): never => {
    throw new LocalValidationError(
      { provider: 'shoplazza', operation: 'createClient' },
      'shop',
      'shop_label',
      message,
    );
  };
  if (typeof value !== 'string') return fail('must be a string such as "mystore"');
  const label = FULL_HOST.exec(value)?.[1] ?? value;
  if (!LABEL.test(label)) {
    fail(
      `must be the store's subdomain, "mystore" or "mystore.${SHOPLAZZA_DOMAIN}" ` +
        '(letters, digits and inner hyphens, at most 63 characters; no scheme, port, path or dots)',
    );
  }
  return label.toLowerCase();
}

/**
 * The Admin OpenAPI origin of a store.
 * @example shopOrigin('mystore') // 'https://mystore.myshoplaza.com'
 */
export function shopOrigin(label: string): string {
  return `https://${label}.${SHOPLAZZA_DOMAIN}`;
}
