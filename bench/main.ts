/**
 * `pnpm bench [--quick]`: the client hot-path benchmark (see bench/README.md), then the
 * sandbox start-up benchmark, then, each in a child process of its own (child.ts): the
 * idempotency stores' cost and throughput (`store-cost.ts`), refund-core's overhead over the
 * client (`refund-core-overhead.ts`), refund-core's one-adapter bundles (`core-bundle.ts`),
 * its memory over 10,000 refunds (`memory.ts`), the spec tooling's wall time
 * (`generate-time.ts`) and the sandbox inspector (`inspector.ts`, when it can run). Prints
 * each part's table and a closing table of every goal, writes bench/results.json and the
 * chart bench/report.html, and exits 1 when the run itself failed (requests not identical, a
 * failed call, a request count that does not add up, a store call refused, a soak failing
 * its checks, a part that crashed); goals missed do not fail it.
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
import { report } from './chart.ts';
import { figuresOf, runChild } from './child.ts';
import { figures, runFailed, type Figure, type Measurements } from './figures.ts';
import { runInspector } from './inspector-figures.ts';
import { summary } from './summary.ts';
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

/** The parts run as children, in order; each prints its table and hands back its figures. */
const PARTS = [
  { title: 'Idempotency store', script: 'store-cost.ts', flags: [] },
  { title: "refund-core's overhead", script: 'refund-core-overhead.ts', flags: [] },
  { title: 'refund-core bundle', script: 'core-bundle.ts', flags: [] },
  // Its own process with --expose-gc, so the samples are of this workload alone.
  { title: 'refund-core memory', script: 'memory.ts', flags: ['--expose-gc'] },
  { title: 'Spec tooling', script: 'generate-time.ts', flags: [] },
] as const;
const failedParts: string[] = [];
const collected: Figure[] = [...all];
for (const part of PARTS) {
  console.log(`\n${part.title}`);
  const run = await runChild(
    join(import.meta.dirname, part.script),
    quick ? ['--quick'] : [],
    part.flags,
  );
  collected.push(...figuresOf(run));
  if (run.code !== 0) failedParts.push(part.script);
}

console.log('\nSandbox inspector');
const inspector = await runInspector();
if (inspector.skipped !== undefined) console.log(`inspector: skipped (${inspector.skipped})`);
if (inspector.broken) {
  console.log('inspector: FAILED (bench/inspector.ts failed with Chromium present; see above)');
  failedParts.push('inspector.ts');
}
collected.push(...inspector.figures);

writeFileSync(join(import.meta.dirname, 'results.json'), JSON.stringify(collected, null, 2) + '\n');
writeFileSync(join(import.meta.dirname, 'report.html'), report(collected, { quick }));
console.log(`\nEvery goal${quick ? ' (--quick: small runs, figures indicative only)' : ''}`);
console.log(summary(collected));
if (inspector.skipped !== undefined) console.log(`inspector: skipped (${inspector.skipped})`);
console.log(
  `\n(${((performance.now() - started) / 1000).toFixed(0)} s in all; every figure in bench/results.json, the chart in bench/report.html)`,
);

if (runFailed(collected)) {
  console.error(
    '\nbenchmark FAILED: some calls failed or the request counts do not add up (see above)',
  );
  process.exit(1);
}
if (sandboxCode !== 0 || failedParts.length > 0) {
  if (failedParts.length > 0) console.error(`\nbenchmark FAILED: ${failedParts.join(', ')}`);
  process.exit(1);
}
