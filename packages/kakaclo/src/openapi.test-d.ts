/**
 * Type-level tests of the generated KakaClo types: documented requests type-check, wrong
 * ones do not (each `@ts-expect-error` fails the run if the error it expects goes away).
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { paths } from './index.js';

type RefundOrder = paths['/openapi/v2/order/orders/{id}/refund']['post'];
type RefundBody = NonNullable<RefundOrder['requestBody']>['content']['application/json'];
type QueryAnswer =
  paths['/openapi/v2/order/orders/refund/{id}']['get']['responses'][200]['content']['application/json'];

describe('refundOrder request', () => {
  test('the documented "refund some items" body type-checks', () => {
    const body = {
      remark: 'test',
      refundReason: 'Other',
      orderItems: [
        { itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' },
        { itemId: '120002', skuCode: 'FSZW08923_R_L_NUB', quantity: 2, countryCode: 'US' },
      ],
    } satisfies RefundBody;
    expectTypeOf(body).toExtend<RefundBody>();
  });

  test('a whole-order refund leaves orderItems out, and the body itself is optional', () => {
    expectTypeOf({ remark: 'other reason' }).toExtend<RefundBody>();
    expectTypeOf<undefined>().toExtend<RefundOrder['requestBody']>();
  });

  test('the order id is a string path parameter', () => {
    expectTypeOf<RefundOrder['parameters']['path']>().toEqualTypeOf<{ id: string }>();
  });

  test('wrong bodies do not type-check', () => {
    const stringQuantity: RefundBody = {
      // @ts-expect-error quantity is an integer, not a string
      orderItems: [{ itemId: '1', quantity: '1' }],
    };
    const flatItem: RefundBody = {
      // @ts-expect-error item fields belong inside orderItems
      itemId: '1',
    };
    expectTypeOf([stringQuantity, flatItem]).toBeArray();
  });
});

describe('queryRefund answer', () => {
  test('refundNo is a string and refundStatus a closed set', () => {
    type Record = NonNullable<NonNullable<QueryAnswer['data']>['list']>[number];
    expectTypeOf<Record['refundNo']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Record['refundStatus']>().toEqualTypeOf<
      'pending_review' | 'refund_successfully' | 'refund_failed' | undefined
    >();
  });
});
