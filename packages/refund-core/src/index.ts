/**
 * One refund API over Keeta, Shoplazza and KakaClo. One idempotency key is at most one
 * refund, across retries, redeliveries, crashes and concurrent callers; an ambiguous outcome
 * is settled by asking the provider, never by sending again blind.
 *
 * Adapters live in subpaths (`@refundkit/refund-core/kakaclo`, `/keeta`, `/shoplazza`), so
 * a service bundles only the providers it uses; the durable store is
 * `@refundkit/refund-core/sqlite`.
 *
 * @module @refundkit/refund-core
 */
export { createRefunds } from './refunds.js';
export type {
  RecoveredRefund,
  Resolution,
  RefundCallOptions,
  RefundEvent,
  RefundRef,
  Refunds,
  RefundsOptions,
} from './refunds.js';
export type {
  KakacloRefundLine,
  KakacloRefundRequest,
  KeetaReasonCode,
  KeetaRefundRequest,
  ProviderName,
  RefundLine,
  RefundRequest,
  RefundRequestCommon,
  ShoplazzaRefund2022Request,
  ShoplazzaRefund2024Line,
  ShoplazzaRefund2024Request,
  ShoplazzaRefundRequest,
} from './request.js';
export type {
  Reconciliation,
  RefundFailure,
  RefundResult,
  RefundStatus,
  UnknownOutcome,
} from './result.js';
export type { Money } from './money.js';
export { capabilities, CAPABILITIES } from './capabilities.js';
export type { Capabilities } from './capabilities.js';
export type {
  PreparedRefund,
  PreviewLine,
  PreviewRequest,
  Proof,
  ProviderAdapter,
  ProviderCall,
  Refreshed,
  RefundPreview,
  SentRefund,
} from './adapter.js';
export {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  RefundNotFoundError,
  UnsupportedOperationError,
  WebhookError,
} from './errors.js';
export type {
  ClaimInput,
  ClaimOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  InFlightChange,
  InFlightPhase,
} from './store.js';
export { MemoryIdempotencyStore } from './stores/memory-store.js';
export type { RefundStatusEvent, WebhookOutcome } from './webhook-event.js';
export type { RefundManyItem, RefundManyOptions, RefundManyProgress } from './refund-many.js';
export type { WaitOptions } from './wait.js';
export type { RateLimit } from './rate-limit.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
// The clients' error classes, so `instanceof` works with one import.
export * from '@refundkit/http/errors';
