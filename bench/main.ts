/**
 * `pnpm bench [--quick]`: the client hot-path benchmark (see bench/README.md), then the
 * sandbox start-up benchmark, then the idempotency stores' cost (`store-cost.ts`). Prints the
 * table, writes bench/results.json, and exits 1 when the run itself failed (requests not
 * identical, a failed call, a request count that does not add up, a store call refused, a
 * soak failing its checks); goals missed do not fail it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { measureBundles } from './bundle.ts';
import { loadFixtures } from './fixtures.ts';
import { measureImportTimes } from './import-time.ts';
import { startPeer } from './peer.ts';
import { figures, runFailed, type Measurements } from './figures.ts';
import { table } from './table.ts';
import { runRounds, type RoundPlan, type ScenarioRun } from './rounds.ts';
import { buildScenarios } from './scenarios.ts';
import { verifyIdenticalRequests } from './verify.ts';

const quick = process.argv.includes('--quick');
const plan: RoundPlan = quick
  ? { warmupRounds: 1, rounds: 3, callsPerRound: 200, inFlight: 16 }
  : { warmupRounds: 3, rounds: 24, callsPerRound: 800, inFlight: 16 };
const importRuns = quick ? 3 : 11;

const started = performance.now();
console.log(
  `refundkit client benchmark${quick ? ' (--quick)' : ''}: ${new Date().toISOString()}, ` +
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);

const peer = await startPeer();
let measurements: Measurements;
try {
  const scenarios = await buildScenarios(peer.origin, loadFixtures());
  const made = new Map<string, number>();
  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) {
    const verified = await verifyIdenticalRequests(peer, scenario);
    const run = await runRounds(scenario, plan);
    made.set(scenario.route, (made.get(scenario.route) ?? 0) + verified.calls + run.calls);
    runs.push(run);
    console.log(
      `  ${scenario.key}: requests identical` +
        (verified.reordered ? " (bare body put in the client's key order, same content)" : ''),
    );
  }
  const counted = await peer.counts();
  const requestCounts = [...made, ['unmatched', 0] as const].map(([route, calls]) => ({
    route,
    counted: counted[route] ?? 0,
    made: calls,
  }));
  await peer.stop();
  measurements = {
    plan,
    scenarios: runs,
    requestCounts,
    bundles: await measureBundles(),
    imports: await measureImportTimes(importRuns),
    importRuns,
  };
} catch (error) {
  await peer.stop();
  console.error('\nbenchmark FAILED:', error);
  process.exit(1);
}

const all = figures(measurements);
writeFileSync(join(import.meta.dirname, 'results.json'), JSON.stringify(all, null, 2) + '\n');
console.log(`\n${table(measurements)}`);
if (quick) {
  console.log('\n--quick: too few rounds for these figures to mean much; it proves the run works.');
}
console.log(
  `\n(${((performance.now() - started) / 1000).toFixed(0)} s; figures in bench/results.json)`,
);

console.log('\nSandbox start-up');
const sandbox = spawn(
  process.execPath,
  [join(import.meta.dirname, 'sandbox-startup.ts'), ...(quick ? ['--quick'] : [])],
  { stdio: 'inherit' },
);
const [sandboxCode] = (await once(sandbox, 'exit')) as [number | null];

console.log('\nIdempotency store');
const store = spawn(
  process.execPath,
  [join(import.meta.dirname, 'store-cost.ts'), ...(quick ? ['--quick'] : [])],
  { stdio: 'inherit' },
);
const [storeCode] = (await once(store, 'exit')) as [number | null];

if (runFailed(all)) {
  console.error(
    '\nbenchmark FAILED: some calls failed or the request counts do not add up (see above)',
  );
  process.exit(1);
}
if (sandboxCode !== 0 || storeCode !== 0) process.exit(1);
