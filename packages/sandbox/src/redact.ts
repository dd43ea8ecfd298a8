/**
 * Keys whose values are credentials, in bodies and headers alike: Keeta's `accessToken`,
 * `sig` and app secret, Shoplazza's `access-token` header, `Authorization`, cookies.
 */
const SECRET_KEYS =
  /^(access[-_]?token|sig|signature|app[-_]?secret|authorization|proxy-authorization|cookie|set-cookie)$/i;

/** What a masked value is replaced by. */
export const REDACTED = '[REDACTED]';

/** Whether the value under `key` is a credential the sandbox never keeps. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

/**
 * A copy of a JSON-like value with every credential masked, at any depth, whichever provider
 * sent it, and every `bigint` (an id beyond 2^53) as its digits, so the copy goes through
 * `JSON.stringify`. The ledger and the request log keep only such copies, so neither ever
 * holds a secret. One pass, no serialising: cheap enough for every request.
 */
export function redact(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        isSecretKey(key) ? REDACTED : redact(inner),
      ]),
    );
  }
  return value;
}
