import type { InputCheck } from '@refundkit/http';
import type { components } from './generated/openapi.js';

/** The body KakaClo's Refund Order endpoint receives, as the spec types it. */
type RefundOrderBody = components['schemas']['RefundOrderRequest'];
type RefundOrderItemBody = components['schemas']['RefundOrderItem'];

/**
 * One item to refund. The spec marks no field required; refundkit requires `quantity` and a
 * way to name the item, `itemId` or `skuCode` (or both, which KakaClo checks agree), since an
 * item without them cannot say what to refund.
 *
 * @example { itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' }
 */
export type KakacloRefundItem = KakacloRefundItemFields &
  (
    | {
        /** KakaClo's id of the order item (non-empty). */
        itemId: string;
        /** Code of the SKU to refund (non-empty). */
        skuCode?: string;
      }
    | {
        /** KakaClo's id of the order item (non-empty). */
        itemId?: string;
        /** Code of the SKU to refund (non-empty). */
        skuCode: string;
      }
  );

/** The fields of a {@link KakacloRefundItem} besides how it names the item. */
export interface KakacloRefundItemFields {
  /** Units of this SKU to refund: a positive integer. */
  quantity: number;
  /**
   * Country of the warehouse the SKU ships from, as the Query Order API returns it: `"CN"`
   * (Chinese warehouse) or `"US"` (overseas warehouse) in KakaClo's docs, which do not say
   * these are the only values. Give it when the same SKU is on lines shipped from several
   * warehouses: it says which line to refund. Any non-empty string, sent exactly as given.
   */
  countryCode?: string;
}

/**
 * The optional body of `refundOrder`: which SKUs to refund, and why. No body (or no
 * `orderItems`) refunds the whole order; KakaClo only refunds orders that have not shipped.
 *
 * @example { refundReason: 'Out Of Stock', orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', quantity: 1 }] }
 */
export interface KakacloRefundRequest {
  /** Free-text remark on the refund. */
  remark?: string;
  /**
   * Reason for the refund; KakaClo uses `"Other"` when it is left out. Its page also names
   * `"Don't Want Anymore"`, `"Product Selection Error/Multiple Selection"`,
   * `"Incorrect Address Information"` and `"Out Of Stock"`, without saying the list is complete,
   * so any non-empty string is sent.
   */
  refundReason?: string;
  /** The SKUs to refund: at least one. Leave the field out to refund the whole order. */
  orderItems?: readonly KakacloRefundItem[];
}

const REQUEST_FIELDS = ['remark', 'refundReason', 'orderItems'];
const ITEM_FIELDS = ['itemId', 'skuCode', 'quantity', 'countryCode'];

/**
 * Checks a refund body and returns the body to send, built from the checked fields only
 * (never the caller's object). No body at all refunds the whole order and sends `{}`: every
 * documented example sends a JSON object, and `{}` is a valid `RefundOrderRequest`.
 *
 * Unknown fields are refused at every depth rather than dropped: a misspelt `items` would
 * otherwise turn a partial refund into a whole-order refund. For the same reason
 * `orderItems` present but `undefined`, empty, or holding a hole is refused instead of read
 * as "the whole order" or sent as `null`.
 *
 * @throws LocalValidationError naming the field, e.g. `orderItems[0].quantity`.
 */
export function checkRefundRequest(check: InputCheck, body: unknown): RefundOrderBody {
  if (body === undefined) return {};
  const input = check.knownKeys('', body, REQUEST_FIELDS);

  const wire: RefundOrderBody = {};
  const remark = check.optionalString('remark', input['remark']);
  if (remark !== undefined) wire.remark = remark;
  if (input['refundReason'] !== undefined) {
    wire.refundReason = check.nonEmptyString('refundReason', input['refundReason']);
  }
  if ('orderItems' in input) {
    if (input['orderItems'] === undefined) {
      check.fail(
        'orderItems',
        'array',
        'is undefined; leave the field out to refund the whole order, or list the items',
      );
    }
    wire.orderItems = check.list('orderItems', input['orderItems'], 1, (item, path) =>
      checkItem(check, path, item),
    );
  }
  return wire;
}

function checkItem(check: InputCheck, field: string, value: unknown): RefundOrderItemBody {
  const item = check.knownKeys(field, value, ITEM_FIELDS);
  // Built in the order of KakaClo's examples.
  const wire: RefundOrderItemBody = {};
  if (item['itemId'] !== undefined) {
    wire.itemId = check.nonEmptyString(`${field}.itemId`, item['itemId']);
  }
  // KakaClo's page marks no item field required, but an entry must name its item: by
  // `itemId`, or by `skuCode` (plus `countryCode` when the SKU ships from several warehouses).
  if (item['itemId'] === undefined && item['skuCode'] === undefined) {
    check.fail(
      `${field}.skuCode`,
      'required',
      'is required when itemId is not given: name the item by itemId or skuCode',
    );
  }
  if (item['skuCode'] !== undefined) {
    wire.skuCode = check.nonEmptyString(`${field}.skuCode`, item['skuCode']);
  }
  wire.quantity = check.positiveInteger(`${field}.quantity`, item['quantity']);
  // Sent exactly as given: the spec types it as a plain string ("CN", "US" in the examples,
  // without saying those are the only values), and it tells apart the lines of one SKU
  // shipped from several warehouses.
  if (item['countryCode'] !== undefined) {
    wire.countryCode = check.nonEmptyString(`${field}.countryCode`, item['countryCode']);
  }
  return wire;
}
