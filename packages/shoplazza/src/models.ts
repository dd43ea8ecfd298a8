/**
 * Names for the request and response bodies of the two refund endpoints, taken from the
 * generated schemas so they follow `specs/shoplazza/openapi.yaml` exactly.
 */
import type { components } from './generated/openapi.js';

/**
 * The generated schemas; inlined in the API reference, which shows `components["schemas"]`.
 *
 * @inline
 */
type Schemas = components['schemas'];

/**
 * Body of a 2022-01 partial refund: the amount (`price`, a decimal string), whether goods come
 * back (`is_return`) and optionally which line items.
 * @example const body: PartialRefundRequest = { is_return: false, price: '81.00' };
 */
export type PartialRefundRequest = Schemas['PartialRefundRequest'];

/** One line item of a 2022-01 partial refund. */
export type PartialRefundLineItem = Schemas['PartialRefundLineItem'];

/**
 * The refund order a 2022-01 partial refund answers with. Field names are PascalCase as the
 * provider page spells them; that casing is not confirmed against the live API.
 */
export type PartialRefundResponse = Schemas['PartialRefundResponse'];

/** The order snapshot inside a {@link PartialRefundResponse}. */
export type PartialRefundOrder = Schemas['Order'];

/**
 * Body of a 2024-07 refund: `refund_total` plus optional partial totals, line items, payment
 * lines and extra charges.
 * @example const body: RefundOrderRequest = { refund_total: '100.00', note: 'damaged' };
 */
export type RefundOrderRequest = Schemas['RefundOrderRequest'];

/** One line item of a 2024-07 refund. */
export type RefundLineItem = Schemas['RefundLineItem'];

/** One payment line of a 2024-07 refund and the amount it receives. */
export type RefundPayment = Schemas['RefundPayment'];

/** One extra charge of a 2024-07 refund. */
export type RefundAdditionalPrice = Schemas['RefundAdditionalPrices'];

/**
 * What a successful 2024-07 refund returns: the `data` of the `{code: "SUCCESS", message,
 * data}` answer, i.e. the ids of the refund record and the after-sale it created.
 */
export type RefundOrderResult = Schemas['RefundOrderResponseData'];
