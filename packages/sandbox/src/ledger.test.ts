import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.js';

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
  request: {
    method: 'POST',
    path: '/keeta/order/refund/part/apply',
    body: { orderViewId: 1152921504606846977n },
  },
};

describe('Ledger', () => {
  it('numbers entries in order and keeps request ids exact and serialisable', () => {
    const ledger = new Ledger();
    expect(ledger.record(entry).id).toBe('led_000001');
    expect(ledger.record({ ...entry, orderId: 'other' }).id).toBe('led_000002');
    expect(JSON.stringify(ledger.entries({ orderId: entry.orderId }))).toContain(
      '"orderViewId":"1152921504606846977"',
    );
  });

  it('filters by provider, order and shop, and settles by refund id', () => {
    const ledger = new Ledger();
    ledger.record({ ...entry, provider: 'shoplazza', shop: 'a', orderId: '1' });
    ledger.record({ ...entry, provider: 'shoplazza', shop: 'b', orderId: '1' });
    expect(ledger.entries({ provider: 'shoplazza', orderId: '1', shop: 'b' })).toHaveLength(1);
    expect(ledger.entries({ provider: 'kakaclo' })).toEqual([]);
    expect(ledger.settle(entry.refundId, 'refund_failed')?.status).toBe('refund_failed');
    expect(ledger.settle('nope', 'refund_failed')).toBeUndefined();
  });
});

describe('Ledger masking', () => {
  it('masks credential fields in every recorded body, at any depth', () => {
    const ledger = new Ledger();
    const stored = ledger.record({
      ...entry,
      request: {
        ...entry.request,
        body: { accessToken: 't', sig: 's', nested: [{ access_token: 'x' }], keep: 1 },
      },
    });
    expect(stored.request.body).toEqual({
      accessToken: '[REDACTED]',
      sig: '[REDACTED]',
      nested: [{ access_token: '[REDACTED]' }],
      keep: 1,
    });
  });
});
