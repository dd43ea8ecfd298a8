export * from './errors.js';
export type { HttpEvent, Logger } from './events.js';
export { Transport, DEFAULT_TIMEOUT_MS } from './transport.js';
export type {
  ApiErrorKind,
  ClientHttpOptions,
  Operation,
  RequestOptions,
  TransportOptions,
} from './transport.js';
export { Redactor, REDACTED, isSecretName } from './redact.js';
export { parseJson, stringifyJson } from './json.js';
export { toInt64 } from './int64.js';
export type { Int64, Int64Input } from './int64.js';
export {
  currencyDecimals,
  decimalPlaces,
  fromMinorUnits,
  isDecimalString,
  toMinorUnits,
} from './money.js';
export { InputCheck } from './input-check.js';
export { checkBaseUrl, baseUrlString } from './base-url.js';
export { checkHttpOptions } from './http-options.js';
export { parseRetryAfter, retryDelayMs, DEFAULT_MAX_RETRIES } from './retry-policy.js';
export type { RetryOptions } from './retry-policy.js';
