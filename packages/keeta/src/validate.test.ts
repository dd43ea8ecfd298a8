import { describe, expect, test } from 'vitest';
import { InputCheck } from '@refundkit/http';
import {
  checkApplyFields as applyFields,
  checkPreviewFields as previewFields,
} from './validate.js';

const check = new InputCheck({ provider: 'keeta', operation: 'test' });
const checkApplyFields = (value: unknown) => applyFields(check, value);
const checkPreviewFields = (value: unknown) => previewFields(check, value);

describe('checked fields are what gets signed and sent', () => {
  test('ids become their exact form; products keep only documented keys, in a fixed order', () => {
    const fields = checkApplyFields({
      orderViewId: '756823555555859',
      shopId: 466663n,
      products: [{ refundCount: 2, orderProductId: '1152921504606846977', note: undefined }],
      partRefundType: 200003,
      partRefundReason: '',
      comment: undefined,
    });
    expect(fields).toStrictEqual({
      orderViewId: 756823555555859,
      shopId: 466663,
      products: [{ orderProductId: 1152921504606846977n, refundCount: 2 }],
      partRefundType: 200003,
      partRefundReason: '',
    });
    expect(Object.keys(fields.products[0]!)).toEqual(['orderProductId', 'refundCount']);
  });

  test('a standard reason may be left out', () => {
    const fields = checkApplyFields({
      orderViewId: 1,
      shopId: 2,
      products: [{ orderProductId: 3, refundCount: 1 }],
      partRefundType: 200004,
    });
    expect(fields).not.toHaveProperty('partRefundReason');
  });

  test('a preview without products sends no products key', () => {
    expect(checkPreviewFields({ orderViewId: 1, shopId: 2, products: undefined })).toStrictEqual({
      orderViewId: 1,
      shopId: 2,
    });
  });
});
