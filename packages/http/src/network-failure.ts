/**
 * Tells a failure that provably happened before the request left this process from one that
 * may have happened after. Only the first kind is safe to retry for a refund write.
 *
 * Node's fetch (undici) throws `TypeError('fetch failed')` with the system error as `cause`
 * (sometimes nested one level deeper, e.g. inside an AggregateError for multi-address DNS).
 * The code alone does not prove it: Linux can report ECONNREFUSED, EHOSTUNREACH or
 * ENETUNREACH on a connection that is already open (an ICMP error surfacing on a read or
 * write, after the request was written). Only the step that failed, the error's `syscall`,
 * does: `connect` and DNS lookups happen before any byte is sent.
 */

/** Codes that prove nothing was sent when the connect or DNS step raised them. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The steps before a connection exists. */
const PRE_CONNECTION_SYSCALLS = new Set(['connect', 'getaddrinfo']);

/** undici's own code for a connect that timed out; it raises it only while connecting. */
const CONNECT_TIMEOUT = 'UND_ERR_CONNECT_TIMEOUT';

interface SystemError {
  code: string;
  syscall: string | undefined;
}

/** The first system error (`code`, `syscall`) in an error's `cause` chain, or AggregateError members. */
function systemErrors(error: unknown): SystemError[] {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const { code, syscall, errors, cause } = current as {
      code?: unknown;
      syscall?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
      return [{ code, syscall: typeof syscall === 'string' ? syscall : undefined }];
    }
    if (Array.isArray(errors) && errors.length > 0) return errors.flatMap(systemErrors);
    current = cause;
  }
  return [];
}

function provesNotSentOne({ code, syscall }: SystemError): boolean {
  if (code === CONNECT_TIMEOUT) return true;
  return NOT_SENT_CODES.has(code) && syscall !== undefined && PRE_CONNECTION_SYSCALLS.has(syscall);
}

/**
 * The system error code to report for a failure: with several addresses, the first that
 * does not prove "not sent" (the interesting one), else the first.
 */
export function systemErrorCode(error: unknown): string | undefined {
  const found = systemErrors(error);
  return (found.find((e) => !provesNotSentOne(e)) ?? found[0])?.code;
}

/**
 * True when the failure proves the request was never sent: every system error in it came
 * from the connect or DNS step with a code that means no connection (or was undici's
 * connect timeout).
 */
export function provesNotSent(error: unknown): boolean {
  const found = systemErrors(error);
  return found.length > 0 && found.every(provesNotSentOne);
}
