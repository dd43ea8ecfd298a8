/**
 * One key is one refund, for every provider: a repeat replays, 20 concurrent callers share
 * one provider call, a different body under the key is a conflict and sends nothing.
 * Proved by the sandbox's ledger and by counting the requests that reached it.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyConflictError, type RefundResult } from '../../src/index.js';
import { ALL_CASES, SHOPLAZZA_2022_CASE, ledgerOf } from './cases.test-util.js';
import { SHOPLAZZA_LINES, SHOPLAZZA_ORDER, useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

/** A result without its `replayed` flag, to compare a replay with the original. */
function body(result: RefundResult): Omit<RefundResult, 'replayed'> {
  return Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'replayed')) as Omit<
    RefundResult,
    'replayed'
  >;
}

describe.each(ALL_CASES)('$name', (c) => {
  it('a repeat with the same key replays the result: one write, one ledger entry', async () => {
    const world = wire(sandbox());
    const first = await world.refunds.refund(c.request('repeat-1'));
    const again = await world.refunds.refund(c.request('repeat-1'));

    expect(first.replayed).toBe(false);
    expect(['pending', 'succeeded']).toContain(first.status);
    expect(again.replayed).toBe(true);
    expect(body(again)).toEqual(body(first));
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('20 concurrent calls with one key: one write, one ledger entry, the same result for all', async () => {
    const world = wire(sandbox());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => world.refunds.refund(c.request('concurrent-1'))),
    );

    expect(world.writes(c.provider)).toBe(1);
    // The 19 others joined the first call: not even a read of their own (one snapshot at most).
    expect(world.requests.length).toBeLessThanOrEqual(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [first] = results;
    for (const result of results) expect(body(result)).toEqual(body(first!));
    expect(['pending', 'succeeded']).toContain(first!.status);
  });

  it('the same key with a different body: IdempotencyConflictError, nothing sent', async () => {
    const world = wire(sandbox());
    const first = await world.refunds.refund(c.request('conflict-1'));
    const ledgerBefore = ledgerOf(sandbox(), c);
    const sentBefore = world.requests.length;

    await expect(world.refunds.refund(c.different('conflict-1'))).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    expect(world.requests).toHaveLength(sentBefore);
    expect(ledgerOf(sandbox(), c)).toEqual(ledgerBefore);
    expect(ledgerBefore).toHaveLength(1);
    // The key still answers with the first refund.
    expect(body(await world.refunds.refund(c.request('conflict-1')))).toEqual(body(first));
  });

  it('a different body while the first is still in flight: conflict, one write', async () => {
    const world = wire(sandbox());
    const first = world.refunds.refund(c.request('conflict-2'));
    const second = world.refunds.refund(c.different('conflict-2'));

    await expect(second).rejects.toBeInstanceOf(IdempotencyConflictError);
    await first;
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

describe('the fingerprint is over the canonical request', () => {
  it('the same refund written differently (key order, digits, currency case) replays', async () => {
    const world = wire(sandbox());
    const first = await world.refunds.refund(SHOPLAZZA_2022_CASE.request('canonical-1'));
    const rewritten = await world.refunds.refund({
      lines: [{ quantity: 1, lineId: SHOPLAZZA_LINES.shirt }],
      returnGoods: true,
      amount: { amount: '81', currency: 'usd' },
      orderId: SHOPLAZZA_ORDER,
      idempotencyKey: 'canonical-1',
      apiVersion: '2022-01',
      provider: 'shoplazza',
    });

    expect(rewritten.replayed).toBe(true);
    expect(body(rewritten)).toEqual(body(first));
    expect(world.writes('shoplazza')).toBe(1);
    expect(ledgerOf(sandbox(), SHOPLAZZA_2022_CASE)).toHaveLength(1);
  });
});
