/**
 * `onProvenNotApplied: 'resend'`: a write proven not applied is sent again, once, and a
 * write that may still apply (or did) is never sent on top of itself.
 */
import { describe, expect, it } from 'vitest';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import {
  TIMEOUT_MS,
  WAIT_INLINE,
  WAIT_INLINE_SHORT,
  afterHeldRequests,
  fault,
} from './faults.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

describe.each([KAKACLO_CASE, KEETA_CASE])("$name: onProvenNotApplied: 'resend'", (c) => {
  it('a write proven not applied is sent again once: one ledger entry, reconciliation.resent', async () => {
    const world = wire(sandbox(), {
      refunds: { ...WAIT_INLINE_SHORT, onProvenNotApplied: 'resend' },
    });
    sandbox().addFaults([fault(c, 'server_error')]);
    const result = await world.refunds.refund(c.request('resend-1'));

    expect(result.status).toBe('pending');
    expect(result.reconciliation?.resent).toBe(true);
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);

    const again = await world.refunds.refund(c.request('resend-1'));
    expect(again.replayed).toBe(true);
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('a write that timed out while the provider still works on it is not resent on top of itself', async () => {
    const world = wire(sandbox(), {
      timeoutMs: TIMEOUT_MS,
      refunds: { ...WAIT_INLINE, onProvenNotApplied: 'resend' },
    });
    sandbox().addFaults([fault(c, 'latency')]);
    const result = await world.refunds.refund(c.request('resend-3'));
    await afterHeldRequests();

    expect(result.reconciliation).toMatchObject({ outcome: 'applied', resent: false });
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('an applied write is never resent, even when resending is allowed', async () => {
    const world = wire(sandbox(), { refunds: { ...WAIT_INLINE, onProvenNotApplied: 'resend' } });
    sandbox().addFaults([fault(c, 'drop_after_apply')]);
    const result = await world.refunds.refund(c.request('resend-2'));

    expect(result.reconciliation).toMatchObject({ outcome: 'applied', resent: false });
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});
