/**
 * Type-level tests of the generated Shoplazza types: documented requests type-check, wrong
 * ones do not (each `@ts-expect-error` fails the run if the error it expects goes away).
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { components, paths } from './index.js';

type PartialRefund = paths['/openapi/2022-01/orders/{id}/partial_refund']['post'];
type PartialRefundBody = PartialRefund['requestBody']['content']['application/json'];
type Refund = paths['/openapi/2024-07/orders/{order_id}/refund']['post'];
type RefundBody = Refund['requestBody']['content']['application/json'];

describe('2022-01 partialRefund', () => {
  test('the documented body type-checks', () => {
    const body = {
      is_return: true,
      price: '81.00',
      line_items: [{ id: '31d95f28-baf0-47c9-ad53-dbf3833f1b85', quantity: 1 }],
    } satisfies PartialRefundBody;
    expectTypeOf(body).toExtend<PartialRefundBody>();
    expectTypeOf<PartialRefund['parameters']['path']>().toEqualTypeOf<{ id: string }>();
  });

  test('wrong bodies do not type-check', () => {
    const numericPrice: PartialRefundBody = {
      is_return: true,
      // @ts-expect-error price is a decimal string, not a number
      price: 81,
    };
    // @ts-expect-error is_return is required
    const noReturnFlag: PartialRefundBody = { price: '81.00' };
    const noQuantity: PartialRefundBody = {
      is_return: false,
      price: '1.00',
      // @ts-expect-error quantity is required on each line item
      line_items: [{ id: 'a' }],
    };
    expectTypeOf([numericPrice, noReturnFlag, noQuantity]).toBeArray();
  });

  test('the answer keeps the documented field names and nullability', () => {
    type Answer = PartialRefund['responses'][200]['content']['application/json'];
    type Order = components['schemas']['Order'];
    expectTypeOf<Answer['Order']>().toEqualTypeOf<Order | null | undefined>();
    expectTypeOf<Order['CancelReason']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Order['TotalPrice']>().toEqualTypeOf<string | undefined>();
  });

  test('error bodies carry either errors[] or error', () => {
    type ErrorBody = PartialRefund['responses'][404]['content']['application/json'];
    expectTypeOf({ errors: ['Order not found'] }).toExtend<ErrorBody>();
    expectTypeOf({ error: 'store is not active' }).toExtend<ErrorBody>();
    expectTypeOf({ message: 'x' }).not.toExtend<ErrorBody>();
  });
});

describe('2024-07 refundOrder', () => {
  test('the documented body type-checks', () => {
    const body = {
      refund_total: '90.00',
      refund_shipping_total: '10.00',
      refund_line_items: [{ line_item_id: 'LI123', quantity: 2, return_inventory: true }],
      refund_payments: [{ payment_line_id: 'PAY123', refund_price: '90.00' }],
      refund_additional_prices: [{ name: 'Handling Fee', price: '5.00' }],
      note: 'Refund for damaged items',
    } satisfies RefundBody;
    expectTypeOf(body).toExtend<RefundBody>();
    expectTypeOf<Refund['parameters']['path']>().toEqualTypeOf<{ order_id: string }>();
  });

  test('wrong bodies do not type-check', () => {
    // @ts-expect-error refund_total is required
    const noTotal: RefundBody = { note: 'x' };
    const numericRefund: RefundBody = {
      refund_total: '1.00',
      // @ts-expect-error refund_price is a decimal string
      refund_payments: [{ refund_price: 1 }],
    };
    expectTypeOf([noTotal, numericRefund]).toBeArray();
  });

  test('the answer carries refund_record_id and post_sale_id', () => {
    type Data = NonNullable<Refund['responses'][200]['content']['application/json']['data']>;
    expectTypeOf<Data['refund_record_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Data['post_sale_id']>().toEqualTypeOf<string | undefined>();
  });
});
