import { InputCheck, type Int64 } from '@refundkit/http';
import type { PartRefundType } from './inputs.js';

/**
 * Local checks of a call's fields, run before anything is signed or sent. Each returns the
 * fields as they will be signed and sent: ids in their exact form (`number`, or `bigint`
 * above 2^53), products rebuilt with only their documented keys in a fixed order.
 */

/** The documented `partRefundType` codes (spec enum). */
export const PART_REFUND_TYPES = [200000, 200001, 200002, 200003, 200004] as const;

/** 200000 means "other reasons": Keeta then requires a non-empty `partRefundReason`. */
export const OTHER_REASON = 200000;

// Fails to compile if the spec gains or loses a code the list above does not have.
const everyCodeListed: [PartRefundType] extends [(typeof PART_REFUND_TYPES)[number]]
  ? [(typeof PART_REFUND_TYPES)[number]] extends [PartRefundType]
    ? true
    : never
  : never = true;
void everyCodeListed;

/** Names the client adds itself; a caller passing one is refused rather than overridden. */
const COMMON_PARAMETERS = ['appId', 'accessToken', 'timestamp', 'sig'];

/** A product as sent: exact id and quantity. */
export interface CheckedProduct {
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
 * @throws LocalValidationError naming the field and the rule.
 */
export function checkApplyFields(value: unknown): CheckedApplyFields {
  const check: InputCheck = new InputCheck({ provider: 'keeta', operation: 'applyPartialRefund' });
  const input = knownFields(check, value, APPLY_FIELDS);
  const fields: CheckedApplyFields = {
    orderViewId: check.positiveInt64('orderViewId', input['orderViewId']),
    shopId: check.positiveInt64('shopId', input['shopId']),
    products: checkProducts(check, input['products'], 1),
    partRefundType: check.oneOf('partRefundType', input['partRefundType'], PART_REFUND_TYPES),
  };
  const reason = input['partRefundReason'];
  if (fields.partRefundType === OTHER_REASON) {
    fields.partRefundReason = check.nonEmptyString('partRefundReason', reason);
  } else if (reason !== undefined) {
    if (typeof reason !== 'string') check.fail('partRefundReason', 'string', 'must be a string');
    fields.partRefundReason = reason;
  }
  return fields;
}

/**
 * Checks `previewPartialRefund` input: positive int64 ids and, when `products` is given,
 * each product as for a refund (an empty list is allowed: it asks for every refundable item).
 * @throws LocalValidationError naming the field and the rule.
 */
export function checkPreviewFields(value: unknown): CheckedPreviewFields {
  const check: InputCheck = new InputCheck({
    provider: 'keeta',
    operation: 'previewPartialRefund',
  });
  const input = knownFields(check, value, PREVIEW_FIELDS);
  const fields: CheckedPreviewFields = {
    orderViewId: check.positiveInt64('orderViewId', input['orderViewId']),
    shopId: check.positiveInt64('shopId', input['shopId']),
  };
  if (input['products'] !== undefined) fields.products = checkProducts(check, input['products'], 0);
  return fields;
}

function checkProducts(check: InputCheck, value: unknown, min: number): CheckedProduct[] {
  return check.array('products', value, min).map((item, index) => {
    const field = `products[${index}]`;
    const product = knownFields(check, item, PRODUCT_FIELDS, field);
    return {
      orderProductId: check.positiveInt64(`${field}.orderProductId`, product['orderProductId']),
      refundCount: check.positiveInteger(`${field}.refundCount`, product['refundCount']),
    };
  });
}

/**
 * An object holding only documented names. Unknown names are refused rather than dropped or
 * passed on: the body sent is exactly what was signed, and a misspelt field must not vanish.
 */
function knownFields(
  check: InputCheck,
  value: unknown,
  allowed: readonly string[],
  field = 'body',
): Record<string, unknown> {
  const object = check.object(field, value);
  for (const name of Object.keys(object)) {
    if (object[name] === undefined) continue; // never reaches the wire
    const path = field === 'body' ? name : `${field}.${name}`;
    if (field === 'body' && COMMON_PARAMETERS.includes(name)) {
      check.fail(path, 'reserved', 'is added by the client; do not pass it');
    }
    if (!allowed.includes(name)) {
      check.fail(
        path,
        'unknown_field',
        `is not a documented field (allowed: ${allowed.join(', ')})`,
      );
    }
  }
  return object;
}
