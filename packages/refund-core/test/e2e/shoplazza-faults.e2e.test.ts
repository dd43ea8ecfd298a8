/**
 * Shoplazza documents no refund lookup, so an ambiguous write cannot be reconciled: the
 * result is `unknown` with what to check and where, and it is stored, so a retry with the
 * same key gets the same `unknown` and sends nothing (never a second refund blind).
 */
import type { FaultKind } from '@refundkit/sandbox';
import { describe, expect, it } from 'vitest';
import { SHOPLAZZA_2022_CASE, SHOPLAZZA_2024_CASE, ledgerOf } from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

const TIMEOUT_MS = 200;
const LATENCY_MS = 1000;

/** Each fault kind, and how many ledger entries the sandbox makes for it. */
const FAULTS: readonly { kind: FaultKind; applied: number }[] = [
  { kind: 'drop_after_apply', applied: 1 },
  { kind: 'malformed_json', applied: 1 },
  { kind: 'server_error', applied: 0 },
  { kind: 'reset_before_processing', applied: 0 },
  { kind: 'latency', applied: 1 },
];

describe.each([SHOPLAZZA_2022_CASE, SHOPLAZZA_2024_CASE])(
  '$name: a fault on the refund write',
  (c) => {
    const operation = c === SHOPLAZZA_2022_CASE ? 'partialRefund' : 'refundOrder';

    it.each(FAULTS)(
      '$kind: unknown with check/where, stored; a retry sends nothing',
      async ({ kind, applied }) => {
        const world = wire(sandbox(), { timeoutMs: TIMEOUT_MS });
        sandbox().addFaults([
          {
            kind,
            provider: 'shoplazza',
            operation,
            ...(kind === 'latency' ? { latencyMs: LATENCY_MS } : {}),
          },
        ]);
        const result = await world.refunds.refund(c.request(`shoplazza-${kind}`));

        expect(result.status).toBe('unknown');
        expect(result.unknown?.check).toContain(c.orderId);
        expect(result.unknown?.where).toMatch(/Shoplazza admin/);
        expect(result.reconciliation).toMatchObject({
          trigger: 'outcome_unknown',
          method: 'none',
          outcome: 'inconclusive',
          resent: false,
        });
        expect(world.writes('shoplazza')).toBe(1);

        // The same key again, several times: the stored answer, no second request.
        for (let i = 0; i < 3; i++) {
          const again = await world.refunds.refund(c.request(`shoplazza-${kind}`));
          expect(again.replayed).toBe(true);
          expect(again.status).toBe('unknown');
          expect(again.unknown).toEqual(result.unknown);
        }
        expect(world.writes('shoplazza')).toBe(1);
        expect((await world.refunds.status({ idempotencyKey: `shoplazza-${kind}` })).status).toBe(
          'unknown',
        );

        // The ledger holds what the provider did, and never more than one refund.
        if (kind === 'latency')
          await new Promise((resolve) => setTimeout(resolve, LATENCY_MS + 500));
        expect(ledgerOf(sandbox(), c)).toHaveLength(applied);
      },
    );
  },
);
