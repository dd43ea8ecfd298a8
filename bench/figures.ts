/**
 * Turns the measurements into figures: bench/results.json, one `{ name, value, unit, goal,
 * pass }` per figure, and the ratios the printed table (table.ts) shows.
 */
import type { BundleSize } from './bundle.ts';
import type { Role } from './contestants.ts';
import type { ImportTime } from './import-time.ts';
import type { RoundPlan, ScenarioRun } from './rounds.ts';
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

/** The per-round ratios of one scenario, or of the control, as median [min–max]. */
export function ratiosOf(run: ScenarioRun) {
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
