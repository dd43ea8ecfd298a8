/**
 * The KakaClo adapter over a fake client object: the exact refundOrder body, what it refuses
 * before sending, and the refund-number comparison that reconciles an unknown outcome.
 */
import { LocalValidationError, type RequestOptions } from '@refundkit/http';
import type { KakacloClient, KakacloRefundPage, KakacloRefundStatus } from '@refundkit/kakaclo';
import { describe, expect, it } from 'vitest';
import type { ProviderCall } from '../../adapter.js';
import { coreCheck } from '../../request-check.js';
import type { RefundRequest } from '../../request.js';
import type { RefundResult } from '../../result.js';
import { kakacloAdapter } from './kakaclo-adapter.js';

/** A client that records refundOrder calls and answers queryRefund from a script (last repeats). */
function fakeKakaclo(pages: KakacloRefundPage[] = [{ list: [] }]) {
  const refunded: { orderId: unknown; body: unknown; options: unknown }[] = [];
  const queried: unknown[] = [];
  const client = {
    refundOrder: (orderId: unknown, body: unknown, options: unknown) => {
      refunded.push({ orderId, body, options });
      return Promise.resolve({ refundId: '1560897343230267394' });
    },
    queryRefund: (id: unknown) => {
      queried.push(id);
      return Promise.resolve(pages[Math.min(queried.length, pages.length) - 1]);
    },
  } as unknown as KakacloClient;
  return { adapter: kakacloAdapter(client), refunded, queried };
}

const call: ProviderCall = Object.assign(
  <T>(run: (options: RequestOptions) => Promise<T>) => run({ timeoutMs: 555 }),
  { signal: undefined },
);

const LINES: RefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'k-1',
  orderId: '10001',
  reason: { code: 'Out Of Stock', text: 'warehouse empty' },
  lines: [
    { lineId: '120001', quantity: 1 },
    { skuCode: 'FSZW08923_R_L_NUB', countryCode: 'US', quantity: 2 },
  ],
};

function prepare(adapter: ReturnType<typeof fakeKakaclo>['adapter'], request: unknown) {
  return adapter.prepare(request as RefundRequest, coreCheck('kakaclo', 'refund'));
}

const record = (refundNo: string, refundStatus: KakacloRefundStatus = 'pending_review') => ({
  refundNo,
  refundStatus,
  id: '10001',
});

describe('kakacloAdapter: the request', () => {
  it('maps lines and the reason to refundOrder, exactly', async () => {
    const { adapter, refunded } = fakeKakaclo();
    const prepared = prepare(adapter, LINES);
    expect(prepared).toMatchObject({ orderKey: 'kakaclo:10001', bucket: 'kakaclo' });
    expect(await adapter.send(prepared, call)).toEqual({
      status: 'pending',
      refundId: '1560897343230267394',
      raw: { refundId: '1560897343230267394' },
    });
    expect(refunded).toEqual([
      {
        orderId: '10001',
        body: {
          refundReason: 'Out Of Stock',
          remark: 'warehouse empty',
          orderItems: [
            { itemId: '120001', quantity: 1 },
            { skuCode: 'FSZW08923_R_L_NUB', countryCode: 'US', quantity: 2 },
          ],
        },
        options: { timeoutMs: 555 },
      },
    ]);
  });

  it('a whole-order refund sends no orderItems', async () => {
    const { adapter, refunded } = fakeKakaclo();
    await adapter.send(
      prepare(adapter, {
        provider: 'kakaclo',
        idempotencyKey: 'k',
        orderId: '10004',
        wholeOrder: true,
      }),
      call,
    );
    await adapter.send(
      prepare(adapter, {
        provider: 'kakaclo',
        idempotencyKey: 'k2',
        orderId: '10004',
        wholeOrder: true,
        reason: { code: 'Other' },
      }),
      call,
    );
    expect(refunded.map((r) => r.body)).toEqual([{}, { refundReason: 'Other' }]);
  });

  it.each([
    ['lines and wholeOrder', { ...LINES, wholeOrder: true }, 'wholeOrder'],
    [
      'neither lines nor wholeOrder',
      { provider: 'kakaclo', idempotencyKey: 'k', orderId: '1' },
      'lines',
    ],
    [
      'wholeOrder false',
      { provider: 'kakaclo', idempotencyKey: 'k', orderId: '1', wholeOrder: false },
      'wholeOrder',
    ],
    ['no lines', { ...LINES, lines: [] }, 'lines'],
    [
      'a line with neither lineId nor skuCode',
      { ...LINES, lines: [{ quantity: 1 }] },
      'lines[0].lineId',
    ],
    ['a zero quantity', { ...LINES, lines: [{ lineId: '1', quantity: 0 }] }, 'lines[0].quantity'],
    [
      'a quantity as text',
      { ...LINES, lines: [{ lineId: '1', quantity: '1' }] },
      'lines[0].quantity',
    ],
    ['an empty skuCode', { ...LINES, lines: [{ skuCode: '', quantity: 1 }] }, 'lines[0].skuCode'],
    [
      'an unknown line field',
      { ...LINES, lines: [{ lineId: '1', quantity: 1, price: '1' }] },
      'lines[0].price',
    ],
    ['an amount', { ...LINES, amount: { currency: 'USD', amount: '1' } }, 'amount'],
    ['an empty reason code', { ...LINES, reason: { code: '' } }, 'reason.code'],
    ['an unknown reason field', { ...LINES, reason: { why: 'x' } }, 'reason.why'],
  ])('refuses %s', (_name, request, field) => {
    const { adapter } = fakeKakaclo();
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

describe('kakacloAdapter: reconciliation by refund numbers', () => {
  async function reconcileWith(before: KakacloRefundPage, after: KakacloRefundPage) {
    const { adapter, queried } = fakeKakaclo([before, after]);
    const prepared = prepare(adapter, LINES);
    const baseline = await adapter.snapshot(prepared, call);
    const proof = await adapter.reconcile(prepared, JSON.parse(JSON.stringify(baseline)), call);
    expect(queried).toEqual(['10001', '10001']);
    return proof;
  }
  const BEFORE: KakacloRefundPage = {
    total: 2,
    list: [record('111'), record('222', 'refund_failed')],
  };

  it('snapshots the refund numbers the order has', async () => {
    const { adapter } = fakeKakaclo([BEFORE]);
    expect(await adapter.snapshot(prepare(adapter, LINES), call)).toEqual({
      refundNos: ['111', '222'],
    });
  });

  it('no new refund number: not applied', async () => {
    expect(await reconcileWith(BEFORE, BEFORE)).toMatchObject({ outcome: 'not_applied' });
  });

  it('one new refund number: applied, with its number and status', async () => {
    const proof = await reconcileWith(BEFORE, {
      total: 3,
      list: [...BEFORE.list!, record('1560897343230267394')],
    });
    expect(proof).toMatchObject({
      outcome: 'applied',
      refund: { status: 'pending', refundId: '1560897343230267394' },
    });
  });

  it.each<[KakacloRefundStatus, string]>([
    ['refund_successfully', 'succeeded'],
    ['refund_failed', 'failed'],
    ['pending_review', 'pending'],
  ])('one new refund listed as %s: applied, %s', async (listed, status) => {
    const proof = await reconcileWith({ list: [] }, { list: [record('333', listed)] });
    expect(proof).toMatchObject({ outcome: 'applied', refund: { status, refundId: '333' } });
  });

  it('two new refund numbers: inconclusive (which one is this?)', async () => {
    const proof = await reconcileWith(BEFORE, {
      total: 4,
      list: [...BEFORE.list!, record('333'), record('444')],
    });
    expect(proof.outcome).toBe('inconclusive');
  });

  it('a partial page (total above what is listed): inconclusive', async () => {
    const proof = await reconcileWith(BEFORE, {
      total: 12,
      pageSize: 3,
      list: [...BEFORE.list!, record('333')],
    });
    expect(proof.outcome).toBe('inconclusive');
    expect(proof.evidence).toContain('3 of 12');
  });

  it('no baseline: inconclusive', async () => {
    const { adapter } = fakeKakaclo([{ list: [record('333')] }]);
    expect((await adapter.reconcile(prepare(adapter, LINES), undefined, call)).outcome).toBe(
      'inconclusive',
    );
  });
});

describe('kakacloAdapter: refresh', () => {
  const pending = { status: 'pending', refundId: '333' } as RefundResult;

  it('reads the status of the refund it sent, by refund number', async () => {
    const { adapter } = fakeKakaclo([
      { list: [record('111', 'refund_failed'), record('333', 'refund_successfully')] },
    ]);
    expect(await adapter.refresh!(prepare(adapter, LINES), pending, call)).toMatchObject({
      status: 'succeeded',
    });
  });

  it('a refund not listed (yet) stays pending', async () => {
    const { adapter } = fakeKakaclo([{ list: [record('111', 'refund_successfully')] }]);
    expect((await adapter.refresh!(prepare(adapter, LINES), pending, call)).status).toBe('pending');
  });
});
