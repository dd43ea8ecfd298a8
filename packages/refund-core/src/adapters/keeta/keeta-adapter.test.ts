/**
 * The Keeta adapter over a fake client object: what it sends, what it refuses before sending,
 * and the before/after count comparison that reconciles an unknown outcome.
 */
import { LocalValidationError, type RequestOptions } from '@refundkit/http';
import type { KeetaClient, PartialRefundPreview } from '@refundkit/keeta';
import { describe, expect, it } from 'vitest';
import type { ProviderCall } from '../../adapter.js';
import { coreCheck } from '../../request-check.js';
import type { KeetaRefundRequest, RefundRequest } from '../../request.js';
import { keetaAdapter } from './keeta-adapter.js';

/** A Keeta client that records its calls and answers previews from a script (last repeats). */
function fakeKeeta(previews: (PartialRefundPreview | undefined)[] = [undefined]) {
  const applied: { body: unknown; options: unknown }[] = [];
  const previewed: unknown[] = [];
  const client = {
    applyPartialRefund: (body: unknown, options: unknown) => {
      applied.push({ body, options });
      return Promise.resolve(undefined);
    },
    previewPartialRefund: (body: unknown) => {
      previewed.push(body);
      return Promise.resolve(previews[Math.min(previewed.length, previews.length) - 1]);
    },
  } as unknown as KeetaClient;
  return { adapter: keetaAdapter(client), applied, previewed };
}

const call: ProviderCall = Object.assign(
  <T>(run: (options: RequestOptions) => Promise<T>) => run({ timeoutMs: 1234 }),
  { signal: undefined },
);

const REQUEST: KeetaRefundRequest = {
  provider: 'keeta',
  idempotencyKey: 'k-1',
  orderId: '756823555555859',
  shopId: '466663',
  lines: [
    { lineId: '1234534224', quantity: 2 },
    { lineId: '1234534225', quantity: 1 },
  ],
  reason: { code: 200001 },
};

function prepare(adapter: ReturnType<typeof fakeKeeta>['adapter'], request: unknown) {
  return adapter.prepare(request as RefundRequest, coreCheck('keeta', 'refund'));
}

/** A preview listing `counts` as refundable units per order product id. */
function preview(counts: Record<string, number>): PartialRefundPreview {
  return {
    products: Object.entries(counts).map(([id, refundCount]) => ({ id, refundCount, count: 3 })),
  };
}

describe('keetaAdapter: the request', () => {
  it('maps lines and the reason to applyPartialRefund, passing the call options through', async () => {
    const { adapter, applied } = fakeKeeta();
    const prepared = prepare(adapter, REQUEST);
    expect(prepared.orderKey).toBe('keeta:466663:756823555555859');
    expect(await adapter.send(prepared, call)).toEqual({ status: 'pending', raw: undefined });
    expect(applied).toEqual([
      {
        body: {
          orderViewId: '756823555555859',
          shopId: '466663',
          products: [
            { orderProductId: '1234534224', refundCount: 2 },
            { orderProductId: '1234534225', refundCount: 1 },
          ],
          partRefundType: 200001,
        },
        options: { timeoutMs: 1234 },
      },
    ]);
  });

  it('sends a reason text as partRefundReason, with code 200000 and with a standard code', async () => {
    const { adapter, applied } = fakeKeeta();
    await adapter.send(
      prepare(adapter, { ...REQUEST, reason: { code: 200000, text: 'Customer changed mind' } }),
      call,
    );
    await adapter.send(
      prepare(adapter, { ...REQUEST, reason: { code: 200003, text: 'Cold' } }),
      call,
    );
    expect(applied.map((a) => a.body)).toMatchObject([
      { partRefundType: 200000, partRefundReason: 'Customer changed mind' },
      { partRefundType: 200003, partRefundReason: 'Cold' },
    ]);
  });

  it('keeps ids above 2^53 as exact digits', async () => {
    const { adapter, applied } = fakeKeeta();
    const big = {
      ...REQUEST,
      orderId: '1152921504606846977',
      lines: [{ lineId: '9007199254740993', quantity: 1 }],
    };
    await adapter.send(prepare(adapter, big), call);
    expect(applied[0]!.body).toMatchObject({
      orderViewId: '1152921504606846977',
      products: [{ orderProductId: '9007199254740993', refundCount: 1 }],
    });
  });

  it.each([
    ['shopId left out', { shopId: undefined }, 'shopId'],
    ['shopId not digits', { shopId: '46a' }, 'shopId'],
    ['orderId not digits', { orderId: '12-3' }, 'orderId'],
    ['orderId above int64', { orderId: '9223372036854775808' }, 'orderId'],
    ['no lines', { lines: [] }, 'lines'],
    ['lines left out', { lines: undefined }, 'lines'],
    ['a zero quantity', { lines: [{ lineId: '1', quantity: 0 }] }, 'lines[0].quantity'],
    ['a fractional quantity', { lines: [{ lineId: '1', quantity: 1.5 }] }, 'lines[0].quantity'],
    ['a line id not digits', { lines: [{ lineId: 'abc', quantity: 1 }] }, 'lines[0].lineId'],
    ['an unknown line field', { lines: [{ lineId: '1', quantity: 1, sku: 'x' }] }, 'lines[0].sku'],
    ['reason left out', { reason: undefined }, 'reason'],
    ['an unknown reason code', { reason: { code: 123 } }, 'reason.code'],
    ['code 200000 without text', { reason: { code: 200000 } }, 'reason.text'],
    ['an empty reason text', { reason: { code: 200001, text: '' } }, 'reason.text'],
    ['wholeOrder', { wholeOrder: true }, 'wholeOrder'],
    ['an amount', { amount: { currency: 'SAR', amount: '1.00' } }, 'amount'],
  ])('refuses %s, naming %s', (_name, change, field) => {
    const { adapter } = fakeKeeta();
    const request = Object.fromEntries(
      Object.entries({ ...REQUEST, ...change }).filter(([, value]) => value !== undefined),
    );
    let error: unknown;
    try {
      prepare(adapter, request);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe(field);
  });
});

describe('keetaAdapter: reconciliation by refundable counts', () => {
  async function reconcileWith(before: Record<string, number>, after: Record<string, number>) {
    const { adapter, previewed } = fakeKeeta([preview(before), preview(after)]);
    const prepared = prepare(adapter, REQUEST);
    const baseline = await adapter.snapshot(prepared, call);
    const proof = await adapter.reconcile(prepared, JSON.parse(JSON.stringify(baseline)), call);
    expect(previewed).toEqual([
      { orderViewId: '756823555555859', shopId: '466663' },
      { orderViewId: '756823555555859', shopId: '466663' },
    ]);
    return proof;
  }

  it('snapshots the refundable units per product', async () => {
    const { adapter } = fakeKeeta([preview({ '1234534224': 3, '1234534225': 1 })]);
    expect(await adapter.snapshot(prepare(adapter, REQUEST), call)).toEqual({
      refundable: { '1234534224': 3, '1234534225': 1 },
    });
  });

  it('exactly the requested units gone: applied (pending, as Keeta decides later)', async () => {
    const proof = await reconcileWith(
      { '1234534224': 3, '1234534225': 1, '999': 2 },
      { '1234534224': 1, '999': 2 }, // 1234534225 fully refunded: no longer listed
    );
    expect(proof).toMatchObject({ outcome: 'applied', refund: { status: 'pending' } });
    expect(proof.evidence).toContain('1234534224');
  });

  it('nothing changed: not applied', async () => {
    const counts = { '1234534224': 3, '1234534225': 1 };
    expect(await reconcileWith(counts, counts)).toMatchObject({ outcome: 'not_applied' });
  });

  it('a partial change (fewer units than asked): inconclusive', async () => {
    const proof = await reconcileWith(
      { '1234534224': 3, '1234534225': 1 },
      { '1234534224': 2, '1234534225': 0 },
    );
    expect(proof.outcome).toBe('inconclusive');
  });

  it('the requested units gone but an unrelated product changed too: inconclusive', async () => {
    const proof = await reconcileWith(
      { '1234534224': 3, '1234534225': 1, '999': 2 },
      { '1234534224': 1, '1234534225': 0, '999': 1 },
    );
    expect(proof.outcome).toBe('inconclusive');
    expect(proof.evidence).toContain('999');
  });

  it('only an unrelated product changed: inconclusive, not "not applied"', async () => {
    const proof = await reconcileWith(
      { '1234534224': 3, '1234534225': 1, '999': 2 },
      { '1234534224': 3, '1234534225': 1, '999': 0 },
    );
    expect(proof.outcome).toBe('inconclusive');
  });

  it('no baseline recorded: inconclusive', async () => {
    const { adapter } = fakeKeeta([preview({ '1234534224': 1 })]);
    const proof = await adapter.reconcile(prepare(adapter, REQUEST), undefined, call);
    expect(proof.outcome).toBe('inconclusive');
  });
});

describe('keetaAdapter: preview', () => {
  it('maps the refundable items to the unified shape', async () => {
    const { adapter } = fakeKeeta([
      {
        products: [
          {
            id: '1234534224',
            name: 'Chicken burger',
            count: 3,
            refundCount: 2,
            price: 'SAR 24.00',
          },
        ],
      },
    ]);
    const result = await adapter.preview!(
      { provider: 'keeta', orderId: '756823555555859', shopId: '466663' },
      call,
    );
    expect(result.lines).toEqual([
      {
        lineId: '1234534224',
        name: 'Chicken burger',
        quantity: 3,
        refundableQuantity: 2,
        unitPriceText: 'SAR 24.00',
      },
    ]);
  });
});
