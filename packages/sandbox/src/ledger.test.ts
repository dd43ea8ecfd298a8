import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.js';

const noop = () => undefined;

const entry = {
  provider: 'keeta' as const,
  operation: 'applyPartialRefund',
  orderId: '1152921504606846977',
  refundId: '833441825390895',
  lines: [{ lineId: '9007199254740993', quantity: 1, amountMinor: '1500' }],
  amountMinor: '1500',
  amount: '1500',
  currency: 'JPY',
  status: 'applied' as const,
  appliedAt: '2026-11-22T10:00:00.000Z',
  requestId: 'sbx_1',
  request: {
    method: 'POST',
    path: '/keeta/order/refund/part/apply',
    body: { orderViewId: 1152921504606846977n },
  },
};

describe('Ledger', () => {
  it('numbers entries in order and keeps request ids exact and serialisable', () => {
    const ledger = new Ledger();
    expect(ledger.record(entry, noop).id).toBe('led_000001');
    expect(ledger.record({ ...entry, orderId: 'other' }, noop).id).toBe('led_000002');
    expect(JSON.stringify(ledger.entries({ orderId: entry.orderId }))).toContain(
      '"orderViewId":"1152921504606846977"',
    );
  });

  it('filters by provider, order and shop, and settles by refund id', () => {
    const ledger = new Ledger();
    ledger.record({ ...entry, provider: 'shoplazza', shop: 'a', orderId: '1' }, noop);
    ledger.record({ ...entry, provider: 'shoplazza', shop: 'b', orderId: '1' }, noop);
    expect(ledger.entries({ provider: 'shoplazza', orderId: '1', shop: 'b' })).toHaveLength(1);
    expect(ledger.entries({ provider: 'kakaclo' })).toEqual([]);
    expect(ledger.settle(entry.refundId, 'refund_failed')?.status).toBe('refund_failed');
    expect(ledger.settle('nope', 'refund_failed')).toBeUndefined();
  });
});

describe('Ledger masking', () => {
  it('masks credential fields in every recorded body, at any depth', () => {
    const ledger = new Ledger();
    const stored = ledger.record(
      {
        ...entry,
        request: {
          ...entry.request,
          body: { accessToken: 't', sig: 's', nested: [{ access_token: 'x' }], keep: 1 },
        },
      },
      noop,
    );
    expect(stored.request.body).toEqual({
      accessToken: '[REDACTED]',
      sig: '[REDACTED]',
      nested: [{ access_token: '[REDACTED]' }],
      keep: 1,
    });
  });
});

describe('Ledger.record applies and records as one step', () => {
  it('builds the entry before applying: a body it cannot copy leaves the order untouched', () => {
    const ledger = new Ledger();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    let applied = false;
    expect(() =>
      ledger.record({ ...entry, request: { ...entry.request, body: cyclic } }, () => {
        applied = true;
      }),
    ).toThrow(RangeError);
    expect(applied).toBe(false);
    expect(ledger.entries()).toEqual([]);
  });

  it('stores nothing when applying fails', () => {
    const ledger = new Ledger();
    expect(() =>
      ledger.record(entry, () => {
        throw new Error('order refused');
      }),
    ).toThrow('order refused');
    expect(ledger.entries()).toEqual([]);
  });

  it('hands out frozen snapshots; settling stores a new one', () => {
    const ledger = new Ledger();
    const stored = ledger.record(entry, noop);
    expect(Object.isFrozen(stored) && Object.isFrozen(stored.lines[0])).toBe(true);
    expect(() => {
      (stored as { amount: string }).amount = '0';
    }).toThrow(TypeError);
    ledger.settle(entry.refundId, 'refund_failed');
    expect(stored.status).toBe('applied');
    expect(ledger.entries()[0]!.status).toBe('refund_failed');
  });
});
