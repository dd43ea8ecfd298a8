export { startSandbox, DEFAULT_CREDENTIALS } from './start.js';
export type { Sandbox, SandboxOptions, SandboxStats } from './sandbox.js';
export { PUBLISHED_RATE_LIMITS } from './rate-limit.js';
export type { RateLimit, RateLimits } from './rate-limit.js';
export { DEFAULT_SEED } from './default-seed.js';
export type {
  Seed,
  KeetaOrder,
  KeetaProduct,
  ShoplazzaOrder,
  ShoplazzaLineItem,
  KakacloOrder,
  KakacloItem,
} from './orders.js';
export type { LedgerEntry, LedgerLine } from './ledger.js';
export type { FiredFault, LoggedRequest, RequestOutcome } from './request-log.js';
export { FAULT_KINDS } from './faults.js';
export type { FaultKind, FaultSpec, FaultRule } from './faults.js';
export type { SandboxCredentials } from './provider.js';
export { compileOperations, loadSpec } from './spec.js';
export type {
  OpenApiDocument,
  OpenApiResponse,
  ProviderName,
  SpecOperation,
  Violation,
} from './spec.js';
export { KEETA_CODES } from './providers/keeta.js';
export {
  KEETA_REFUND_WEBHOOK_STATUSES,
  RefundAlreadySettledError,
  UnknownRefundError,
} from './providers/keeta-webhook.js';
export type { KeetaRefundOutcome, KeetaWebhook } from './providers/keeta-webhook.js';
export { SHOPLAZZA_CODES } from './providers/shoplazza.js';
export { KAKACLO_CODES } from './providers/kakaclo.js';
