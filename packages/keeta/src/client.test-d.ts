/**
 * Type-level tests of the client's public signatures: ids accept number, bigint and digit
 * strings; the endpoint's own fields are typed from the spec; the common parameters are the
 * client's business.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  createKeetaClient,
  KEETA_PART_REFUND_TYPES,
  type ApplyPartialRefundInput,
  type PartRefundType,
  type PartialRefundPreview,
  type PreviewPartialRefundInput,
  type WithStringIds,
  type components,
} from './index.js';

type Client = ReturnType<typeof createKeetaClient>;

describe('applyPartialRefund', () => {
  test('ids may be number, bigint or digit string', () => {
    expectTypeOf({
      orderViewId: 2n ** 60n,
      shopId: '466663',
      products: [{ orderProductId: 1234534224, refundCount: 1 }],
      partRefundType: 200001 as const,
    }).toExtend<ApplyPartialRefundInput>();
  });

  test('resolves with unknown (Keeta documents no data)', () => {
    expectTypeOf<ReturnType<Client['applyPartialRefund']>>().resolves.toBeUnknown();
  });

  test('wrong inputs do not type-check', () => {
    const valid: ApplyPartialRefundInput = {
      orderViewId: 1,
      shopId: 2,
      products: [{ orderProductId: 3, refundCount: 1 }],
      partRefundType: 200000,
      partRefundReason: 'Do not like',
    };
    // @ts-expect-error 123 is not a documented partRefundType
    const badType: ApplyPartialRefundInput = { ...valid, partRefundType: 123 };
    // @ts-expect-error refundCount is required
    const noCount: ApplyPartialRefundInput = { ...valid, products: [{ orderProductId: 3 }] };
    // @ts-expect-error the client adds sig itself
    const withSig: ApplyPartialRefundInput = { ...valid, sig: 'x' };
    const withoutProducts: Omit<ApplyPartialRefundInput, 'products'> = {
      orderViewId: 1,
      shopId: 2,
      partRefundType: 200000,
      partRefundReason: 'Do not like',
    };
    // @ts-expect-error products is required
    const noProducts: ApplyPartialRefundInput = withoutProducts;
    expectTypeOf([badType, noCount, withSig, noProducts]).toBeArray();
  });

  test('the reason codes come from the spec', () => {
    expectTypeOf<ApplyPartialRefundInput['partRefundType']>().toEqualTypeOf<
      components['schemas']['PartialRefundApplyFields']['partRefundType']
    >();
  });
});

describe('previewPartialRefund', () => {
  test('products may be left out', () => {
    expectTypeOf({ orderViewId: '1', shopId: 2 }).toExtend<PreviewPartialRefundInput>();
  });

  test('resolves with the spec preview data, ids as strings', () => {
    expectTypeOf<ReturnType<Client['previewPartialRefund']>>().resolves.toEqualTypeOf<
      PartialRefundPreview | undefined
    >();
    expectTypeOf<PartialRefundPreview>().toEqualTypeOf<
      WithStringIds<components['schemas']['PartialRefundPreview']>
    >();
  });

  test('every int64 id is a string; counts, amounts and codes keep their types', () => {
    type Product = NonNullable<PartialRefundPreview['products']>[number];
    type Group = NonNullable<Product['choiceGroupList']>[number];
    type Option = NonNullable<Group['choiceGroupSkuList']>[number];
    type Promotion = NonNullable<PartialRefundPreview['promotionInfoList']>[number];
    expectTypeOf<Product['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product['spuId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product['skuId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Group['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Option['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Option['spuId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product['count']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Product['price']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Option['refundPrice']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<Promotion['originFee']>['amount']>().toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf<PartialRefundPreview['refundPrice']>().toEqualTypeOf<
      Record<string, unknown> | undefined
    >();
  });
});

describe('KEETA_PART_REFUND_TYPES', () => {
  test('lists exactly the generated partRefundType codes, both ways', () => {
    expectTypeOf<(typeof KEETA_PART_REFUND_TYPES)[number]>().toEqualTypeOf<PartRefundType>();
  });
});
