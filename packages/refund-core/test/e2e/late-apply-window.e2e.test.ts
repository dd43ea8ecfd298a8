/**
 * The default late-apply handling, with no inline wait: a write whose outcome is unknown and
 * whose lookup finds nothing answers `unknown` at once and holds its key (nothing is sent
 * for it) until the window has passed; then the next call settles it from the provider.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyInProgressError } from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import { LATENCY_MS, TIMEOUT_MS, fault } from './faults.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: the default, no inline wait', (c) => {
  /** A window the test waits out by hand. */
  const WINDOW_MS = 500;

  it.each(['server_error', 'latency'] as const)(
    '%s: unknown at once, the key held (nothing sent); after the window a retry settles it',
    async (kind) => {
      const world = wire(sandbox(), {
        timeoutMs: TIMEOUT_MS,
        refunds: { lateApplyWindowMs: kind === 'latency' ? LATENCY_MS + 500 : WINDOW_MS },
      });
      sandbox().addFaults([fault(c, kind)]);
      const first = await world.refunds.refund(c.request(`held-${kind}`));

      expect(first.status).toBe('unknown');
      expect(first.reconciliation).toMatchObject({
        trigger: 'outcome_unknown',
        outcome: 'inconclusive',
      });
      expect(first.unknown?.check).toContain(c.orderId);
      // While held, the key sends nothing: the retry is refused as in progress.
      await expect(world.refunds.refund(c.request(`held-${kind}`))).rejects.toBeInstanceOf(
        IdempotencyInProgressError,
      );
      expect(world.writes(c.provider)).toBe(1);

      await new Promise((resolve) =>
        setTimeout(resolve, (kind === 'latency' ? LATENCY_MS : 0) + WINDOW_MS + 400),
      );
      const settled = await world.refunds.refund(c.request(`held-${kind}`));
      expect(settled.reconciliation?.trigger).toBe('lease_expired');
      if (kind === 'latency') {
        // The held request was applied meanwhile: found, never sent again.
        expect(settled).toMatchObject({
          status: 'pending',
          reconciliation: { outcome: 'applied' },
        });
        expect(world.writes(c.provider)).toBe(1);
      } else {
        expect(settled).toMatchObject({ status: 'failed', failure: { reason: 'not_applied' } });
        expect(ledgerOf(sandbox(), c)).toEqual([]);
        expect(await world.refunds.refund(c.request(`held-${kind}`))).toMatchObject({
          status: 'pending',
          replayed: false,
        });
        expect(world.writes(c.provider)).toBe(2);
      }
      expect(ledgerOf(sandbox(), c)).toHaveLength(1);
    },
  );
});
