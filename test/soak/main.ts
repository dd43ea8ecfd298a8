/**
 * `pnpm soak [--refunds N] [--seed S] [--json] [--store memory|sqlite]`: N refunds (default
 * 1000; the idempotency store in memory, or a temporary SQLite file) across Keeta,
 * Shoplazza (2022-01, 2024-07) and KakaClo (lines, whole order) against a sandbox injecting
 * seeded random faults, with repeated keys, concurrent duplicates and conflicting bodies,
 * then `recover()`. Prints a table (or one JSON object) and exits 1 unless no key was applied
 * twice, nothing was over-refunded, the ledger is fully explained and every error was typed.
 *
 * `--processes P` (P ≥ 2; `--store memory|sqlite|postgres`) runs the plan over P OS
 * processes sharing the store and the sandbox (`multi-run.ts`): shared keys sent by two
 * processes at once, one process killed with SIGKILL mid-run. With a per-process (memory)
 * store double applications are expected: `--expect-double` exits 0 only if it saw them.
 */
import { registerHooks } from 'node:module';
import { parseArgs } from 'node:util';
import { buildMultiReport, formatMultiTable } from './multi-report.ts';
import { runMultiSoak } from './multi-run.ts';
import { buildPlan } from './plan.ts';
import { buildReport, formatTable } from './report.ts';
import { runSoak } from './run.ts';

// @refundkit/test-kit (the PostgreSQL test server) is TypeScript source whose imports name
// `.js` files, as tsc wants; Node strips the types but looks for the `.js`: try the `.ts`.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.endsWith('.js') || !context.parentURL?.includes('/test-kit/src/')) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});

const { values } = parseArgs({
  options: {
    refunds: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    store: { type: 'string', default: 'memory' },
    processes: { type: 'string' },
    'expect-double': { type: 'boolean', default: false },
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

if (values.processes === undefined) {
  if (values.store !== 'memory' && values.store !== 'sqlite') {
    console.error(`--store: must be memory or sqlite, got ${values.store}`);
    process.exit(2);
  }
  if (values['expect-double']) {
    console.error('--expect-double: only with --processes');
    process.exit(2);
  }
  const report = buildReport(await runSoak(buildPlan(refunds, seed), { store: values.store }));
  console.log(values.json ? JSON.stringify(report) : formatTable(report));
  process.exitCode = report.exitCode;
} else {
  const processes = Number(values.processes);
  if (!Number.isSafeInteger(processes) || processes < 2) {
    console.error(`--processes: must be an integer of at least 2, got ${values.processes}`);
    process.exit(2);
  }
  const store = values.store;
  if (store !== 'memory' && store !== 'sqlite' && store !== 'postgres') {
    console.error(`--store: must be memory, sqlite or postgres, got ${store}`);
    process.exit(2);
  }
  const report = buildMultiReport(
    await runMultiSoak(buildPlan(refunds, seed), { processes, store }),
    values['expect-double'],
  );
  console.log(values.json ? JSON.stringify(report) : formatMultiTable(report));
  process.exitCode = report.exitCode;
}
