import type { Int64Input } from '@refundkit/http';
import type { components } from './generated/openapi.js';

/**
 * The generated schemas; inlined in the API reference, which shows `components["schemas"]`.
 *
 * @inline
 */
type Schemas = components['schemas'];

/**
 * One product to refund: the generated `RefundProduct` with `orderProductId` widened to
 * {@link Int64Input} (`number`, `bigint` or digit string), so ids above 2^53 can be sent exactly.
 *
 * @example { orderProductId: 1234534224, refundCount: 1 }
 */
export type RefundProductInput = Omit<Schemas['RefundProduct'], 'orderProductId'> & {
  /** Keeta's id of the product in the order: a 64-bit integer as a number, bigint or digit string. */
  orderProductId: Int64Input;
};

/**
 * What a caller passes to `applyPartialRefund`: the endpoint's own fields (the generated
 * `PartialRefundApplyFields`) with int64 ids widened to {@link Int64Input}. The client adds
 * `appId`, `accessToken`, `timestamp` and `sig`.
 *
 * @example
 * { orderViewId: 756823555555859n, shopId: 466663, products: [{ orderProductId: 1234534224, refundCount: 1 }], partRefundType: 200001 }
 */
export type ApplyPartialRefundInput = Omit<
  Schemas['PartialRefundApplyFields'],
  'orderViewId' | 'shopId' | 'products'
> & {
  /** Keeta's id of the order: a 64-bit integer as a number, bigint or digit string. */
  orderViewId: Int64Input;
  /** Keeta's id of the store: a 64-bit integer as a number, bigint or digit string. */
  shopId: Int64Input;
  /** The products to refund and how many of each: at least one. */
  products: readonly RefundProductInput[];
};

/**
 * What a caller passes to `previewPartialRefund`: the generated `PartialRefundPreviewFields`
 * with int64 ids widened to {@link Int64Input}. Leave `products` out (or empty) to list every
 * refundable product.
 *
 * @example { orderViewId: '756823555555859', shopId: 466663 }
 */
export type PreviewPartialRefundInput = Omit<
  Schemas['PartialRefundPreviewFields'],
  'orderViewId' | 'shopId' | 'products'
> & {
  /** Keeta's id of the order: a 64-bit integer as a number, bigint or digit string. */
  orderViewId: Int64Input;
  /** Keeta's id of the store: a 64-bit integer as a number, bigint or digit string. */
  shopId: Int64Input;
  /** The products to price; leave out (or empty) to list every refundable product. */
  products?: readonly RefundProductInput[];
};

/** The documented `partRefundType` codes (200000 = other reasons, needs `partRefundReason`). */
export type PartRefundType = Schemas['PartialRefundApplyFields']['partRefundType'];
