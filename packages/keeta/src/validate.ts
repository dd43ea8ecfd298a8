import type { InputCheck, Int64 } from '@refundkit/http';
import type { PartRefundType } from './inputs.js';

/**
 * Local checks of a call's fields, run before anything is signed or sent. Each returns a new
 * object holding only the checked fields, as they will be signed and sent: ids in their
 * exact form (`number`, or `bigint` above 2^53), products rebuilt with only their documented
 * keys in a fixed order. The caller's object is never signed or serialised itself.
 */

/**
 * The documented `partRefundType` codes (spec enum): 200000 = other reasons (then
 * `partRefundReason` is required), 200001–200004 = standard reasons. The type tests check
 * that this list and the generated enum agree both ways.
 */
export const KEETA_PART_REFUND_TYPES = [
  200000, 200001, 200002, 200003, 200004,
] as const satisfies readonly PartRefundType[];

/** 200000 means "other reasons": Keeta then requires a non-empty `partRefundReason`. */
const OTHER_REASON = 200000;

/** Names the client adds itself; a caller passing one is refused rather than overridden. */
const COMMON_PARAMETERS = ['appId', 'accessToken', 'timestamp', 'sig'];

/** A product as sent: exact id and quantity. */
interface CheckedProduct {
  orderProductId: Int64;
  refundCount: number;
}

/** `applyPartialRefund` fields as sent. */
export interface CheckedApplyFields {
  orderViewId: Int64;
  shopId: Int64;
  products: CheckedProduct[];
  partRefundType: PartRefundType;
  partRefundReason?: string;
}

/** `previewPartialRefund` fields as sent. */
export interface CheckedPreviewFields {
  orderViewId: Int64;
  shopId: Int64;
  products?: CheckedProduct[];
}

const APPLY_FIELDS = ['orderViewId', 'shopId', 'products', 'partRefundType', 'partRefundReason'];
const PREVIEW_FIELDS = ['orderViewId', 'shopId', 'products'];
const PRODUCT_FIELDS = ['orderProductId', 'refundCount'];

/**
 * Checks `applyPartialRefund` input: positive int64 ids, at least one product, each with a
 * positive integer `refundCount`, a documented `partRefundType`, and a non-empty
 * `partRefundReason` when the type is 200000.
 *
 * @param check - the operation's check from `transport.check`, so errors mask the secrets.
 * @throws LocalValidationError naming the field and the rule.
 */
export function checkApplyFields(check: InputCheck, value: unknown): CheckedApplyFields {
  const input = check.knownKeys('', value, APPLY_FIELDS, COMMON_PARAMETERS);
  const fields: CheckedApplyFields = {
    orderViewId: check.positiveInt64('orderViewId', input['orderViewId']),
    shopId: check.positiveInt64('shopId', input['shopId']),
    products: checkProducts(check, input['products'], 1),
    partRefundType: check.oneOf('partRefundType', input['partRefundType'], KEETA_PART_REFUND_TYPES),
  };
  const reason = input['partRefundReason'];
  if (fields.partRefundType === OTHER_REASON) {
    fields.partRefundReason = check.nonEmptyString('partRefundReason', reason);
  } else {
    const standard = check.optionalString('partRefundReason', reason);
    if (standard !== undefined) fields.partRefundReason = standard;
  }
  return fields;
}

/**
 * Checks `previewPartialRefund` input: positive int64 ids and, when `products` is given,
 * each product as for a refund (an empty list is allowed: it asks for every refundable item).
 *
 * @param check - the operation's check from `transport.check`, so errors mask the secrets.
 * @throws LocalValidationError naming the field and the rule.
 */
export function checkPreviewFields(check: InputCheck, value: unknown): CheckedPreviewFields {
  const input = check.knownKeys('', value, PREVIEW_FIELDS, COMMON_PARAMETERS);
  const fields: CheckedPreviewFields = {
    orderViewId: check.positiveInt64('orderViewId', input['orderViewId']),
    shopId: check.positiveInt64('shopId', input['shopId']),
  };
  if (input['products'] !== undefined) fields.products = checkProducts(check, input['products'], 0);
  return fields;
}

/** Every item is checked, holes included (`list`), and rebuilt from its checked fields. */
function checkProducts(check: InputCheck, value: unknown, min: number): CheckedProduct[] {
  return check.list('products', value, min, (item, path) => {
    const product = check.knownKeys(path, item, PRODUCT_FIELDS);
    return {
      orderProductId: check.positiveInt64(`${path}.orderProductId`, product['orderProductId']),
      refundCount: check.positiveInteger(`${path}.refundCount`, product['refundCount']),
    };
  });
}
