/**
 * Judges a multi-process soak: everything `report.ts` checks from the sandbox's ledger, plus
 * that every surviving process reads every key identically and that the killed process's
 * in-flight records were settled by another. With a per-process (memory) store the soak is
 * expected to find double applications: `expectDouble` turns the verdict around.
 */
import type { MultiObservation, MultiStore, ProcessFigures } from './multi-run.ts';
import { buildReport, formatTable, type SoakReport } from './report.ts';

/** The multi-process verdict, as printed. */
export interface MultiReport extends SoakReport {
  readonly store: MultiStore;
  readonly processes: readonly ProcessFigures[];
  readonly refundsPerSecond: number;
  readonly sharedKeys: number;
  readonly leaseTakeovers: number;
  readonly refusedTransitions: number;
  readonly disagreements: readonly string[];
  readonly killed: MultiObservation['killed'];
  readonly recoveredKeys: number;
  readonly expectDouble: boolean;
}

/**
 * Exit 0 when the zeros hold (the ledger checks, no disagreement, nothing the killed process
 * held left in flight). With `expectDouble`: exit 0 only when double applications WERE seen
 * (and every error was typed, every ledger entry explained).
 */
export function buildMultiReport(run: MultiObservation, expectDouble = false): MultiReport {
  const base = buildReport(run);
  const passed = expectDouble
    ? base.doubleAppliedKeys.length > 0 &&
      base.untypedErrors.length === 0 &&
      base.unmappedLedgerEntries.length === 0
    : base.exitCode === 0 &&
      run.disagreements.length === 0 &&
      run.killed.process !== undefined &&
      run.killed.notRecovered.length === 0;
  return {
    ...base,
    store: run.store,
    processes: run.processes,
    refundsPerSecond: run.refundsPerSecond,
    sharedKeys: run.sharedKeys,
    leaseTakeovers: run.processes.reduce((n, p) => n + p.takeovers, 0),
    refusedTransitions: run.processes.reduce((n, p) => n + p.refusedTransitions, 0),
    disagreements: run.disagreements,
    killed: run.killed,
    recoveredKeys: run.recoveredKeys,
    expectDouble,
    exitCode: passed ? 0 : 1,
  };
}

/** The table `pnpm soak --processes P` prints: the single-process table, then the rest. */
export function formatMultiTable(report: MultiReport): string {
  const single = formatTable({ ...report, exitCode: 0 }).split('\n');
  single.pop(); // its verdict; ours follows
  const rate = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));
  const killed = report.killed;
  const lines = [
    ...single,
    `— ${report.processes.length} processes, ${report.store} store`,
    ...report.processes.map(
      (p) =>
        `  process ${p.index}: ${p.keys} keys, ${p.killed ? 'killed (SIGKILL), then restarted' : `${rate(p.refundsPerSecond)} refunds/s`}, ${p.takeovers} lease takeovers, ${p.refusedTransitions} transitions refused`,
    ),
    `  overall: ${rate(report.refundsPerSecond)} refunds/s (plan keys finished in the driving phase)`,
    `  keys sent by two processes at once: ${report.sharedKeys}`,
    `  replays: ${report.replays}; conflicts (same key, other body) raised: ${report.conflicts.raised}; in progress elsewhere: ${report.errors['IdempotencyInProgressError'] ?? 0}`,
    `  reconciliations: ${Object.values(report.reconciliations).reduce((a, b) => a + b, 0)}; lease takeovers: ${report.leaseTakeovers}; recover() took over: ${report.recoveredKeys}`,
    `  killed process: ${killed.process ?? 'none'}; its records in flight then: ${killed.inFlightAtKill.length}; ${report.store === 'memory' ? 'lost with it (per-process store)' : `still in flight now: ${killed.notRecovered.length}`}; its unfinished keys redelivered: ${killed.redelivered}`,
    '— checks (must be 0)',
    `  double-applied keys: ${report.doubleAppliedKeys.length}${report.expectDouble ? ' (EXPECTED > 0: --expect-double)' : ''}`,
    `  over-refunds: ${report.overRefunds.length}`,
    `  ledger entries no key explains: ${report.unmappedLedgerEntries.length}`,
    `  untyped errors: ${report.untypedErrors.length}`,
    `  keys the processes read differently: ${report.disagreements.length}`,
    `  killed process's records left in flight: ${killed.notRecovered.length}`,
    ...report.disagreements.slice(0, 10).map((d) => `read differently: ${d}`),
    ...killed.notRecovered.slice(0, 10).map((k) => `left in flight: ${k}`),
    report.expectDouble
      ? report.exitCode === 0
        ? `EXPECTED: ${report.doubleAppliedKeys.length} keys applied twice, as a per-process store must allow`
        : 'FAIL: --expect-double, but the soak saw no double application'
      : report.exitCode === 0
        ? 'PASS: no key applied twice, nothing over-refunded, every error typed, every process reads every key alike, the killed process recovered'
        : 'FAIL',
  ];
  return lines.join('\n');
}
