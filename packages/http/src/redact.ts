/**
 * Keeps secrets out of errors and log events. Two nets, because either alone leaks:
 * names (a header or body field called `accessToken` is masked whatever its value) and
 * values (a configured secret is masked wherever it appears, e.g. echoed in a provider's
 * error message or embedded in a URL).
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Field and header names whose values are always masked (compared case-insensitively). */
const SECRET_NAMES = new Set([
  'accesstoken',
  'access_token',
  'access-token',
  'appsecret',
  'app_secret',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'sig',
  'signature',
  'secret',
  'token',
  'password',
  'x-api-key',
  'api_key',
  'apikey',
  'refresh_token',
  'refreshtoken',
]);

/** True when a field or header of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** Masks known secret values and secret-named fields. Create one per client. */
export class Redactor {
  readonly #secrets: string[];

  /** @param secrets - the literal secret values to mask wherever they appear (tokens, app secrets). */
  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so a secret containing another is masked whole. Very short values are
    // skipped: masking "1" everywhere would destroy messages without protecting anything.
    // Each secret is also masked as JSON writes it inside a string (`"` and `\` escaped):
    // messages quote bad values with JSON.stringify, and bodies are JSON.
    const given = secrets.filter((s): s is string => !!s && s.length >= 4);
    const escaped = given.map((secret) => JSON.stringify(secret).slice(1, -1));
    this.#secrets = [...new Set([...given, ...escaped])].sort((a, b) => b.length - a.length);
  }

  /** Masks every configured secret inside a string. */
  string(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** A deep copy of a JSON-like value with secret-named fields and secret values masked. */
  value(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        copy[key] = isSecretName(key) ? REDACTED : this.value(item);
      }
      return copy;
    }
    return value;
  }

  /** Headers as a plain object, with secret-named headers and secret values masked. */
  headers(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      result[name] = isSecretName(name) ? REDACTED : this.string(value);
    });
    return result;
  }

  /** A URL with secret-named query parameters and secret values masked. */
  url(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return this.string(url);
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (isSecretName(name)) parsed.searchParams.set(name, REDACTED);
    }
    parsed.username = '';
    parsed.password = '';
    return this.string(parsed.toString());
  }
}
