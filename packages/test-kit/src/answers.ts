/** Answers and failures a fake fetch gives, shaped as the real ones are. */

/** A JSON answer given as literal text (so ids above 2^53 can be written exactly). */
export function jsonText(
  text: string,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A JSON answer from a value. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonText(JSON.stringify(value), status, headers);
}

/**
 * What Node's fetch throws for a failed socket: `TypeError('fetch failed')` with the system
 * error as cause, carrying the step that failed (`syscall`) as Node's does: a refusal at
 * `connect` and a DNS failure at `getaddrinfo` prove nothing was sent, a reset on the open
 * connection (`read`) does not. `syscall` overrides that, e.g. ECONNREFUSED on a `read`.
 */
export function networkError(
  code: 'ECONNRESET' | 'ECONNREFUSED' | 'ENOTFOUND' | 'EHOSTUNREACH',
  message?: string,
  syscall: string = code === 'ENOTFOUND'
    ? 'getaddrinfo'
    : code === 'ECONNRESET'
      ? 'read'
      : 'connect',
): TypeError {
  const text = message ?? (code === 'ECONNRESET' ? 'socket hang up' : `${syscall} ${code}`);
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(text), { code, syscall }),
  });
}

/** `JSON.stringify` that writes bigints as digit strings, for asserting on log events. */
export function stringifyWithBigints(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  ) as string | undefined;
  return text ?? String(value);
}
