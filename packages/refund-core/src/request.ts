import type { Money } from './money.js';

/** The providers refund-core speaks to. */
export type ProviderName = 'keeta' | 'shoplazza' | 'kakaclo';

/** What every refund request carries, whichever provider holds the order. */
export interface RefundRequestCommon {
  /**
   * The caller's key for this one refund: 1–255 printable ASCII characters (space to `~`).
   * The same key is at most one refund, however often it is sent. Mint it from what the
   * refund is for (the message id, `order-123:return-7`), never per attempt.
   */
  readonly idempotencyKey: string;
  /** The provider's order id, as a string (Keeta's `orderViewId` in decimal digits). */
  readonly orderId: string;
  /**
   * A note kept with the refund's record (part of its fingerprint); sent to Shoplazza 2024-07
   * as `note`, the only provider with a field for it.
   */
  readonly note?: string;
}

/** One order line and how many of its units to refund. */
export interface RefundLine {
  /** The provider's id of the order line (Keeta `orderProductId`, Shoplazza line item id). */
  readonly lineId: string;
  /** Units to refund: a positive integer. */
  readonly quantity: number;
}

/** Keeta's standard reason codes (`partRefundType`); 200000 is "other", which needs a text. */
export type KeetaReasonCode = 200001 | 200002 | 200003 | 200004;

/**
 * A Keeta partial refund: some units of some products. Keeta decides it asynchronously, so a
 * sent refund is `pending` until its webhook (event 1007) is applied with `applyWebhook`.
 *
 * @example
 * { provider: 'keeta', idempotencyKey: 'k-1', orderId: '756823555555859', shopId: '466663',
 *   lines: [{ lineId: '1234534224', quantity: 1 }], reason: { code: 200001 } }
 */
export interface KeetaRefundRequest extends RefundRequestCommon {
  /** Which provider holds the order. */
  readonly provider: 'keeta';
  /** Keeta's store id (`shopId`), in decimal digits. */
  readonly shopId: string;
  /** At least one line; Keeta has no whole-order refund here. */
  readonly lines: readonly RefundLine[];
  /** `code` is `partRefundType`; `text` is `partRefundReason`, required with code 200000. */
  readonly reason:
    | {
        /** 200000: other reasons, explained in `text`. */
        readonly code: 200000;
        /** The reason in words (`partRefundReason`): required with code 200000. */
        readonly text: string;
      }
    | {
        /** One of Keeta's standard reason codes. */
        readonly code: KeetaReasonCode;
        /** An optional explanation (`partRefundReason`). */
        readonly text?: string;
      };
  /** Not available: Keeta refunds lines, never a whole order here. */
  readonly wholeOrder?: never;
  /** Not available: Keeta computes the amount from the lines (see `preview`). */
  readonly amount?: never;
}

/** A KakaClo line: named by its item id, or by SKU code (plus warehouse country). */
export type KakacloRefundLine = {
  /** Units to refund: a positive integer. */
  readonly quantity: number;
  /** Warehouse country (`CN`, `US`): needed when the SKU is on lines of several warehouses. */
  readonly countryCode?: string;
} & (
  | {
      /** KakaClo's id of the order item (`itemId`). */
      readonly lineId: string;
      /** The SKU code too, which KakaClo checks against the item. */
      readonly skuCode?: string;
    }
  | {
      /** Not given: the line is named by its SKU. */
      readonly lineId?: never;
      /** Code of the SKU to refund (`skuCode`). */
      readonly skuCode: string;
    }
);

/**
 * Fields of every KakaClo request (inlined into {@link KakacloRefundRequest} in the API
 * reference).
 *
 * @inline
 */
interface KakacloRefundCommon extends RefundRequestCommon {
  /** Which provider holds the order. */
  readonly provider: 'kakaclo';
  /** `code` is sent as `refundReason` (e.g. `'Out Of Stock'`), `text` as `remark`. */
  readonly reason?: {
    /** The reason (`refundReason`); KakaClo uses `"Other"` when it is left out. */
    readonly code?: string;
    /** A free-text remark (`remark`). */
    readonly text?: string;
  };
  /** Not available: KakaClo refunds lines or the whole order, not an amount. */
  readonly amount?: never;
}

/**
 * A KakaClo refund, of some lines or of the whole (unshipped) order. KakaClo decides within
 * 24 hours: a sent refund is `pending`; `status`/`waitForFinal` follow it.
 *
 * @example { provider: 'kakaclo', idempotencyKey: 'k-2', orderId: '10001', wholeOrder: true }
 */
export type KakacloRefundRequest = KakacloRefundCommon &
  (
    | {
        /** The lines to refund: at least one. */
        readonly lines: readonly KakacloRefundLine[];
        /** Not given when `lines` is. */
        readonly wholeOrder?: never;
      }
    | {
        /** Refund the whole order (it must not have shipped). */
        readonly wholeOrder: true;
        /** Not given with `wholeOrder`. */
        readonly lines?: never;
      }
  );

/** Fields of both Shoplazza API versions. */
interface ShoplazzaRefundCommon extends RefundRequestCommon {
  /** Which provider holds the order. */
  readonly provider: 'shoplazza';
  /**
   * The store's subdomain label. Required when the adapter serves several stores; with one
   * store it may be left out (and must match when given).
   */
  readonly shop?: string;
  /** Not available: Shoplazza's refund endpoints take no reason (use `note` on 2024-07). */
  readonly reason?: never;
  /** Not available: a Shoplazza refund names its amount. */
  readonly wholeOrder?: never;
}

/**
 * A Shoplazza 2022-01 partial refund (`POST /openapi/2022-01/orders/{id}/refund`): an amount,
 * optionally the lines it covers.
 *
 * @example
 * { provider: 'shoplazza', apiVersion: '2022-01', idempotencyKey: 'k-3', orderId: '1232123',
 *   amount: { currency: 'USD', amount: '0.30' }, returnGoods: false }
 */
export interface ShoplazzaRefund2022Request extends ShoplazzaRefundCommon {
  /** The Shoplazza API version whose refund endpoint is called. */
  readonly apiVersion: '2022-01';
  /** What to refund (`price`). */
  readonly amount: Money;
  /** Whether the customer sends the goods back (`is_return`). */
  readonly returnGoods: boolean;
  /** The lines this refund covers (`line_items`). */
  readonly lines?: readonly RefundLine[];
}

/** A 2024-07 line: a line item, its quantity, and what happens to the stock. */
export interface ShoplazzaRefund2024Line extends RefundLine {
  /** Of `quantity`, how many units were not shipped yet (`waiting_ship_quantity`). */
  readonly waitingShipQuantity?: number;
  /** Put the units back in stock (`return_inventory`). */
  readonly returnInventory?: boolean;
}

/**
 * A Shoplazza 2024-07 refund (`POST /openapi/2024-07/orders/{id}/refund`): totals that must
 * add up, and where the money goes (`payments`). Every money field is in one currency.
 *
 * @example
 * { provider: 'shoplazza', apiVersion: '2024-07', idempotencyKey: 'k-4', orderId: '1232123',
 *   amount: { currency: 'USD', amount: '10.00' }, productAmount: { currency: 'USD', amount: '10.00' },
 *   payments: [{ paymentLineId: 'pay-1', amount: { currency: 'USD', amount: '10.00' } }] }
 */
export interface ShoplazzaRefund2024Request extends ShoplazzaRefundCommon {
  /** The Shoplazza API version whose refund endpoint is called. */
  readonly apiVersion: '2024-07';
  /** The whole refund (`refund_total`): the exact sum of `payments`. */
  readonly amount: Money;
  /** Of it, for products (`refund_product_total`). */
  readonly productAmount: Money;
  /** Of it, for shipping (`refund_shipping_total`, default 0). */
  readonly shipping?: Money;
  /** Of it, the tip (`refund_tip`, default 0). */
  readonly tip?: Money;
  /** Additional fees refunded (`refund_additional_prices`; their sum is `refund_additional_total`). */
  readonly additionalFees?: readonly {
    /** The fee's name (`name`), e.g. `'Handling Fee'`. */
    readonly name: string;
    /** How much of it to refund. */
    readonly amount: Money;
  }[];
  /** Where the money goes back (`refund_payments`): at least one. */
  readonly payments: readonly {
    /** The order's payment line to refund to. */
    readonly paymentLineId: string;
    /** How much goes back to it. */
    readonly amount: Money;
  }[];
  /** The lines refunded (`refund_line_items`). */
  readonly lines?: readonly ShoplazzaRefund2024Line[];
}

/** A Shoplazza refund, of either API version, chosen explicitly by `apiVersion`. */
export type ShoplazzaRefundRequest = ShoplazzaRefund2022Request | ShoplazzaRefund2024Request;

/**
 * A refund request, discriminated on `provider` (and Shoplazza's `apiVersion`): what a
 * provider needs is required at compile time, what it cannot take is a compile error.
 */
export type RefundRequest = KeetaRefundRequest | ShoplazzaRefundRequest | KakacloRefundRequest;
