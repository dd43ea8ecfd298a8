/**
 * Type-level tests of the generated Keeta types: documented requests type-check, wrong
 * ones do not (each `@ts-expect-error` fails the run if the error it expects goes away).
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { components, paths } from './index.js';

type ApplyBody =
  paths['/order/refund/part/apply']['post']['requestBody']['content']['application/json'];
type PreviewBody =
  paths['/order/refund/part/products/preview']['post']['requestBody']['content']['application/json'];
type PreviewAnswer =
  paths['/order/refund/part/products/preview']['post']['responses'][200]['content']['application/json'];

const common = {
  appId: 123,
  accessToken: 'abc',
  timestamp: 1682566749,
  sig: 'a0598e138aee0c52ddbc640582ddd0e07334d50f168ea8ef1c17ea0580e0c3bd',
};

/** The page's example request, with the signing page's demo common parameters. */
const documentedBody = {
  ...common,
  orderViewId: 756823555555859,
  shopId: 466663,
  products: [{ orderProductId: 1234534224, refundCount: 1 }],
  partRefundType: 200000,
  partRefundReason: 'Do not like',
} satisfies ApplyBody;

/** `value` without `key`, typed so. */
function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  Reflect.deleteProperty(copy, key);
  return copy;
}

describe('applyPartialRefund request', () => {
  test('the documented body type-checks', () => {
    expectTypeOf(documentedBody).toExtend<ApplyBody>();
  });

  test('the common parameters are required', () => {
    expectTypeOf<ApplyBody>().toHaveProperty('sig').toEqualTypeOf<string>();
    // int64: a bigint keeps ids above 2^53 exact.
    expectTypeOf<ApplyBody>().toHaveProperty('appId').toEqualTypeOf<number | bigint>();
  });

  test('the endpoint fields exist without the common parameters', () => {
    type Fields = components['schemas']['PartialRefundApplyFields'];
    expectTypeOf<Fields>().not.toHaveProperty('sig');
    expectTypeOf<Fields['partRefundType']>().toEqualTypeOf<
      200000 | 200001 | 200002 | 200003 | 200004
    >();
  });

  test('wrong bodies do not type-check', () => {
    const valid = documentedBody;
    const withoutProducts = without(valid, 'products');
    const unsigned = without(valid, 'sig');

    // @ts-expect-error products is required
    const missingProducts: ApplyBody = withoutProducts;
    // @ts-expect-error sig is required
    const missingSig: ApplyBody = unsigned;
    const unknownReason: ApplyBody = {
      ...valid,
      // @ts-expect-error 123 is not a documented partRefundType
      partRefundType: 123,
    };
    const stringId: ApplyBody = {
      ...valid,
      // @ts-expect-error orderViewId is an integer, not a string
      orderViewId: '1',
    };
    const countless: ApplyBody = {
      ...valid,
      // @ts-expect-error refundCount is required on each product
      products: [{ orderProductId: 1 }],
    };
    expectTypeOf([missingProducts, missingSig, unknownReason, stringId, countless]).toBeArray();
  });
});

describe('previewPartialRefund', () => {
  test('products may be left out', () => {
    expectTypeOf({ ...common, orderViewId: 1, shopId: 2 }).toExtend<PreviewBody>();
  });

  test('the answer carries typed preview data', () => {
    type Product = NonNullable<NonNullable<PreviewAnswer['data']>['products']>[number];
    expectTypeOf<Product['price']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product['skuId']>().toEqualTypeOf<number | bigint | undefined>();
    expectTypeOf<Product['count']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<PreviewAnswer['code']>().toEqualTypeOf<number>();
  });
});
