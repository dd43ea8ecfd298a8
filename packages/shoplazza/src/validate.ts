import { fromMinorUnits, toMinorUnits, type InputCheck } from '@refundkit/http';
import type { PartialRefundRequest, RefundOrderRequest } from './models.js';

/**
 * Decimals a money field may have when the order's currency is unknown: 3, the most any ISO
 * 4217 currency uses (KWD, BHD, …). Pass `currency` to the client or the call to be exact.
 */
export const UNKNOWN_CURRENCY_DECIMALS = 3;

/**
 * Checks a 2022-01 partial refund before anything is sent: the order id is a usable path
 * segment, `is_return` is a boolean, `price` a decimal string with at most `decimals`
 * decimals, and each line item has an `id` and a positive integer `quantity`.
 *
 * @returns the order id as it goes into the path (openapi-fetch percent-encodes it).
 * @throws LocalValidationError naming the field, e.g. `line_items[0].quantity`.
 */
export function checkPartialRefund(
  check: InputCheck,
  orderId: unknown,
  body: unknown,
  decimals: number,
): { orderId: string; body: PartialRefundRequest } {
  const id = check.pathId('orderId', orderId);
  const fields = check.object('body', body);
  boolean(check, 'is_return', fields['is_return'], true);
  amount(check, 'price', fields['price'], decimals, true);
  if (fields['line_items'] !== undefined) {
    check.array('line_items', fields['line_items']).forEach((item, i) => {
      const line = check.object(`line_items[${i}]`, item);
      present(check, `line_items[${i}].id`, line['id']);
      check.nonEmptyString(`line_items[${i}].id`, line['id']);
      present(check, `line_items[${i}].quantity`, line['quantity']);
      check.positiveInteger(`line_items[${i}].quantity`, line['quantity']);
    });
  }
  return { orderId: id, body: fields as PartialRefundRequest };
}

const OPTIONAL_TOTALS = [
  'refund_shipping_total',
  'refund_tip',
  'refund_additional_total',
  'refund_product_total',
] as const;

/**
 * Checks a 2024-07 refund before anything is sent: every amount is a decimal string with at
 * most `decimals` decimals, quantities are integers, every line item and payment names its
 * line, and when `refund_payments` is given `refund_total` equals the exact sum of their
 * `refund_price` (compared in integer minor units, never floats).
 *
 * @returns the order id as it goes into the path (openapi-fetch percent-encodes it).
 * @throws LocalValidationError naming the field, e.g. `refund_payments[1].refund_price`.
 */
export function checkRefundOrder(
  check: InputCheck,
  orderId: unknown,
  body: unknown,
  decimals: number,
): { orderId: string; body: RefundOrderRequest } {
  const id = check.pathId('orderId', orderId);
  const fields = check.object('body', body);
  const total = amount(check, 'refund_total', fields['refund_total'], decimals, true);
  for (const name of OPTIONAL_TOTALS) amount(check, name, fields[name], decimals, false);
  optionalString(check, 'note', fields['note']);

  if (fields['refund_line_items'] !== undefined) {
    check.array('refund_line_items', fields['refund_line_items']).forEach((item, i) => {
      const field = `refund_line_items[${i}]`;
      const line = check.object(field, item);
      // The page marks no field required, but an entry that names no line refunds nothing
      // identifiable; refuse it rather than let the provider guess.
      present(check, `${field}.line_item_id`, line['line_item_id']);
      check.nonEmptyString(`${field}.line_item_id`, line['line_item_id']);
      if (line['quantity'] !== undefined) {
        check.positiveInteger(`${field}.quantity`, line['quantity']);
      }
      if (line['waiting_ship_quantity'] !== undefined) {
        nonNegativeInteger(check, `${field}.waiting_ship_quantity`, line['waiting_ship_quantity']);
      }
      boolean(check, `${field}.return_inventory`, line['return_inventory'], false);
    });
  }

  if (fields['refund_payments'] !== undefined) {
    let sum = 0n;
    check.array('refund_payments', fields['refund_payments']).forEach((item, i) => {
      const field = `refund_payments[${i}]`;
      const payment = check.object(field, item);
      present(check, `${field}.payment_line_id`, payment['payment_line_id']);
      check.nonEmptyString(`${field}.payment_line_id`, payment['payment_line_id']);
      const price = amount(check, `${field}.refund_price`, payment['refund_price'], decimals, true);
      sum += toMinorUnits(price, decimals);
    });
    // Documented rule: the payments must add up to the total. Minor units as bigint keep
    // "0.1" + "0.2" equal to "0.30" (floats would make it 0.30000000000000004).
    if (toMinorUnits(total, decimals) !== sum) {
      check.fail(
        'refund_total',
        'refund_payments_sum',
        `must equal the sum of refund_payments[].refund_price (${fromMinorUnits(sum, decimals)})` +
          ', or leave refund_payments out',
      );
    }
  }

  if (fields['refund_additional_prices'] !== undefined) {
    check
      .array('refund_additional_prices', fields['refund_additional_prices'])
      .forEach((item, i) => {
        const field = `refund_additional_prices[${i}]`;
        const price = check.object(field, item);
        optionalString(check, `${field}.name`, price['name']);
        amount(check, `${field}.price`, price['price'], decimals, false);
      });
  }
  return { orderId: id, body: fields as RefundOrderRequest };
}

function present(check: InputCheck, field: string, value: unknown): void {
  if (value === undefined || value === null) check.fail(field, 'required', 'is required');
}

function amount(
  check: InputCheck,
  field: string,
  value: unknown,
  decimals: number,
  required: true,
): string;
function amount(
  check: InputCheck,
  field: string,
  value: unknown,
  decimals: number,
  required: false,
): string | undefined;
function amount(
  check: InputCheck,
  field: string,
  value: unknown,
  decimals: number,
  required: boolean,
): string | undefined {
  if (value === undefined && !required) return undefined;
  present(check, field, value);
  return check.decimalAmount(field, value, decimals);
}

function boolean(check: InputCheck, field: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  present(check, field, value);
  if (typeof value !== 'boolean') check.fail(field, 'boolean', 'must be true or false');
}

function nonNegativeInteger(check: InputCheck, field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    check.fail(field, 'non_negative_integer', 'must be a non-negative integer');
  }
}

function optionalString(check: InputCheck, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    check.fail(field, 'string', 'must be a string');
  }
}
