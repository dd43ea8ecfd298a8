/** The printed table: each goal with pass / MISS, then the figures behind it. */
import { kB } from './bundle.ts';
import { GOALS, ratiosOf, type Measurements } from './figures.ts';
import type { ContestantRun } from './rounds.ts';
import { spread, type Spread } from './stats.ts';

const ratio = (s: Spread | undefined) =>
  s === undefined ? '' : `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
const verdict = (pass: boolean) => (pass ? 'pass' : 'MISS');
const signed = (ms: number) => {
  const whole = Math.round(ms);
  return `${whole < 0 ? '−' : '+'}${Math.abs(whole)}`;
};

/** The printed table. */
export function table(m: Measurements): string {
  const { plan } = m;
  const lines: string[] = [];
  lines.push(
    `Throughput: ${plan.inFlight} in flight, ${plan.rounds} rounds × ${plan.callsPerRound} calls per contestant ` +
      `(after ${plan.warmupRounds} warm-up); ratio of calls/s within each round, median [min–max]`,
  );
  const row = (cells: [string, number][]) =>
    cells
      .map(([text, width]) => text.padEnd(width))
      .join('')
      .trimEnd();
  lines.push(
    row([
      ['scenario', 28],
      ['client/openapi-fetch', 21],
      [`≥ ${GOALS.throughputRatio}`, 7],
      ['client/raw fetch', 19],
      ['openapi-fetch/raw', 19],
      ['failed', 6],
    ]),
  );
  for (const run of m.scenarios) {
    const r = ratiosOf(run);
    const failed = String(run.runs.reduce((sum, c) => sum + c.failures, 0));
    lines.push(
      r.control
        ? row([
            [`${run.key} B/A`, 28],
            [ratio(r.control), 21],
            ['noise', 7],
            ['', 19],
            ['', 19],
            [failed, 6],
          ])
        : row([
            [run.key, 28],
            [ratio(r.clientVsBare), 21],
            [r.clientVsBare ? verdict(r.clientVsBare.median >= GOALS.throughputRatio) : '', 7],
            [ratio(r.clientVsRaw), 19],
            [ratio(r.bareVsRaw), 19],
            [failed, 6],
          ]),
    );
  }
  lines.push(
    '',
    'Per contestant, median over the rounds (raw fetch, openapi-fetch, client; control: A, B).',
    "CPU ratio: openapi-fetch CPU µs per call ÷ client's, per round; this process only, so",
    'less disturbed by other load than calls/s.',
  );
  lines.push(
    row([
      ['scenario', 28],
      ['calls/s', 22],
      ['CPU µs per call', 22],
      ['CPU ratio client/openapi-fetch', 30],
    ]),
  );
  for (const run of m.scenarios) {
    const r = ratiosOf(run);
    const each = (pick: (c: ContestantRun) => number[], digits: number) =>
      run.runs.map((c) => spread(pick(c)).median.toFixed(digits)).join(', ');
    lines.push(
      row([
        [r.control ? `${run.key} B/A` : run.key, 28],
        [each((c) => c.throughput, 0), 22],
        [each((c) => c.cpuMicrosPerCall, 0), 22],
        [ratio(r.cpu), 30],
      ]),
    );
  }
  for (const count of m.requestCounts) {
    if (count.counted !== count.made) {
      lines.push(
        `!! ${count.route}: peer server received ${count.counted} requests for ${count.made} calls`,
      );
    }
  }
  for (const run of m.scenarios) {
    for (const c of run.runs) {
      if (c.firstError !== undefined)
        lines.push(`!! ${run.key}: ${c.name}: ${c.failures} failed; first: ${c.firstError}`);
    }
  }

  lines.push(
    '',
    `Bundle (esbuild of the published entry, minified, gzip; goal ≤ ${kB(GOALS.gzipBytes)} gzip)`,
  );
  lines.push(
    [
      'package'.padEnd(22),
      'minified'.padStart(9),
      'gzip'.padStart(9),
      '  goal ',
      ' runtime dependencies',
    ].join(''),
  );
  for (const b of m.bundles) {
    const isClient = b.name.startsWith('@refundkit/');
    lines.push(
      [
        b.name.padEnd(22),
        kB(b.minifiedBytes).padStart(9),
        kB(b.gzipBytes).padStart(9),
        `  ${isClient ? verdict(b.gzipBytes <= GOALS.gzipBytes) : 'ref '} `.padEnd(7),
        ` ${b.dependencies.join(', ')}`,
      ].join(''),
    );
  }

  lines.push(
    '',
    `Import time in a fresh process (node -e "import('…')", median of ${m.importRuns})`,
  );
  for (const t of m.imports) {
    lines.push(
      t.name.startsWith('(')
        ? `${'node -e "" (start and exit)'.padEnd(28)}${t.medianMs.toFixed(0).padStart(5)} ms`
        : `${t.name.padEnd(28)}${t.medianMs.toFixed(0).padStart(5)} ms  (${signed(t.importMs)} ms over an empty process)`,
    );
  }
  return lines.join('\n');
}
