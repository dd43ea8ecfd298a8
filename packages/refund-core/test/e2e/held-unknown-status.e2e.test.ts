/**
 * A refund answered `unknown` while the late-apply window runs (its key held) is not in
 * flight anywhere: `status()` and `waitForFinal()` of it must answer, not throw "in flight
 * elsewhere", and send nothing.
 */
import { describe, expect, it } from 'vitest';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

const WINDOW_MS = 500;
const WRITE = { kakaclo: 'refundOrder', keeta: 'applyPartialRefund' } as const;

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: status of a refund held unknown', (c) => {
  const operation = WRITE[c.provider as keyof typeof WRITE];

  it('status() right after the unknown answer: unknown, nothing sent', async () => {
    const world = wire(sandbox(), { refunds: { lateApplyWindowMs: WINDOW_MS } });
    sandbox().addFaults([{ kind: 'server_error', provider: c.provider, operation }]);
    const first = await world.refunds.refund(c.request('held-status'));
    expect(first.status).toBe('unknown');

    const now = await world.refunds.status(first).then(
      (result) => result.status,
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    expect(now).toBe('unknown');
    expect(world.writes(c.provider)).toBe(1);
  });

  it('waitForFinal() answers (unknown, or failed once the window has passed), never throws', async () => {
    const world = wire(sandbox(), { refunds: { lateApplyWindowMs: WINDOW_MS } });
    sandbox().addFaults([{ kind: 'server_error', provider: c.provider, operation }]);
    const first = await world.refunds.refund(c.request('held-wait'));
    expect(first.status).toBe('unknown');

    const final = await world.refunds
      .waitForFinal(first, { timeoutMs: 5_000, intervalMs: 500 })
      .then(
        (result) => result.status,
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
    expect(['unknown', 'failed']).toContain(final);
    expect(ledgerOf(sandbox(), c)).toEqual([]);
    expect(world.writes(c.provider)).toBe(1);
  });
});
