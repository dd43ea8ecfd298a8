/**
 * refund-core's overhead (issue 14): per provider, a refund through `refunds.refund()` over
 * the memory, SQLite (temp file) and PostgreSQL (embedded, 127.0.0.1) stores, against the
 * client called directly making the same provider calls, all on the same peer server,
 * interleaved in rounds as the client benchmark is (rounds.ts). Goal: ≥ 0.90× the direct
 * throughput with the memory store; SQLite and PostgreSQL are reported without a goal.
 *
 * The rate limiter is off (it would hold every variant to the provider's published rate:
 * this is refund-core's CPU and store cost). Every result must be `pending` (KakaClo,
 * Keeta) or `succeeded` (Shoplazza), the bodies refund-core sends must equal the direct
 * ones (up to key order, ids and the signature), and the peer's request count per route
 * must equal the calls made, or the run fails. Prints its table, then the figures as the
 * last line (child.ts). Run by `pnpm bench`, or alone: `node bench/refund-core-overhead.ts [--quick]`.
 */
import type { IdempotencyStore, Refunds, RefundsOptions } from '@refundkit/refund-core';
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitFigures, goal, info } from './child.ts';
import type { Contestant } from './contestants.ts';
import { coreScenarios, type CoreScenario } from './core-scenarios.ts';
import type { Figure } from './figures.ts';
import { loadFixtures } from './fixtures.ts';
import { startPeer, type Peer } from './peer.ts';
import { startPostgres } from './postgres.ts';
import { importPackage, importSubpath } from './resolve.ts';
import { runRounds, type RoundPlan } from './rounds.ts';
import { pairedRatios, spread } from './stats.ts';

/** The goal: refund-core over the memory store at least this share of the direct client's throughput. */
export const OVERHEAD_GOAL = 0.9;

const quick = process.argv.includes('--quick');
const plan: RoundPlan = quick
  ? { warmupRounds: 1, rounds: 3, callsPerRound: 100, inFlight: 16 }
  : { warmupRounds: 2, rounds: 10, callsPerRound: 400, inFlight: 16 };

interface Core {
  createRefunds(options: RefundsOptions): Refunds;
  MemoryIdempotencyStore: new () => IdempotencyStore;
}
const core = await importPackage<Core>('@refundkit/refund-core');
const { SqliteIdempotencyStore } = await importSubpath<{
  SqliteIdempotencyStore: new (options: { path: string }) => IdempotencyStore;
}>('@refundkit/refund-core', './sqlite');

const STORES = ['memory', 'SQLite', 'PostgreSQL'] as const;
type StoreName = (typeof STORES)[number];

/** Parsed JSON body of a recorded request without the fields that differ per call. */
function bodyOf(peerBody: string, volatile: readonly string[]): unknown {
  const text = Buffer.from(peerBody, 'base64').toString('utf8');
  if (text === '') return undefined;
  const body = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([field]) => !volatile.includes(field)));
}

/** One call of `contestant`, then what the peer received on each of the scenario's routes. */
async function firstCall(peer: Peer, scenario: CoreScenario, contestant: Contestant) {
  if (!(await contestant.call())) {
    throw new Error(`${scenario.provider}: ${contestant.name}: the first refund did not settle`);
  }
  return Promise.all(
    scenario.routes.map(async (route) => {
      const request = await peer.lastRequest(route);
      if (request === null) throw new Error(`${scenario.provider}: no request on ${route}`);
      return { route, method: request.method, body: bodyOf(request.body, scenario.volatile) };
    }),
  );
}

const peer = await startPeer();
const dir = mkdtempSync(join(tmpdir(), 'refundkit-bench-overhead-'));
const postgres = await startPostgres();
const stores: IdempotencyStore[] = [];
const figures: Figure[] = [];
const lines: string[] = [];
let broken = false;
try {
  const made = new Map<string, number>();
  for (const scenario of await coreScenarios(peer.origin, loadFixtures())) {
    const open: Record<StoreName, () => IdempotencyStore | Promise<IdempotencyStore>> = {
      memory: () => new core.MemoryIdempotencyStore(),
      SQLite: () => new SqliteIdempotencyStore({ path: join(dir, `${scenario.provider}.sqlite`) }),
      PostgreSQL: () => postgres.openStore(),
    };
    const contestants: Contestant[] = [scenario.direct];
    for (const name of STORES) {
      const store = await open[name]();
      stores.push(store);
      const refunds = core.createRefunds({
        providers: { [scenario.provider]: scenario.adapter },
        store,
        rateLimits: { [scenario.provider]: false },
      });
      contestants.push(scenario.through(`refund-core, ${name}`, refunds));
    }
    // The same bytes (up to key order and per-call ids) from every contestant, or no timing.
    const reference = await firstCall(peer, scenario, scenario.direct);
    for (const contestant of contestants.slice(1)) {
      const sent = await firstCall(peer, scenario, contestant);
      if (!isDeepStrictEqual(sent, reference)) {
        throw new Error(
          `${scenario.provider}: ${contestant.name} sent other requests than the client directly:\n` +
            `${JSON.stringify(sent)}\nvs\n${JSON.stringify(reference)}`,
        );
      }
    }
    const run = await runRounds({ key: scenario.provider, control: false, contestants }, plan);
    for (const route of scenario.routes) {
      made.set(route, (made.get(route) ?? 0) + run.calls + contestants.length);
    }
    const [direct, ...through] = run.runs;
    if (direct === undefined) throw new Error('no direct contestant');
    const prefix = `refund-core overhead: ${scenario.provider}`;
    figures.push(
      info(
        `${prefix}: client directly throughput (median)`,
        Math.round(spread(direct.throughput).median),
        'refunds/s',
      ),
      info(
        `${prefix}: client directly CPU time per refund (median)`,
        Number(spread(direct.cpuMicrosPerCall).median.toFixed(1)),
        'µs',
      ),
    );
    lines.push(
      `${scenario.provider.padEnd(11)}${'client directly'.padEnd(24)}${'1.00'.padEnd(22)}${''.padEnd(8)}` +
        `${spread(direct.throughput).median.toFixed(0).padEnd(11)}${spread(direct.cpuMicrosPerCall).median.toFixed(0)}`,
    );
    for (const [i, r] of through.entries()) {
      const store = STORES[i] ?? 'memory';
      const ratio = spread(pairedRatios(r.throughput, direct.throughput));
      // CPU per refund, inverted (direct ÷ refund-core) so it reads like the throughput
      // ratio: this process's CPU only, so less disturbed by other load on the machine.
      const cpu = spread(pairedRatios(direct.cpuMicrosPerCall, r.cpuMicrosPerCall));
      const hasGoal = store === 'memory';
      const pass = ratio.median >= OVERHEAD_GOAL;
      const name = `${prefix}: refund-core (${store}) / client directly throughput`;
      figures.push(
        hasGoal
          ? goal(
              `${name} (median)`,
              Number(ratio.median.toFixed(3)),
              'ratio',
              `>= ${OVERHEAD_GOAL}`,
              pass,
            )
          : info(`${name} (median)`, Number(ratio.median.toFixed(3)), 'ratio'),
        info(`${name} (min)`, Number(ratio.min.toFixed(3)), 'ratio'),
        info(`${name} (max)`, Number(ratio.max.toFixed(3)), 'ratio'),
        info(
          `${prefix}: refund-core (${store}) throughput (median)`,
          Math.round(spread(r.throughput).median),
          'refunds/s',
        ),
        info(
          `${prefix}: refund-core (${store}) CPU time per refund (median)`,
          Number(spread(r.cpuMicrosPerCall).median.toFixed(1)),
          'µs',
        ),
        info(
          `${prefix}: client directly / refund-core (${store}), CPU time per refund (median)`,
          Number(cpu.median.toFixed(3)),
          'ratio',
        ),
      );
      lines.push(
        `${''.padEnd(11)}${`refund-core, ${store}`.padEnd(24)}` +
          `${ratio.median.toFixed(2)} [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}]`.padEnd(
            22,
          ) +
          (hasGoal ? (pass ? 'pass' : 'MISS') : '').padEnd(8) +
          `${spread(r.throughput).median.toFixed(0).padEnd(11)}${spread(r.cpuMicrosPerCall).median.toFixed(0).padEnd(15)}` +
          `${cpu.median.toFixed(2)} [${cpu.min.toFixed(2)}–${cpu.max.toFixed(2)}]`,
      );
    }
    const failures = run.runs.reduce((sum, c) => sum + c.failures, 0);
    figures.push(goal(`${prefix}: failed refunds`, failures, 'calls', '= 0', failures === 0));
    for (const c of run.runs) {
      if (c.firstError !== undefined) {
        lines.push(
          `!! ${scenario.provider}: ${c.name}: ${c.failures} failed; first: ${c.firstError}`,
        );
      }
    }
  }
  const counted = await peer.counts();
  for (const [route, calls] of [...made, ['unmatched', 0] as const]) {
    const difference = (counted[route] ?? 0) - calls;
    figures.push(
      goal(
        `refund-core overhead: ${route}: requests the peer server received minus calls made`,
        difference,
        'requests',
        '= 0',
        difference === 0,
      ),
    );
    if (difference !== 0)
      lines.push(
        `!! ${route}: peer server received ${counted[route] ?? 0} requests for ${calls} calls`,
      );
  }
} catch (error) {
  console.error('refund-core overhead FAILED:', error);
  broken = true;
} finally {
  for (const store of stores) await store.close?.().catch(() => undefined);
  await peer.stop();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `refund-core overhead: ${plan.inFlight} in flight, ${plan.rounds} rounds × ${plan.callsPerRound} refunds per variant ` +
    `(after ${plan.warmupRounds} warm-up), new key and order per refund, rate limiter off; ` +
    `ratio to the client directly within each round, median [min–max]${quick ? ' (--quick)' : ''}`,
);
console.log(
  `${'provider'.padEnd(11)}${'variant'.padEnd(24)}${'ratio to direct'.padEnd(22)}${`≥ ${OVERHEAD_GOAL}`.padEnd(8)}${'refunds/s'.padEnd(11)}${'CPU µs/refund'.padEnd(15)}CPU ratio direct/refund-core`,
);
for (const line of lines) console.log(line);
console.log(
  '(direct: the calls the adapter makes, KakaClo refund list + refund, Keeta preview + refund, Shoplazza refund; goal on the memory store only)',
);
emitFigures(figures);
if (broken || figures.some((f) => f.goal === '= 0' && f.pass === false)) process.exitCode = 1;
