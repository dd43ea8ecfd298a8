/**
 * Type tests of the unified request: what a provider needs is required at compile time, and
 * what it cannot take is a compile error. vitest runs this file through `tsc`: an
 * `@ts-expect-error` that no longer has an error to expect fails the run.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  KakacloRefundLine,
  KakacloRefundRequest,
  KeetaRefundRequest,
  RefundRequest,
  ShoplazzaRefund2022Request,
  ShoplazzaRefund2024Request,
} from './request.js';

const usd = { currency: 'USD', amount: '10.00' } as const;

const keeta = {
  provider: 'keeta',
  idempotencyKey: 'k-1',
  orderId: '756823555555859',
  shopId: '466663',
  lines: [{ lineId: '1234534224', quantity: 1 }],
  reason: { code: 200001 },
} as const satisfies RefundRequest;

const kakacloLines = {
  provider: 'kakaclo',
  idempotencyKey: 'k-2',
  orderId: '10001',
  lines: [{ lineId: '120001', quantity: 1 }],
} as const satisfies RefundRequest;

const kakacloWhole = {
  provider: 'kakaclo',
  idempotencyKey: 'k-3',
  orderId: '10001',
  wholeOrder: true,
} as const satisfies RefundRequest;

const shop2022 = {
  provider: 'shoplazza',
  apiVersion: '2022-01',
  idempotencyKey: 'k-4',
  orderId: '1232123',
  amount: usd,
  returnGoods: false,
} as const satisfies RefundRequest;

const shop2024 = {
  provider: 'shoplazza',
  apiVersion: '2024-07',
  idempotencyKey: 'k-5',
  orderId: '1232123',
  amount: usd,
  productAmount: usd,
  payments: [{ paymentLineId: 'PAY1', amount: usd }],
} as const satisfies RefundRequest;

describe('RefundRequest: what compiles', () => {
  it('takes one request per provider and Shoplazza version', () => {
    expectTypeOf(keeta).toExtend<KeetaRefundRequest>();
    expectTypeOf(kakacloLines).toExtend<KakacloRefundRequest>();
    expectTypeOf(kakacloWhole).toExtend<KakacloRefundRequest>();
    expectTypeOf(shop2022).toExtend<ShoplazzaRefund2022Request>();
    expectTypeOf(shop2024).toExtend<ShoplazzaRefund2024Request>();
  });

  it('takes the optional fields each provider has', () => {
    // Typed per provider: a spread of a literal does not discriminate the union by itself.
    const keetaOther: KeetaRefundRequest = {
      ...keeta,
      note: 'n',
      reason: { code: 200000, text: 'other' },
    };
    const kakacloReason: KakacloRefundRequest = {
      ...kakacloLines,
      reason: { code: 'Out Of Stock', text: 'remark' },
    };
    const kakacloSku: KakacloRefundRequest = {
      ...kakacloLines,
      lines: [
        { skuCode: 'SKU', countryCode: 'US', quantity: 2 },
        { lineId: '1', skuCode: 'SKU', quantity: 2 },
      ],
    };
    const shopLines: ShoplazzaRefund2022Request = {
      ...shop2022,
      shop: 'demo-store',
      lines: [{ lineId: 'LI1', quantity: 1 }],
    };
    const shopFull: ShoplazzaRefund2024Request = {
      ...shop2024,
      note: 'damaged',
      shipping: usd,
      tip: usd,
      additionalFees: [{ name: 'wrap', amount: usd }],
      lines: [{ lineId: 'LI1', quantity: 1, waitingShipQuantity: 0, returnInventory: true }],
    };
    const full = [keetaOther, kakacloReason, kakacloSku, shopLines, shopFull];
    expectTypeOf(full).items.toExtend<RefundRequest>();
  });

  it('narrows on provider and apiVersion', () => {
    const narrow = (request: RefundRequest) => {
      if (request.provider === 'keeta') expectTypeOf(request.shopId).toEqualTypeOf<string>();
      if (request.provider === 'shoplazza' && request.apiVersion === '2024-07') {
        expectTypeOf(request.payments).items.toHaveProperty('paymentLineId');
      }
    };
    expectTypeOf(narrow).parameter(0).toEqualTypeOf<RefundRequest>();
  });
});

describe('RefundRequest: what does not compile', () => {
  it('Keeta needs shopId, reason and lines, and takes no wholeOrder or amount', () => {
    const noShop = keeta as Omit<typeof keeta, 'shopId'>;
    const noReason = keeta as Omit<typeof keeta, 'reason'>;
    const noLines = keeta as Omit<typeof keeta, 'lines'>;
    // @ts-expect-error shopId is required
    const a: RefundRequest = noShop;
    // @ts-expect-error reason is required
    const b: RefundRequest = noReason;
    // @ts-expect-error lines are required
    const c: RefundRequest = noLines;
    // @ts-expect-error Keeta has no whole-order refund
    const d: RefundRequest = { ...keeta, wholeOrder: true };
    // @ts-expect-error Keeta takes no amount
    const e: RefundRequest = { ...keeta, amount: usd };
    // @ts-expect-error code 200000 needs a text
    const f: RefundRequest = { ...keeta, reason: { code: 200000 } };
    // @ts-expect-error not a Keeta reason code
    const g: RefundRequest = { ...keeta, reason: { code: 123 } };
    expectTypeOf([a, b, c, d, e, f, g]).items.toExtend<RefundRequest>();
  });

  it('KakaClo takes lines or wholeOrder, exactly one; each line names lineId or skuCode', () => {
    const neither = kakacloLines as Omit<typeof kakacloLines, 'lines'>;
    // @ts-expect-error both lines and wholeOrder
    const a: RefundRequest = { ...kakacloLines, wholeOrder: true };
    // @ts-expect-error neither lines nor wholeOrder
    const b: RefundRequest = neither;
    // @ts-expect-error a line needs lineId or skuCode
    const c: KakacloRefundLine = { quantity: 1 };
    // @ts-expect-error wholeOrder is `true` or left out
    const d: RefundRequest = { ...kakacloWhole, wholeOrder: false };
    // @ts-expect-error KakaClo takes no amount
    const e: RefundRequest = { ...kakacloWhole, amount: usd };
    expectTypeOf([a, b, d, e]).items.toExtend<RefundRequest>();
    expectTypeOf(c).toExtend<KakacloRefundLine>();
  });

  it('Shoplazza needs apiVersion and what its version needs, and takes no reason', () => {
    const noVersion = shop2022 as Omit<typeof shop2022, 'apiVersion'>;
    const noReturnGoods = shop2022 as Omit<typeof shop2022, 'returnGoods'>;
    const noPayments = shop2024 as Omit<typeof shop2024, 'payments'>;
    const noAmount = shop2022 as Omit<typeof shop2022, 'amount'>;
    // @ts-expect-error apiVersion is required
    const a: RefundRequest = noVersion;
    // @ts-expect-error 2022-01 needs returnGoods
    const b: RefundRequest = noReturnGoods;
    // @ts-expect-error 2024-07 needs payments
    const c: RefundRequest = noPayments;
    // @ts-expect-error an amount is required
    const d: RefundRequest = noAmount;
    // @ts-expect-error Shoplazza has no field for a reason
    const e: RefundRequest = { ...shop2022, reason: { text: 'broken' } };
    // @ts-expect-error an amount is a decimal string, never a number
    const f: RefundRequest = { ...shop2022, amount: { currency: 'USD', amount: 10 } };
    // @ts-expect-error an unknown API version
    const g: RefundRequest = { ...shop2022, apiVersion: '2023-01' };
    // @ts-expect-error 2022-01 takes no 2024-07 totals
    const h: ShoplazzaRefund2022Request = { ...shop2022, productAmount: usd };
    // @ts-expect-error Shoplazza has no whole-order refund
    const i: RefundRequest = { ...shop2022, wholeOrder: true };
    expectTypeOf([a, b, c, d, e, f, g, i]).items.toExtend<RefundRequest>();
    expectTypeOf(h).toExtend<ShoplazzaRefund2022Request>();
  });

  it('every provider needs idempotencyKey and orderId, and an amount never is a number', () => {
    const noKey = kakacloWhole as Omit<typeof kakacloWhole, 'idempotencyKey'>;
    const noOrder = kakacloWhole as Omit<typeof kakacloWhole, 'orderId'>;
    // @ts-expect-error idempotencyKey is required
    const a: RefundRequest = noKey;
    // @ts-expect-error orderId is required
    const b: RefundRequest = noOrder;
    // @ts-expect-error a 2024-07 payment amount is Money, not a number
    const c: RefundRequest = { ...shop2024, payments: [{ paymentLineId: 'P', amount: 10 }] };
    // @ts-expect-error an unknown provider
    const d: RefundRequest = { ...kakacloWhole, provider: 'stripe' };
    expectTypeOf([a, b, c, d]).items.toExtend<RefundRequest>();
  });
});
