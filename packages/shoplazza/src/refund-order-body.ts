import { checkDecimalAmount, fromMinorUnits, toMinorUnits, type InputCheck } from '@refundkit/http';
import type {
  RefundAdditionalPrice,
  RefundLineItem,
  RefundOrderRequest,
  RefundPayment,
} from './models.js';
import { optionalAmount } from './money.js';

// In the spec's order, which is also the order the body is sent in.
const FIELDS = [
  'refund_total',
  'refund_shipping_total',
  'refund_tip',
  'refund_additional_total',
  'refund_product_total',
  'refund_line_items',
  'refund_payments',
  'refund_additional_prices',
  'note',
];
const OPTIONAL_TOTALS = [
  'refund_shipping_total',
  'refund_tip',
  'refund_additional_total',
  'refund_product_total',
] as const;
const LINE_ITEM_FIELDS = ['line_item_id', 'quantity', 'waiting_ship_quantity', 'return_inventory'];
const PAYMENT_FIELDS = ['payment_line_id', 'refund_price'];
const ADDITIONAL_PRICE_FIELDS = ['name', 'price'];

/**
 * Checks a 2024-07 refund and builds the body that is sent, from the checked values only and
 * in the spec's field order. Every amount is a decimal string with at most `decimals`
 * decimals, quantities are integers, every line item and payment names its line, unknown
 * fields are refused at every depth, and when `refund_payments` is given `refund_total`
 * equals the exact sum of their `refund_price` (in bigint minor units, never floats).
 *
 * @throws LocalValidationError naming the field, e.g. `refund_payments[1].refund_price`.
 */
export function checkRefundOrder(
  check: InputCheck,
  body: unknown,
  decimals: number,
): RefundOrderRequest {
  const given = check.knownKeys('', body, FIELDS);
  const sent: RefundOrderRequest = {
    refund_total: checkDecimalAmount(check, 'refund_total', given['refund_total'], decimals),
  };
  for (const name of OPTIONAL_TOTALS) {
    const amount = optionalAmount(check, name, given[name], decimals);
    if (amount !== undefined) sent[name] = amount;
  }
  if (given['refund_line_items'] !== undefined) {
    sent.refund_line_items = check.list(
      'refund_line_items',
      given['refund_line_items'],
      0,
      (item, path) => lineItem(check, item, path),
    );
  }
  if (given['refund_payments'] !== undefined) {
    const payments = check.list('refund_payments', given['refund_payments'], 0, (item, path) =>
      payment(check, item, path, decimals),
    );
    checkPaymentsSum(check, sent.refund_total, payments, decimals);
    sent.refund_payments = payments;
  }
  if (given['refund_additional_prices'] !== undefined) {
    sent.refund_additional_prices = check.list(
      'refund_additional_prices',
      given['refund_additional_prices'],
      0,
      (item, path) => additionalPrice(check, item, path, decimals),
    );
  }
  const note = check.optionalString('note', given['note']);
  if (note !== undefined) sent.note = note;
  return sent;
}

function lineItem(check: InputCheck, value: unknown, path: string): RefundLineItem {
  const given = check.knownKeys(path, value, LINE_ITEM_FIELDS);
  // The page marks no field required, but an entry that names no line refunds nothing
  // identifiable; refuse it rather than let the provider guess.
  const id = check.required(`${path}.line_item_id`, given['line_item_id']);
  const line: RefundLineItem = { line_item_id: check.nonEmptyString(`${path}.line_item_id`, id) };
  const { quantity, waiting_ship_quantity: waiting, return_inventory: restock } = given;
  if (quantity !== undefined) line.quantity = check.positiveInteger(`${path}.quantity`, quantity);
  if (waiting !== undefined) {
    line.waiting_ship_quantity = check.nonNegativeInteger(`${path}.waiting_ship_quantity`, waiting);
  }
  if (restock !== undefined)
    line.return_inventory = check.boolean(`${path}.return_inventory`, restock);
  return line;
}

function payment(check: InputCheck, value: unknown, path: string, decimals: number): RefundPayment {
  const given = check.knownKeys(path, value, PAYMENT_FIELDS);
  // Both required although the page leaves them optional: without them the entry names no
  // payment line, or the documented sum cannot be checked.
  const id = check.required(`${path}.payment_line_id`, given['payment_line_id']);
  return {
    payment_line_id: check.nonEmptyString(`${path}.payment_line_id`, id),
    refund_price: checkDecimalAmount(
      check,
      `${path}.refund_price`,
      given['refund_price'],
      decimals,
    ),
  };
}

function additionalPrice(
  check: InputCheck,
  value: unknown,
  path: string,
  decimals: number,
): RefundAdditionalPrice {
  const given = check.knownKeys(path, value, ADDITIONAL_PRICE_FIELDS);
  const price: RefundAdditionalPrice = {};
  const name = check.optionalString(`${path}.name`, given['name']);
  if (name !== undefined) price.name = name;
  const amount = optionalAmount(check, `${path}.price`, given['price'], decimals);
  if (amount !== undefined) price.price = amount;
  return price;
}

/**
 * The documented rule: the payments add up to the total. Minor units as bigint keep "0.1" +
 * "0.2" equal to "0.30" (floats would make it 0.30000000000000004).
 */
function checkPaymentsSum(
  check: InputCheck,
  total: string,
  payments: readonly RefundPayment[],
  decimals: number,
): void {
  let sum = 0n;
  for (const { refund_price: price } of payments) sum += toMinorUnits(price ?? '0', decimals);
  if (toMinorUnits(total, decimals) !== sum) {
    check.fail(
      'refund_total',
      'refund_payments_sum',
      `must equal the sum of refund_payments[].refund_price (${fromMinorUnits(sum, decimals)})` +
        ', or leave refund_payments out',
    );
  }
}
