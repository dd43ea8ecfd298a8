/**
 * Turns the measurements into figures (bench/results.json: one `{ name, value, unit, goal,
 * pass }` per figure) and the printed table with each goal's pass/miss.
 */
import { kB, type BundleSize } from './bundle.ts';
import type { Role } from './contestants.ts';
import type { ImportTime } from './import-time.ts';
import type { ContestantRun, RoundPlan, ScenarioRun } from './rounds.ts';
import { pairedRatios, spread, type Spread } from './stats.ts';

/** One figure of results.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. `>= 0.95`; null for a figure that is informative only. */
  goal: string | null;
  pass: boolean | null;
}

/** The goals. */
export const GOALS = {
  /** Client throughput at least this share of bare openapi-fetch's on the same request. */
  throughputRatio: 0.95,
  /** Client bundle, everything included, minified + gzip: 8 kB (1 kB = 1024 B, as `pnpm size` prints). */
  gzipBytes: 8 * 1024,
};

/** What main.ts measured. */
export interface Measurements {
  plan: RoundPlan;
  scenarios: ScenarioRun[];
  /** Requests the peer server counted per route, and how many the contestants made. */
  requestCounts: { route: string; counted: number; made: number }[];
  bundles: BundleSize[];
  imports: ImportTime[];
  importRuns: number;
}

function throughputOf(run: ScenarioRun, role: Role): number[] | undefined {
  return run.runs.find((r) => r.role === role)?.throughput;
}

function cpuOf(run: ScenarioRun, role: Role): number[] | undefined {
  return run.runs.find((r) => r.role === role)?.cpuMicrosPerCall;
}

function spreadFigures(name: string, s: Spread, goal?: number): Figure[] {
  return [
    {
      name: `${name} (median)`,
      value: round(s.median, 3),
      unit: 'ratio',
      goal: goal === undefined ? null : `>= ${goal}`,
      pass: goal === undefined ? null : s.median >= goal,
    },
    { name: `${name} (min)`, value: round(s.min, 3), unit: 'ratio', goal: null, pass: null },
    { name: `${name} (max)`, value: round(s.max, 3), unit: 'ratio', goal: null, pass: null },
  ];
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** The ratios of one scenario, or of the control. */
function ratiosOf(run: ScenarioRun) {
  const raw = throughputOf(run, 'raw');
  const bare = throughputOf(run, 'bare');
  const client = throughputOf(run, 'client');
  const again = throughputOf(run, 'bare again');
  if (bare === undefined) throw new Error(`${run.key}: no bare openapi-fetch contestant`);
  const bareCpu = cpuOf(run, 'bare') ?? [];
  const clientCpu = cpuOf(run, 'client') ?? cpuOf(run, 'bare again');
  return {
    // CPU time per call, inverted (bare ÷ client) so it reads like a throughput ratio.
    cpu: clientCpu && spread(pairedRatios(bareCpu, clientCpu)),
    clientVsBare: client && spread(pairedRatios(client, bare)),
    clientVsRaw: client && raw && spread(pairedRatios(client, raw)),
    bareVsRaw: raw && spread(pairedRatios(bare, raw)),
    control: again && spread(pairedRatios(again, bare)),
  };
}

/** Every figure, in table order. */
export function figures(m: Measurements): Figure[] {
  const out: Figure[] = [];
  for (const run of m.scenarios) {
    const r = ratiosOf(run);
    if (r.control)
      out.push(...spreadFigures(`${run.key}: openapi-fetch B / A throughput`, r.control));
    if (r.clientVsBare) {
      out.push(
        ...spreadFigures(
          `${run.key}: client / openapi-fetch throughput`,
          r.clientVsBare,
          GOALS.throughputRatio,
        ),
      );
    }
    if (r.clientVsRaw)
      out.push(...spreadFigures(`${run.key}: client / raw fetch throughput`, r.clientVsRaw));
    if (r.bareVsRaw)
      out.push(...spreadFigures(`${run.key}: openapi-fetch / raw fetch throughput`, r.bareVsRaw));
    if (r.cpu) {
      const other = r.control ? 'openapi-fetch B' : 'client';
      out.push(
        ...spreadFigures(
          `${run.key}: ${other} / openapi-fetch, CPU time per call (inverted)`,
          r.cpu,
        ),
      );
    }
    for (const c of run.runs) {
      out.push(
        {
          name: `${run.key}: ${c.name} throughput (median)`,
          value: Math.round(spread(c.throughput).median),
          unit: 'calls/s',
          goal: null,
          pass: null,
        },
        {
          name: `${run.key}: ${c.name} CPU time per call (median)`,
          value: round(spread(c.cpuMicrosPerCall).median, 1),
          unit: 'µs',
          goal: null,
          pass: null,
        },
      );
    }
    const failures = run.runs.reduce((sum, c) => sum + c.failures, 0);
    out.push({
      name: `${run.key}: failed calls`,
      value: failures,
      unit: 'calls',
      goal: '= 0',
      pass: failures === 0,
    });
  }
  for (const count of m.requestCounts) {
    out.push({
      name: `${count.route}: requests the peer server received minus calls made`,
      value: count.counted - count.made,
      unit: 'requests',
      goal: '= 0',
      pass: count.counted === count.made,
    });
  }
  for (const b of m.bundles) {
    const isClient = b.name.startsWith('@refundkit/');
    out.push(
      {
        name: `${b.name}: bundle, minified`,
        value: b.minifiedBytes,
        unit: 'B',
        goal: null,
        pass: null,
      },
      {
        name: `${b.name}: bundle, minified + gzip`,
        value: b.gzipBytes,
        unit: 'B',
        goal: isClient ? `<= ${GOALS.gzipBytes}` : null,
        pass: isClient ? b.gzipBytes <= GOALS.gzipBytes : null,
      },
    );
  }
  for (const t of m.imports) {
    out.push({
      name: `${t.name}: fresh process ${t.name.startsWith('(') ? 'start' : 'import'} (median of ${m.importRuns})`,
      value: round(t.name.startsWith('(') ? t.medianMs : t.importMs, 1),
      unit: 'ms',
      goal: null,
      pass: null,
    });
  }
  return out;
}

/** Whether the run itself failed (failed calls or a request count that does not add up). */
export function runFailed(all: readonly Figure[]): boolean {
  return all.some((f) => f.goal === '= 0' && f.pass === false);
}

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
