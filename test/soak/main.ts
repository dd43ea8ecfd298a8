/**
 * `pnpm soak [--refunds N] [--seed S] [--json] [--store memory|sqlite]`: N refunds (default
 * 1000; the idempotency store in memory, or a temporary SQLite file) across Keeta,
 * Shoplazza (2022-01, 2024-07) and KakaClo (lines, whole order) against a sandbox injecting
 * seeded random faults, with repeated keys, concurrent duplicates and conflicting bodies,
 * then `recover()`. Prints a table (or one JSON object) and exits 1 unless no key was applied
 * twice, nothing was over-refunded, the ledger is fully explained and every error was typed.
 */
import { parseArgs } from 'node:util';
import { buildPlan } from './plan.ts';
import { buildReport, formatTable } from './report.ts';
import { runSoak } from './run.ts';

const { values } = parseArgs({
  options: {
    refunds: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    store: { type: 'string', default: 'memory' },
  },
});

const refunds = Number(values.refunds);
const seed = Number(values.seed);
if (!Number.isSafeInteger(refunds) || refunds < 1) {
  console.error(`--refunds: must be a positive integer, got ${values.refunds}`);
  process.exit(2);
}
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error(`--seed: must be a non-negative integer, got ${values.seed}`);
  process.exit(2);
}

if (values.store !== 'memory' && values.store !== 'sqlite') {
  console.error(`--store: must be memory or sqlite, got ${values.store}`);
  process.exit(2);
}

const report = buildReport(await runSoak(buildPlan(refunds, seed), { store: values.store }));
console.log(values.json ? JSON.stringify(report) : formatTable(report));
process.exitCode = report.exitCode;
