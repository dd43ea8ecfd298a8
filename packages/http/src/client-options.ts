import { checkHttpOptions } from './http-options.js';
import { InputCheck } from './input-check.js';
import { Redactor } from './redact.js';
import type { ClientHttpOptions } from './request-options.js';

/** The transport's option names, which every client accepts besides its own. */
export const CLIENT_HTTP_OPTION_KEYS: readonly string[] = [
  'fetch',
  'timeoutMs',
  'maxRetries',
  'logger',
  'retry',
];

/**
 * Begins checking a client's options, once, at creation, the same way for every client:
 * a plain object with only the client's own `keys` and {@link CLIENT_HTTP_OPTION_KEYS} (a
 * misspelt `timeoutMS` is refused, not ignored), the transport options checked, and an
 * `InputCheck` whose messages mask the credentials given under `secrets` even before they
 * are validated (a token pasted into the wrong option must not come back quoted).
 *
 * @returns the check, for the client's own options, the options object and the checked
 *   transport options.
 * @throws LocalValidationError naming the option.
 */
export function startClientOptions(
  provider: string,
  options: unknown,
  { keys, secrets }: { keys: readonly string[]; secrets: readonly string[] },
): {
  /** Checks the client's own options; its messages mask the credentials. */
  check: InputCheck;
  /** The options object, for the client's own keys. */
  given: Record<string, unknown>;
  /** The checked transport options (timeouts, retries, logger, fetch). */
  http: ClientHttpOptions;
} {
  const origin = { provider, operation: 'createClient' };
  // Not an object: the message quotes nothing, so no masking is needed yet.
  const object = new InputCheck(origin).object('options', options);
  const credentials = secrets.map((name) => object[name]);
  const check = new InputCheck(
    origin,
    new Redactor(credentials.filter((value): value is string => typeof value === 'string')),
  );
  const given = check.knownKeys('', object, [...keys, ...CLIENT_HTTP_OPTION_KEYS]);
  return { check, given, http: checkHttpOptions(check, '', given) };
}
