import type { InputCheck, RequestOptions } from '@refundkit/http';
import type { Capabilities } from './capabilities.js';
import type { Money } from './money.js';
import type { ProviderName, RefundRequest } from './request.js';
import type { RefundResult, UnknownOutcome } from './result.js';

/**
 * The seam between refund-core and one provider. An adapter maps the unified request to its
 * client's call and back, and knows how to prove whether an ambiguous refund was applied. It
 * owns no HTTP (the client does) and no idempotency (refund-core does). Built by
 * `keetaAdapter`, `shoplazzaAdapter`, `kakacloAdapter` from the package's subpaths.
 */
export interface ProviderAdapter {
  readonly provider: ProviderName;
  readonly capabilities: Capabilities;
  /**
   * Checks the provider-specific part of a request (the common fields are checked already)
   * and returns it normalised. Throws `LocalValidationError` naming the field.
   */
  prepare(request: RefundRequest, check: InputCheck): PreparedRefund;
  /**
   * Reads, before sending, what reconciliation will compare against (Keeta's refundable
   * counts, KakaClo's refund numbers of the order). JSON-safe; `undefined` when the provider
   * offers nothing to compare.
   */
  snapshot(prepared: PreparedRefund, call: ProviderCall): Promise<unknown>;
  /** Sends the refund once. Throws the client's errors unchanged. */
  send(prepared: PreparedRefund, call: ProviderCall): Promise<SentRefund>;
  /** Asks the provider whether the refund was applied, against the snapshot. */
  reconcile(prepared: PreparedRefund, baseline: unknown, call: ProviderCall): Promise<Proof>;
  /** What the caller must check when nothing can be proven. */
  unknownAdvice(prepared: PreparedRefund): UnknownOutcome;
  /** The provider's current view of a pending refund, when it can be queried. */
  refresh?(prepared: PreparedRefund, result: RefundResult, call: ProviderCall): Promise<Refreshed>;
  /** Keeta only: the refundable items. */
  preview?(request: PreviewRequest, call: ProviderCall): Promise<RefundPreview>;
}

/** Runs one provider call: waits for the rate limiter, then passes per-call options. */
export interface ProviderCall {
  <T>(run: (options: RequestOptions) => Promise<T>): Promise<T>;
  /** The caller's signal, also passed to every call. */
  readonly signal: AbortSignal | undefined;
}

/** A request checked and normalised by its adapter. */
export interface PreparedRefund {
  /** The normalised request: what is fingerprinted, stored and replayed to `recover()`. */
  readonly request: RefundRequest;
  /** The order the per-order lock names (`kakaclo:10001`, `shoplazza:demo-store:1232123`). */
  readonly orderKey: string;
  /** The rate-limit bucket (`shoplazza:demo-store`). */
  readonly bucket: string;
  /** The amount, when the request states it. */
  readonly amount?: Money;
}

/** What a provider answered to an accepted refund. */
export interface SentRefund {
  readonly status: 'succeeded' | 'pending';
  readonly refundId?: string;
  readonly requestId?: string;
  readonly raw: unknown;
}

/**
 * What reconciliation proved. An applied refund may already be final at the provider,
 * `failed` included (KakaClo lists `refund_failed`).
 */
export type Proof =
  | {
      readonly outcome: 'applied';
      readonly evidence: string;
      readonly refund: Omit<SentRefund, 'status'> & {
        readonly status: 'succeeded' | 'pending' | 'failed';
      };
    }
  | { readonly outcome: 'not_applied' | 'inconclusive'; readonly evidence: string };

/** A pending refund's state at the provider. */
export interface Refreshed {
  readonly status: 'succeeded' | 'pending' | 'failed';
  readonly refundId?: string;
  readonly raw: unknown;
}

/** What `preview` takes: the order (and Keeta's shop). */
export interface PreviewRequest {
  readonly provider: ProviderName;
  readonly orderId: string;
  readonly shopId?: string;
}

/** Refundable items in the unified shape. */
export interface RefundPreview {
  readonly provider: ProviderName;
  readonly orderId: string;
  readonly lines: readonly PreviewLine[];
  readonly raw: unknown;
}

/** One refundable line. */
export interface PreviewLine {
  readonly lineId: string;
  readonly name?: string;
  /** Units bought. */
  readonly quantity?: number;
  /** Units that can still be refunded. */
  readonly refundableQuantity: number;
  /** Unit price as the provider formats it (`'SAR 24.00'`): Keeta sends text, not numbers. */
  readonly unitPriceText?: string;
}
