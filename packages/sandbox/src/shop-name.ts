/**
 * Shoplazza shop names, as the path segment `/shoplazza/<shop>` carries them: a DNS label
 * (a shop is `<shop>.myshoplaza.com`), 1 to 63 letters, digits and inner hyphens. Compared
 * case-insensitively as DNS does, so the canonical form is lower case. The segment is never
 * percent-decoded: a label has nothing to encode, so `%2F` (or any `%`) simply fails the check.
 */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The canonical (lower-case) shop name, or `undefined` when `raw` is not a DNS label. */
export function canonicalShop(raw: string): string | undefined {
  return DNS_LABEL.test(raw) ? raw.toLowerCase() : undefined;
}
