/**
 * Tells a failure that provably happened before the request left this process from one that
 * may have happened after. Only the first kind is safe to retry for a refund write.
 *
 * Node's fetch (undici) throws `TypeError('fetch failed')` with the system error as `cause`
 * (sometimes nested one level deeper, e.g. inside an AggregateError for multi-address DNS).
 */

/** Codes raised before a TCP connection existed, so nothing was sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The system error code somewhere in an error's `cause` chain, if any. */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map(systemErrorCode);
      // Every address refused: still not sent. Mixed: report the first, treat as maybe-sent.
      if (codes.every((c) => c !== undefined && NOT_SENT_CODES.has(c))) return codes[0];
      return codes.find((c) => c !== undefined && !NOT_SENT_CODES.has(c)) ?? codes[0];
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the code proves the request was never sent. */
export function provesNotSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}
