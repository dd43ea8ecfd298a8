/**
 * What every refundkit client shares: typed errors, a transport with timeouts, money-safe
 * retries and redaction, lossless JSON, exact money, input checks and envelope unwrapping.
 * Nothing provider-specific lives here; a client fills the slots (see CONTRIBUTING.md,
 * "Adding a provider").
 *
 * @module @refundkit/http
 */
export * from './errors.js';
export type { HttpEvent, Logger } from './events.js';
export { Transport, DEFAULT_TIMEOUT_MS } from './transport.js';
export type { AttemptInit, AttemptResult } from './transport.js';
export { PlannedRequest, PLANNED_REQUEST } from './planned-request.js';
export type {
  Answer,
  ClientHttpOptions,
  Operation,
  ProviderAnswer,
  ProviderErrorDescription,
  RequestOptions,
  TransportOptions,
} from './request-options.js';
export { kindOfStatus } from './error-kind.js';
export type { ApiErrorKind } from './error-kind.js';
export { retryDecision } from './retry-decision.js';
export type { AttemptFailure, RetryDecision } from './retry-decision.js';
export { envelopeData, describeEnvelope } from './envelope.js';
export type { EnvelopeReader } from './envelope.js';
export type { EnvelopeSlots } from './envelope-slots.js';
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
export { checkCurrency, checkDecimalAmount } from './money-check.js';
export { checkBaseUrl, baseUrlString } from './base-url.js';
export { checkHttpOptions, checkRequestOptions, REQUEST_OPTION_KEYS } from './http-options.js';
export { startClientOptions, CLIENT_HTTP_OPTION_KEYS } from './client-options.js';
export { parseRetryAfter, retryDelayMs, DEFAULT_MAX_RETRIES } from './retry-policy.js';
export { sleep } from './sleep.js';
export type { RetryOptions } from './retry-policy.js';
