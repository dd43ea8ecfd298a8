/**
 * Type-level tests of the client's public surface: method names follow the spec's
 * operationIds, ids come back as strings, request ids take number | bigint | string.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  createShoplazzaClient,
  type PartialRefundResponse,
  type RefundOrderResult,
  type ShoplazzaClient,
} from './index.js';

const client = createShoplazzaClient({ shop: 'mystore', accessToken: 'tok' });

describe('ShoplazzaClient', () => {
  test('methods are named after the operationIds; refund is gone', () => {
    expectTypeOf<
      ShoplazzaClient['refundOrder']
    >().returns.resolves.toEqualTypeOf<RefundOrderResult>();
    expectTypeOf<
      ShoplazzaClient['partialRefund']
    >().returns.resolves.toEqualTypeOf<PartialRefundResponse>();
    // @ts-expect-error renamed to refundOrder (the operationId its errors report)
    expectTypeOf(client.refund).toBeFunction();
  });

  test('order ids: string, number or bigint; path first, then body, then options', () => {
    expectTypeOf<Parameters<ShoplazzaClient['refundOrder']>[0]>().toEqualTypeOf<
      string | number | bigint
    >();
    void client.refundOrder(1232123n, { refund_total: '1.00' }, { currency: 'USD' });
    void client.partialRefund(1232123, { is_return: false, price: '1.00' });
    // @ts-expect-error money is a decimal string, never a number
    void client.refundOrder('1', { refund_total: 1 });
  });

  test('ids in answers are strings', () => {
    expectTypeOf<RefundOrderResult['refund_record_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PartialRefundResponse['Id']>().toEqualTypeOf<string | undefined>();
  });

  test('a 2022-01 quantity is int64: number or bigint', () => {
    void client.partialRefund('1', {
      is_return: false,
      price: '1.00',
      line_items: [{ id: 'L1', quantity: 2n }],
    });
  });

  test('a misspelt option does not type-check', () => {
    // @ts-expect-error timeoutMS is not an option (timeoutMs is)
    void client.refundOrder('1', { refund_total: '1.00' }, { timeoutMS: 5 });
    // @ts-expect-error timeoutMS is not an option (timeoutMs is)
    createShoplazzaClient({ shop: 'mystore', accessToken: 'tok', timeoutMS: 5 });
  });
});
