/**
 * Type-level tests of the client's public signatures: ids accept number, bigint and digit
 * strings; the endpoint's own fields are typed from the spec; the common parameters are the
 * client's business.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  createKeetaClient,
  type ApplyPartialRefundInput,
  type PartialRefundPreview,
  type PreviewPartialRefundInput,
  type components,
} from './index.js';

const client = createKeetaClient({ appId: 123n, appSecret: 's', accessToken: 't' });

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
    expectTypeOf(client.applyPartialRefund).returns.resolves.toBeUnknown();
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
    const { products: _p, ...withoutProducts } = valid;
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

  test('resolves with the spec preview data', () => {
    expectTypeOf(client.previewPartialRefund).returns.resolves.toEqualTypeOf<
      PartialRefundPreview | undefined
    >();
    expectTypeOf<PartialRefundPreview>().toEqualTypeOf<
      components['schemas']['PartialRefundPreview']
    >();
  });
});
