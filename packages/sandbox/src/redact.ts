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
 * `text` with every occurrence of a known secret value replaced by {@link REDACTED}. Masking
 * by key name alone misses a credential pasted into a free-text field (`remark`), an unknown
 * query parameter or a custom header; the sandbox knows its own credentials, so it masks them
 * wherever they appear.
 */
export function maskSecretValues(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (masked.includes(secret)) masked = masked.replaceAll(secret, REDACTED);
  }
  return masked;
}

/**
 * A copy of a JSON-like value with every credential masked, at any depth, whichever provider
 * sent it: values under a credential key, and any string holding one of `secrets` (the
 * sandbox's configured credentials); every `bigint` (an id beyond 2^53) as its digits, so the
 * copy goes through `JSON.stringify`. The ledger and the request log keep only such copies,
 * so neither ever holds a secret. One pass, no serialising: cheap enough for every request.
 */
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return maskSecretValues(value, secrets);
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, secrets));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        maskSecretValues(key, secrets),
        isSecretKey(key) ? REDACTED : redact(inner, secrets),
      ]),
    );
  }
  return value;
}
