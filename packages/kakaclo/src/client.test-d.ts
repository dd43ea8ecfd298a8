/**
 * Type-level tests of the client's public types: they stay compatible with the generated
 * spec types, and the mistakes the runtime checks refuse are caught by the compiler first.
 */
import { describe, expectTypeOf, test } from 'vitest';
import { parseJson } from './index.js';
import type {
  components,
  createKakacloClient,
  KakacloClient,
  KakacloId,
  KakacloRefundItem,
  KakacloRefundPage,
  KakacloRefundRequest,
  KakacloRefundStatus,
  RequestOptions,
} from './index.js';

declare const client: KakacloClient;

describe('KakacloClient', () => {
  test('a refund request is a valid body for the spec (items aside from readonly-ness)', () => {
    type Body = components['schemas']['RefundOrderRequest'];
    type Item = components['schemas']['RefundOrderItem'];
    expectTypeOf<Omit<KakacloRefundRequest, 'orderItems'>>().toExtend<Omit<Body, 'orderItems'>>();
    expectTypeOf<KakacloRefundItem>().toExtend<Item>();
  });

  test('refundOrder resolves with the refund id as a string', () => {
    expectTypeOf(client.refundOrder('10001')).resolves.toEqualTypeOf<{ refundId: string }>();
  });

  test('queryRefund resolves with the page; refundNo is a string', () => {
    expectTypeOf(client.queryRefund(10001n)).resolves.toEqualTypeOf<KakacloRefundPage>();
    type RefundNo = NonNullable<KakacloRefundPage['list']>[number]['refundNo'];
    expectTypeOf<RefundNo>().toEqualTypeOf<string | undefined>();
    expectTypeOf<KakacloRefundStatus>().toEqualTypeOf<
      'pending_review' | 'refund_successfully' | 'refund_failed'
    >();
  });

  test('items need a skuCode and a quantity; misspelt fields do not compile', () => {
    // @ts-expect-error quantity is required
    void client.refundOrder('1', { orderItems: [{ skuCode: 'SKU' }] });
    // @ts-expect-error the field is orderItems
    void client.refundOrder('1', { items: [{ skuCode: 'SKU', quantity: 1 }] });
    // @ts-expect-error quantity is a number
    void client.refundOrder('1', { orderItems: [{ skuCode: 'SKU', quantity: '1' }] });
  });

  test('path parameters first, then the body, then the per-call options', () => {
    expectTypeOf<Parameters<KakacloClient['refundOrder']>>().toEqualTypeOf<
      [orderId: KakacloId, body?: KakacloRefundRequest, options?: RequestOptions]
    >();
    expectTypeOf<Parameters<KakacloClient['queryRefund']>>().toEqualTypeOf<
      [id: KakacloId, options?: RequestOptions]
    >();
    expectTypeOf<KakacloId>().toEqualTypeOf<string | number | bigint>();
  });

  test('a misspelt option does not compile (and is refused at run time too)', () => {
    type Options = Parameters<typeof createKakacloClient>[0];
    // @ts-expect-error the option is timeoutMs
    const misspelt: Options = { accessToken: 't', timeoutMS: 5 };
    // @ts-expect-error logger is a client option, not a per-call one
    void client.queryRefund('1', { logger: () => undefined });
    expectTypeOf(misspelt).toEqualTypeOf<Options>();
  });

  test('countryCode is any string (the spec documents no format)', () => {
    expectTypeOf<KakacloRefundItem['countryCode']>().toEqualTypeOf<string | undefined>();
  });

  test('parseJson is exported for raw answers read as text', () => {
    expectTypeOf(parseJson).toEqualTypeOf<(text: string) => unknown>();
  });
});

describe('KakacloRefundItem names its item', () => {
  test('by itemId, by skuCode, or both; not by neither', () => {
    expectTypeOf<{ itemId: string; quantity: number }>().toExtend<KakacloRefundItem>();
    expectTypeOf<{ skuCode: string; quantity: number }>().toExtend<KakacloRefundItem>();
    expectTypeOf<{
      itemId: string;
      skuCode: string;
      quantity: number;
    }>().toExtend<KakacloRefundItem>();
    expectTypeOf<{ quantity: number }>().not.toExtend<KakacloRefundItem>();
  });
});
