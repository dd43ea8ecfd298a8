import type { FaultRule } from './faults.js';
import { KAKACLO_CODES } from './providers/kakaclo.js';
import { KEETA_CODES } from './providers/keeta.js';
import { SHOPLAZZA_CODES } from './providers/shoplazza.js';
import { maskSecretValues, redact, isSecretKey, REDACTED } from './redact.js';
import type { RequestOutcome, StoredRequest } from './request-log.js';
import type { ProviderName, Violation } from './spec.js';

/** Provider codes that mean success (anything else in `code` is a refusal). */
const SUCCESS_CODES: Record<ProviderName, unknown> = {
  keeta: KEETA_CODES.success,
  kakaclo: KAKACLO_CODES.success,
  shoplazza: SHOPLAZZA_CODES.success,
};

/**
 * What the pipeline notes about one provider request while it handles it: plain assignments
 * to one object, nothing copied or serialised until the request is over (`toLogged`).
 */
export interface RequestTrace {
  readonly id: string;
  /** Sandbox clock (ms) when it arrived. */
  readonly receivedAt: number;
  readonly method: string;
  /** Path and raw query string, as received. */
  readonly url: URL;
  readonly headers: Record<string, string | string[] | undefined>;
  provider?: ProviderName;
  operation?: string;
  shop?: string;
  orderId?: string;
  /** 0 until an answer is written (and when the connection is dropped instead). */
  status: number;
  answer?: unknown;
  /** The parsed body (still holding credentials: masked by `toLogged`). */
  body?: unknown;
  bodyNote?: string;
  violations: readonly Violation[];
  faults: FaultRule[];
  /** A fault answered instead of the provider. */
  faultAnswered: boolean;
  cancelled: boolean;
  ledger: readonly string[];
}

/** A fresh trace for a request that just arrived. */
export function startTrace(
  id: string,
  receivedAt: number,
  method: string,
  url: URL,
  headers: RequestTrace['headers'],
): RequestTrace {
  return {
    id,
    receivedAt,
    method,
    url,
    headers,
    status: 0,
    violations: [],
    faults: [],
    faultAnswered: false,
    cancelled: false,
    ledger: [],
  };
}

/**
 * The log record of a finished request: the verdict worked out from the answer, bodies,
 * headers and query copied with every credential masked (the same keys as the ledger's),
 * the bodies kept as compact JSON text (`StoredRequest`).
 */
export function toLogged(
  trace: RequestTrace,
  secrets: readonly string[] = [],
): Omit<StoredRequest, 'seq'> {
  const verdict = judge(trace);
  const mask = (text: string) => maskSecretValues(text, secrets);
  return {
    id: trace.id,
    at: new Date(trace.receivedAt).toISOString(),
    method: trace.method,
    path: maskedPath(trace.url, secrets),
    ...(trace.provider === undefined ? {} : { provider: trace.provider }),
    ...(trace.operation === undefined ? {} : { operation: trace.operation }),
    ...(trace.shop === undefined ? {} : { shop: trace.shop }),
    ...(trace.orderId === undefined ? {} : { orderId: trace.orderId }),
    status: trace.status,
    outcome: verdict.outcome,
    ...(verdict.code === undefined ? {} : { code: verdict.code }),
    ...(verdict.message === undefined ? {} : { message: mask(verdict.message) }),
    violations: trace.violations.map((v) => ({ ...v, message: mask(v.message) })),
    faults: trace.faults.map((fault) => ({ id: fault.id, kind: fault.kind })),
    ledger: trace.ledger,
    headers: maskedHeaders(trace.headers, secrets),
    ...(trace.body === undefined ? {} : { bodyJson: JSON.stringify(redact(trace.body, secrets)) }),
    ...(trace.bodyNote === undefined ? {} : { bodyNote: trace.bodyNote }),
    ...(trace.answer === undefined
      ? {}
      : { answerJson: JSON.stringify(redact(trace.answer, secrets)) }),
  };
}

function judge(trace: RequestTrace): { outcome: RequestOutcome; code?: string; message?: string } {
  const answer = trace.answer as Record<string, unknown> | undefined;
  const rawCode = answer?.['code'];
  const success = trace.provider === undefined ? undefined : SUCCESS_CODES[trace.provider];
  const codeRefuses = rawCode !== undefined && rawCode !== success;
  const refused = trace.status >= 400 || codeRefuses;
  const message = refused ? messageOf(answer) : undefined;
  const code =
    codeRefuses && (typeof rawCode === 'number' || typeof rawCode === 'string')
      ? String(rawCode)
      : undefined;
  const details = {
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  };
  if (trace.cancelled) return { outcome: 'cancelled' };
  if (trace.faultAnswered) return { outcome: 'fault', ...details };
  if (trace.ledger.length > 0) return { outcome: 'applied' };
  return { outcome: refused ? 'refused' : 'answered', ...details };
}

/** `message`, `error` or Shoplazza's `errors`, whichever the answer has. */
function messageOf(answer: Record<string, unknown> | undefined): string | undefined {
  const text = answer?.['message'] ?? answer?.['error'];
  if (typeof text === 'string') return text;
  const errors = answer?.['errors'];
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : '')).join('; ');
  return undefined;
}

function maskedHeaders(
  headers: RequestTrace['headers'],
  secrets: readonly string[],
): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    masked[name] = isSecretKey(name) ? REDACTED : maskSecretValues(text, secrets);
  }
  return masked;
}

/** The path with credential query parameters masked, and any secret value in a segment or value. */
function maskedPath(url: URL, secrets: readonly string[]): string {
  const pathname = url.pathname
    .split('/')
    .map((segment) => (holdsSecret(decoded(segment), secrets) ? REDACTED : segment))
    .join('/');
  if (url.search === '') return pathname;
  const query = new URLSearchParams(url.search);
  const masked = new URLSearchParams();
  for (const [name, value] of query) {
    masked.append(
      maskSecretValues(name, secrets),
      isSecretKey(name) ? REDACTED : maskSecretValues(value, secrets),
    );
  }
  return `${pathname}?${masked.toString()}`;
}

function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => text.includes(secret));
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
