/**
 * Reconciliation compares the order before and after the call, which is only sound when
 * nothing else changed the order meanwhile. A refund whose answer was lost can stay
 * `unknown` (its key held) until the late-apply window has passed; if another key refunds
 * the same order in that time, the later reconciliation must not take that neighbour's
 * refund for its own: every key that reports a refund must own a distinct ledger entry.
 * (refund-core may instead hold the neighbour back until ours is settled.)
 */
import { describe, expect, it } from 'vitest';
import {
  IdempotencyInProgressError,
  type RefundRequest,
  type RefundResult,
} from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf, type ProviderCase } from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

const WINDOW_MS = 500;

/** The first refund (whose write is not processed), and a neighbour on the same order. */
const CASES: readonly {
  c: ProviderCase;
  write: string;
  neighbour: RefundRequest;
}[] = [
  {
    c: KAKACLO_CASE,
    write: 'refundOrder',
    neighbour: {
      provider: 'kakaclo',
      idempotencyKey: 'neighbour',
      orderId: KAKACLO_CASE.orderId,
      lines: [{ lineId: '120002', quantity: 1 }],
    },
  },
  {
    // The same product and quantity: Keeta's counts go down exactly as asked.
    c: KEETA_CASE,
    write: 'applyPartialRefund',
    neighbour: KEETA_CASE.request('neighbour'),
  },
];

/** The results that claim a refund was made (pending or succeeded). */
function claimed(results: readonly RefundResult[]): RefundResult[] {
  return results.filter((r) => r.status === 'pending' || r.status === 'succeeded');
}

describe.each(CASES)(
  '$c.name: a neighbour refunds the order while ours is unknown',
  ({ c, write, neighbour }) => {
    it("after the window, our reconciliation does not take the neighbour's refund for ours", async () => {
      const world = wire(sandbox(), { refunds: { lateApplyWindowMs: WINDOW_MS } });
      sandbox().addFaults([{ kind: 'server_error', provider: c.provider, operation: write }]);

      const ours = await world.refunds.refund(c.request('ours'));
      expect(ours.status).toBe('unknown');
      expect(ledgerOf(sandbox(), c)).toEqual([]);

      // The neighbour goes through, or is held back (nothing sent) until ours is settled.
      const early = await world.refunds.refund(neighbour).then(
        (result) => result,
        (error: unknown) => {
          expect(error).toBeInstanceOf(IdempotencyInProgressError);
          return undefined;
        },
      );
      if (early === undefined) expect(world.writes(c.provider)).toBe(1);

      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 200));
      const settled = await world.refunds.refund(c.request('ours'));
      const theirs = early ?? (await world.refunds.refund(neighbour));
      expect(theirs.status).toBe('pending');

      // Only the neighbour's refund exists: ours must not claim it.
      expect(ledgerOf(sandbox(), c)).toHaveLength(1);
      expect(claimed([settled, theirs])).toHaveLength(1);
      expect(settled.status).toBe('failed');
      expect(settled.failure?.reason).toBe('not_applied');
      if (settled.refundId !== undefined) expect(settled.refundId).not.toBe(theirs.refundId);
    });
  },
);
