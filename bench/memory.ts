/**
 * refund-core's memory over many refunds (issue 14): 10,000 KakaClo refunds (1,000 with
 * `--quick`) through refund-core over the memory store against the peer server, 16 in
 * flight, each a new key and order. Completed records are pruned as a service would, with
 * the retention scaled to the run (`retentionMs` 1 ms and `prune()` after every block, so
 * the store keeps about one block's records, where a service keeps 30 days and prunes
 * daily): the memory store keeps every record until pruned, by design, so without pruning
 * the heap would grow by the records, not by a leak. RSS and heap used are sampled after a
 * full GC at the start and after every block of 1,000 refunds (100 with `--quick`); the
 * peak is polled every 20 ms without GC. Goal: flat, i.e. the end within 10 % of the value
 * after the warm-up (the first two blocks), and a least-squares slope over the blocks after
 * it of at most 1 % of that value per block.
 *
 * Must run with `--expose-gc` in its own process (main.ts does so), so the figures are this
 * workload's only. Fails unless every refund is `pending` and the peer counted exactly two
 * requests per refund (the refund list, then the refund). Prints its table, then the figures
 * as the last line (child.ts); alone: `node --expose-gc bench/memory.ts [--quick]`.
 */
import type {
  IdempotencyStore,
  RefundRequest,
  Refunds,
  RefundsOptions,
} from '@refundkit/refund-core';
import { emitFigures, goal, info } from './child.ts';
import type { Figure } from './figures.ts';
import { startPeer } from './peer.ts';
import { importPackage, importSubpath } from './resolve.ts';

const quick = process.argv.includes('--quick');
const REFUNDS = quick ? 1_000 : 10_000;
const BLOCK = quick ? 100 : 1_000;
const IN_FLIGHT = 16;
/** Records completed more than this long ago are pruned: all but the last block's. */
const RETENTION_MS = 1;
/**
 * Blocks counted as warm-up: V8 sizes its heap (and so RSS) to the peak working set over
 * the first few thousand refunds, while the heap used is level from the first block.
 */
const WARMUP_BLOCKS = 2;
/** End within this share of the after-warm-up value. */
export const FLAT_END = 0.1;
/** Slope per block at most this share of the after-warm-up value. */
export const FLAT_SLOPE = 0.01;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('bench/memory.ts needs node --expose-gc');
  process.exit(1);
}

interface Sample {
  refunds: number;
  rss: number;
  heapUsed: number;
}
const sample = (refunds: number): Sample => {
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { refunds, rss, heapUsed };
};

const core = await importPackage<{
  createRefunds(options: RefundsOptions): Refunds;
  MemoryIdempotencyStore: new () => IdempotencyStore;
}>('@refundkit/refund-core');
const { kakacloAdapter } = await importSubpath<{
  kakacloAdapter: (client: unknown) => NonNullable<RefundsOptions['providers']['kakaclo']>;
}>('@refundkit/refund-core', './kakaclo');
const { createKakacloClient } =
  await importPackage<typeof import('@refundkit/kakaclo')>('@refundkit/kakaclo');

const peer = await startPeer();
const samples: Sample[] = [sample(0)];
const peak = { rss: 0, heapUsed: 0 };
const poll = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peak.rss = Math.max(peak.rss, rss);
  peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
}, 20);
let failed = 0;
let firstError: string | undefined;
let pruned = 0;
let counted: Record<string, number> = {};
const started = performance.now();
try {
  const refunds = core.createRefunds({
    providers: {
      kakaclo: kakacloAdapter(
        createKakacloClient({ baseUrl: `${peer.origin}/kakaclo`, accessToken: 'bench' }),
      ),
    },
    store: new core.MemoryIdempotencyStore(),
    rateLimits: { kakaclo: false },
    retentionMs: RETENTION_MS,
  });
  const request = (n: number): RefundRequest => ({
    provider: 'kakaclo',
    idempotencyKey: `memory-${n}`,
    orderId: String(40_000_000 + n),
    lines: [{ lineId: '120001', quantity: 1 }],
  });
  for (let done = 0; done < REFUNDS; done += BLOCK) {
    let next = done;
    const lane = async () => {
      while (next < done + BLOCK) {
        const n = next++;
        try {
          const result = await refunds.refund(request(n));
          if (result.status !== 'pending') {
            failed++;
            firstError ??= `memory-${n}: ${result.status}`;
          }
        } catch (error) {
          failed++;
          firstError ??= String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    pruned += await refunds.prune();
    samples.push(sample(done + BLOCK));
  }
  counted = await peer.counts();
} finally {
  clearInterval(poll);
  await peer.stop();
}
const seconds = (performance.now() - started) / 1000;
const { maxRSS } = process.resourceUsage();

/** Least-squares slope of `value` per block over `points`. */
function slopePerBlock(points: readonly Sample[], value: (s: Sample) => number): number {
  const xs = points.map((p) => p.refunds / BLOCK);
  const ys = points.map(value);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (const [i, x] of xs.entries()) {
    num += (x - mx) * ((ys[i] ?? 0) - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const figures: Figure[] = [];
const first = samples[0];
const warm = samples[WARMUP_BLOCKS];
const end = samples.at(-1);
if (!first || !warm || !end) throw new Error('no samples');
const afterWarmUp = samples.slice(WARMUP_BLOCKS);
console.log(
  `Memory: ${REFUNDS.toLocaleString('en')} KakaClo refunds through refund-core (memory store, ${IN_FLIGHT} in flight, ` +
    `retention ${RETENTION_MS} ms, prune() every ${BLOCK.toLocaleString('en')}) in ${seconds.toFixed(1)} s; ` +
    `after a full GC per ${BLOCK.toLocaleString('en')} refunds, warm-up the first ${warm.refunds.toLocaleString('en')}` +
    (quick ? ' (--quick: 1,000 refunds, per 100)' : ''),
);
console.log(
  `${'figure'.padEnd(11)}${'start'.padEnd(10)}${'warm-up'.padEnd(10)}${'peak'.padEnd(10)}${'end'.padEnd(10)}${'end/warm-up'.padEnd(20)}slope per ${BLOCK.toLocaleString('en')} (goal ≤ ${FLAT_SLOPE * 100} % of warm-up)`,
);
for (const [label, key, peakValue] of [
  ['RSS', 'rss', Math.max(peak.rss, maxRSS * 1024)],
  ['heap used', 'heapUsed', peak.heapUsed],
] as const) {
  const change = end[key] / warm[key] - 1;
  const slope = slopePerBlock(afterWarmUp, (s) => s[key]);
  const endPass = Math.abs(change) <= FLAT_END;
  const slopePass = slope <= FLAT_SLOPE * warm[key];
  const prefix = `memory: ${label}`;
  figures.push(
    info(`${prefix} at start`, first[key], 'B'),
    info(`${prefix} after warm-up (${warm.refunds} refunds)`, warm[key], 'B'),
    info(`${prefix} peak`, peakValue, 'B'),
    info(`${prefix} at end (${REFUNDS} refunds)`, end[key], 'B'),
    goal(
      `${prefix}: end / after warm-up − 1`,
      Number(change.toFixed(4)),
      'ratio',
      `<= ±${FLAT_END}`,
      endPass,
    ),
    goal(
      `${prefix}: slope per ${BLOCK} refunds after warm-up`,
      Math.round(slope),
      'B',
      `<= ${Math.round(FLAT_SLOPE * warm[key])} (${FLAT_SLOPE * 100} % of warm-up)`,
      slopePass,
    ),
  );
  console.log(
    `${label.padEnd(11)}${MB(first[key]).padEnd(10)}${MB(warm[key]).padEnd(10)}${MB(peakValue).padEnd(10)}${MB(end[key]).padEnd(10)}` +
      `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} % ${endPass ? 'pass' : 'MISS'}`.padEnd(
        20,
      ) +
      `${slope >= 0 ? '+' : ''}${(slope / 1024).toFixed(0)} kB ${slopePass ? 'pass' : 'MISS'}`,
  );
}
for (const s of samples) {
  figures.push(
    info(`memory: RSS after ${s.refunds} refunds`, s.rss, 'B'),
    info(`memory: heap used after ${s.refunds} refunds`, s.heapUsed, 'B'),
  );
}
console.log(
  `per ${BLOCK.toLocaleString('en')}: heap ${samples.map((s) => (s.heapUsed / 1024 / 1024).toFixed(1)).join(' ')} MB`,
);
console.log(`records pruned: ${pruned.toLocaleString('en')}`);
const missing = ['kakaclo.queryRefund', 'kakaclo.refundOrder']
  .map((route) => (counted[route] ?? 0) - REFUNDS)
  .concat(counted['unmatched'] ?? 0);
const countsOk = missing.every((d) => d === 0);
figures.push(
  goal('memory: failed refunds', failed, 'calls', '= 0', failed === 0),
  goal(
    'memory: requests the peer server received minus 2 per refund',
    missing.reduce((a, b) => a + Math.abs(b), 0),
    'requests',
    '= 0',
    countsOk,
  ),
);
if (failed > 0) console.log(`!! ${failed} refunds not pending; first: ${firstError ?? ''}`);
if (!countsOk)
  console.log(`!! peer server counts: ${JSON.stringify(counted)} for ${REFUNDS} refunds`);
emitFigures(figures);
if (failed > 0 || !countsOk) process.exitCode = 1;
