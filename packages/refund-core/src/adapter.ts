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
  /** The provider this adapter speaks to. */
  readonly provider: ProviderName;
  /** What the provider can do (see {@link capabilities}). */
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
  /** `succeeded` when the provider refunded at once, `pending` when it decides later. */
  readonly status: 'succeeded' | 'pending';
  /** The provider's refund id, when it gave one. */
  readonly refundId?: string;
  /** The provider's request id, when it sent one. */
  readonly requestId?: string;
  /** The client's return value, ids as exact strings. */
  readonly raw: unknown;
}

/**
 * What reconciliation proved. An applied refund may already be final at the provider,
 * `failed` included (KakaClo lists `refund_failed`).
 */
export type Proof =
  | {
      /** The provider has the refund. */
      readonly outcome: 'applied';
      /** What was compared, in words (ids and counts, never secrets). */
      readonly evidence: string;
      /** The refund as the provider has it. */
      readonly refund: Omit<SentRefund, 'status'> & {
        /** Its status at the provider, which may already be final. */
        readonly status: 'succeeded' | 'pending' | 'failed';
      };
    }
  | {
      /** `not_applied`: proven absent; `inconclusive`: nothing could be proven. */
      readonly outcome: 'not_applied' | 'inconclusive';
      /** What was compared, in words (ids and counts, never secrets). */
      readonly evidence: string;
    };

/** A pending refund's state at the provider. */
export interface Refreshed {
  /** The refund's status at the provider now. */
  readonly status: 'succeeded' | 'pending' | 'failed';
  /** The provider's refund id, when it gave one. */
  readonly refundId?: string;
  /** The provider's answer, ids as exact strings. */
  readonly raw: unknown;
}

/** What `preview` takes: the order (and Keeta's shop). */
export interface PreviewRequest {
  /** The provider that holds the order (only `keeta` can preview). */
  readonly provider: ProviderName;
  /** The provider's order id. */
  readonly orderId: string;
  /** Keeta's store id (`shopId`), in decimal digits; required for Keeta. */
  readonly shopId?: string;
}

/** Refundable items in the unified shape. */
export interface RefundPreview {
  /** The provider that holds the order. */
  readonly provider: ProviderName;
  /** The provider's order id. */
  readonly orderId: string;
  /** The lines that can be refunded. */
  readonly lines: readonly PreviewLine[];
  /** The provider's answer, ids as exact strings. */
  readonly raw: unknown;
}

/** One refundable line. */
export interface PreviewLine {
  /** The provider's id of the order line, for {@link RefundLine.lineId}. */
  readonly lineId: string;
  /** The product's name, when the provider gives one. */
  readonly name?: string;
  /** Units bought. */
  readonly quantity?: number;
  /** Units that can still be refunded. */
  readonly refundableQuantity: number;
  /** Unit price as the provider formats it (`'SAR 24.00'`): Keeta sends text, not numbers. */
  readonly unitPriceText?: string;
}
