/**
 * The multi-process soak at a small N (issue 13): two OS processes over one store and one
 * sandbox, shared keys sent by both at once, one process killed with SIGKILL mid-run.
 * A shared store (SQLite file, PostgreSQL) must hold every zero; per-process memory stores
 * must NOT (or the soak could not see what it claims to prevent).
 */
import { describe, expect, it } from 'vitest';
import { buildMultiReport } from './multi-report.ts';
import { runMultiSoak, type MultiStore } from './multi-run.ts';
import { buildPlan } from './plan.ts';

describe('pnpm soak --processes 2 (small N)', () => {
  it.each(['sqlite', 'postgres'] as const satisfies readonly MultiStore[])(
    '%s store: no key applied twice, every process reads every key alike, the killed one recovered',
    async (store) => {
      const report = buildMultiReport(
        await runMultiSoak(buildPlan(100, 5), { processes: 2, store }),
      );
      // The run must have been hostile and concurrent, or the zeros prove nothing.
      expect(Object.values(report.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
      expect(report.sharedKeys).toBeGreaterThan(0);
      expect(report.killed.process).toBe(1);
      expect(report.killed.inFlightAtKill.length).toBeGreaterThan(0);
      expect(report.killed.redelivered).toBeGreaterThan(0);
      expect(report.leaseTakeovers).toBeGreaterThan(0);
      expect(report.replays).toBeGreaterThan(0);
      // The guarantees.
      expect(report.doubleAppliedKeys).toEqual([]);
      expect(report.overRefunds).toEqual([]);
      expect(report.unmappedLedgerEntries).toEqual([]);
      expect(report.untypedErrors).toEqual([]);
      expect(report.disagreements).toEqual([]);
      expect(report.killed.notRecovered).toEqual([]);
      expect(report.exitCode).toBe(0);
    },
  );

  it('memory store (one per process): the soak sees double applications', async () => {
    const run = await runMultiSoak(buildPlan(80, 5), { processes: 2, store: 'memory' });
    const report = buildMultiReport(run, true);
    expect(report.doubleAppliedKeys.length).toBeGreaterThan(0);
    expect(report.disagreements.length).toBeGreaterThan(0);
    expect(report.untypedErrors).toEqual([]);
    expect(report.exitCode).toBe(0);
    // Without --expect-double the same run fails.
    expect(buildMultiReport(run).exitCode).toBe(1);
  });
});
