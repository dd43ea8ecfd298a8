import { checkDecimalAmount, type InputCheck } from '@refundkit/http';
import type { PartialRefundLineItem, PartialRefundRequest } from './models.js';

const FIELDS = ['is_return', 'price', 'line_items'];
const LINE_ITEM_FIELDS = ['id', 'quantity'];

/**
 * Checks a 2022-01 partial refund and builds the body that is sent, from the checked values
 * only and in the spec's field order: `is_return` a boolean, `price` a decimal string with at
 * most `decimals` decimals, each line item an `id` and a positive `quantity`. Unknown fields
 * are refused at every depth: Shoplazza would take a misspelt `line_item` as no line items
 * and refund `price` alone.
 *
 * @throws LocalValidationError naming the field, e.g. `line_items[0].quantity`.
 */
export function checkPartialRefund(
  check: InputCheck,
  body: unknown,
  decimals: number,
): PartialRefundRequest {
  const given = check.knownKeys('', body, FIELDS);
  const sent: PartialRefundRequest = {
    is_return: check.boolean('is_return', check.required('is_return', given['is_return'])),
    price: checkDecimalAmount(check, 'price', given['price'], decimals),
  };
  const lineItems = given['line_items'];
  if (lineItems !== undefined) {
    sent.line_items = check.list('line_items', lineItems, 0, (item, path) =>
      lineItem(check, item, path),
    );
  }
  return sent;
}

function lineItem(check: InputCheck, value: unknown, path: string): PartialRefundLineItem {
  const given = check.knownKeys(path, value, LINE_ITEM_FIELDS);
  const id = check.required(`${path}.id`, given['id']);
  return {
    id: check.nonEmptyString(`${path}.id`, id),
    quantity: quantity(check, `${path}.quantity`, given['quantity']),
  };
}

/** An int64 count in the spec: a positive safe integer, or a positive 64-bit bigint. */
function quantity(check: InputCheck, field: string, value: unknown): number | bigint {
  const given = check.required(field, value);
  if (typeof given === 'bigint') return check.positiveInt64(field, given);
  return check.positiveInteger(field, given);
}
