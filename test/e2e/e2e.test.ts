/**
 * Each client's documented operations against the sandbox, over real HTTP: the clients'
 * signing, auth, envelopes and lossless ids must satisfy the sandbox's spec checks, and the
 * sandbox's ledger proves what was (and was not) refunded when faults hit.
 */
import {
  ApiError,
  ConflictError,
  LocalValidationError,
  OutcomeUnknownError,
  RateLimitError,
  RedirectError,
} from '@refundkit/http';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import { startSandbox, type Sandbox } from '@refundkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

// Fast backoff so retry tests do not wait; everything else is the clients' defaults.
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 5 } };

const keeta = () =>
  createKeetaClient({ baseUrl: sandbox.baseUrls.keeta, ...sandbox.credentials.keeta, ...fast });
const shoplazza = (currency = 'USD') =>
  createShoplazzaClient({
    baseUrl: sandbox.baseUrls.shoplazza,
    accessToken: sandbox.credentials.shoplazza.accessToken,
    currency,
    ...fast,
  });
const kakaclo = () =>
  createKakacloClient({
    baseUrl: sandbox.baseUrls.kakaclo,
    ...sandbox.credentials.kakaclo,
    ...fast,
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Keeta client ↔ sandbox', () => {
  const order = { orderViewId: 756823555555859n, shopId: 466663 };

  it('previews, applies (signed), and the preview then shows what is left', async () => {
    const before = await keeta().previewPartialRefund(order);
    expect(before?.products?.find((p) => p.id === '1234534224')?.refundCount).toBe(3);
    await keeta().applyPartialRefund({
      ...order,
      products: [{ orderProductId: 1234534224, refundCount: 2 }],
      partRefundType: 200000,
      partRefundReason: 'Cold food',
    });
    expect(sandbox.ledger({ provider: 'keeta' })).toMatchObject([
      { orderId: '756823555555859', amount: '48.00', currency: 'SAR' },
    ]);
    const after = await keeta().previewPartialRefund(order);
    expect(after?.products?.find((p) => p.id === '1234534224')?.refundCount).toBe(1);
  });

  it('an id above 2^53 goes through exactly', async () => {
    await keeta().applyPartialRefund({
      orderViewId: '1152921504606846977',
      shopId: 466663,
      products: [{ orderProductId: 9007199254740993n, refundCount: 1 }],
      partRefundType: 200001,
    });
    expect(sandbox.ledger()).toMatchObject([
      { orderId: '1152921504606846977', lines: [{ lineId: '9007199254740993' }] },
    ]);
  });

  it('an over-refund is the sandbox`s ApiError; a missing reason never leaves the client', async () => {
    const over = await rejection(
      keeta().applyPartialRefund({
        ...order,
        products: [{ orderProductId: 1234534225, refundCount: 2 }],
        partRefundType: 200001,
      }),
    );
    expect(over).toBeInstanceOf(ApiError);
    expect((over as ApiError).code).toBe(20003);
    const local = await rejection(
      keeta().applyPartialRefund({
        ...order,
        products: [{ orderProductId: 1234534225, refundCount: 1 }],
        partRefundType: 200000,
      }),
    );
    expect(local).toBeInstanceOf(LocalValidationError);
    expect(sandbox.ledger()).toEqual([]);
  });

  it('a refund whose connection drops after it was applied: OutcomeUnknownError, applied exactly once', async () => {
    sandbox.addFaults([
      { kind: 'drop_after_apply', provider: 'keeta', operation: 'applyPartialRefund' },
    ]);
    const error = await rejection(
      keeta().applyPartialRefund({
        ...order,
        products: [{ orderProductId: 1234534225, refundCount: 1 }],
        partRefundType: 200001,
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(sandbox.ledger()).toHaveLength(1);
  });
});

describe('Shoplazza client ↔ sandbox', () => {
  it('2022-01 partial refund with a line item', async () => {
    const refund = await shoplazza().partialRefund('1232123', {
      is_return: true,
      price: '81.00',
      line_items: [{ id: '31d95f28-baf0-47c9-ad53-dbf3833f1b85', quantity: 1 }],
    });
    expect(refund.Id).toBeTruthy();
    expect(sandbox.ledger()).toMatchObject([
      { shop: 'demo-store', orderId: '1232123', amount: '81.00', refundId: refund.Id },
    ]);
  });

  it('2024-07 refund with an exact payment split', async () => {
    const data = await shoplazza().refundOrder('1232123', {
      refund_total: '0.30',
      refund_payments: [
        { payment_line_id: 'PAY1', refund_price: '0.10' },
        { payment_line_id: 'PAY2', refund_price: '0.20' },
      ],
    });
    expect(sandbox.ledger()).toMatchObject([
      { refundId: data.refund_record_id, amountMinor: '30' },
    ]);
  });

  it('a fully refunded order is a ConflictError (406)', async () => {
    await shoplazza().partialRefund('1232123', { is_return: false, price: '277.00' });
    expect(
      await rejection(shoplazza().partialRefund('1232123', { is_return: false, price: '1.00' })),
    ).toBeInstanceOf(ConflictError);
  });

  it('429 is retried and the refund applied once', async () => {
    sandbox.addFaults([
      { kind: 'rate_limit', provider: 'shoplazza', retryAfterSeconds: 0, times: 2 },
    ]);
    await shoplazza().refundOrder('1232123', { refund_total: '10.00' });
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('a redirect to another origin is not followed, and nothing is refunded', async () => {
    sandbox.addFaults([{ kind: 'redirect', provider: 'shoplazza' }]);
    const error = await rejection(shoplazza().refundOrder('1232123', { refund_total: '10.00' }));
    // For a refund a redirect proves nothing, so the client says the outcome is unknown; the
    // ledger shows what the sandbox did.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(RedirectError);
    expect(sandbox.ledger()).toEqual([]);
  });
});

describe('KakaClo client ↔ sandbox', () => {
  it('refunds, gets the exact 19-digit refund id, and follows the status to its settlement', async () => {
    const { refundId } = await kakaclo().refundOrder('10001', {
      orderItems: [{ itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1 }],
    });
    expect(refundId).toMatch(/^\d{19}$/);
    expect(sandbox.ledger()).toMatchObject([{ refundId, amount: '12.99' }]);
    expect((await kakaclo().queryRefund(refundId)).list?.[0]?.refundStatus).toBe('pending_review');
    sandbox.settleKakacloRefund(refundId, 'refund_successfully');
    expect((await kakaclo().queryRefund('10001')).list?.[0]).toMatchObject({
      refundNo: refundId,
      refundStatus: 'refund_successfully',
    });
  });

  it('a shipped order is refused with the sandbox code', async () => {
    const error = await rejection(kakaclo().refundOrder('10003'));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(40900);
  });

  it.each([
    ['malformed_json', 1],
    ['html_error', 0],
    ['server_error', 0],
  ] as const)(
    '%s on a refund: OutcomeUnknownError, never resent (ledger %i)',
    async (kind, applied) => {
      sandbox.addFaults([{ kind, provider: 'kakaclo', operation: 'refundOrder' }]);
      expect(await rejection(kakaclo().refundOrder('10001'))).toBeInstanceOf(OutcomeUnknownError);
      expect(sandbox.ledger()).toHaveLength(applied);
      expect(sandbox.ledger().length + (await kakaclo().queryRefund('10001')).list!.length).toBe(
        2 * applied,
      );
    },
  );

  it('a read is retried through a 5xx and a rate limit', async () => {
    sandbox.addFaults([
      { kind: 'server_error', provider: 'kakaclo', operation: 'queryRefund' },
      { kind: 'rate_limit', provider: 'kakaclo', operation: 'queryRefund', retryAfterSeconds: 0 },
    ]);
    expect((await kakaclo().queryRefund('10001')).list).toEqual([]);
  });

  it('too many rate limits end in RateLimitError', async () => {
    sandbox.addFaults([
      { kind: 'rate_limit', provider: 'kakaclo', retryAfterSeconds: 0, times: 5 },
    ]);
    expect(await rejection(kakaclo().refundOrder('10001'))).toBeInstanceOf(RateLimitError);
    expect(sandbox.ledger()).toEqual([]);
  });
});
