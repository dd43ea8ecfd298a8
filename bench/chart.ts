/**
 * bench/report.html: the figures of one `pnpm bench` run as charts, for people who would
 * rather look than read. One self-contained file (inline SVG and CSS, no script, no external
 * asset), drawn from the very figures written to bench/results.json, found by their names;
 * the table and results.json stay the source of truth. Throughput per variant as grouped
 * bars (the clients against bare openapi-fetch and raw fetch per request; refund-core
 * against the client directly; the stores; 1, 2 and 4 processes) and memory over the
 * refunds as lines.
 */
import type { Figure } from './figures.ts';
import { shown } from './summary.ts';

/** One bar of a group. */
interface Bar {
  label: string;
  value: number;
}
/** A group of bars side by side (one request, one provider, one store). */
interface Group {
  label: string;
  bars: Bar[];
}
/** One line of a line chart. */
interface Series {
  label: string;
  points: { x: number; y: number }[];
}

const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1'];

const escape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** A round axis maximum at or above `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  const factor = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((f) => f * step >= max) ?? 10;
  return factor * step;
}

const number = (v: number) =>
  v >= 10_000
    ? `${(v / 1000).toFixed(0)}k`
    : v >= 1000
      ? `${(v / 1000).toFixed(1)}k`
      : v.toFixed(0);

/**
 * Grouped horizontal bars: one row per bar, groups separated, value printed at the end.
 * `log`: a logarithmic axis, for figures orders of magnitude apart (the memory store and a
 * database).
 */
function barChart(title: string, unit: string, groups: readonly Group[], log = false): string {
  if (groups.length === 0) return '';
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const colour = (label: string) => COLOURS[labels.indexOf(label) % COLOURS.length] ?? '#888';
  const top = Math.max(...groups.flatMap((g) => g.bars.map((b) => b.value)));
  const max = log ? 10 ** Math.ceil(Math.log10(Math.max(top, 10))) : niceMax(top);
  // Share of the axis: linear, or log10 from 1 to max.
  const at = (value: number) =>
    log ? Math.max(0, Math.log10(Math.max(value, 1)) / Math.log10(max)) : value / max;
  const left = 230;
  const width = 520;
  const row = 16;
  let y = 10;
  const parts: string[] = [];
  for (const group of groups) {
    parts.push(`<text x="4" y="${y + 12}" class="group">${escape(group.label)}</text>`);
    y += 18;
    for (const bar of group.bars) {
      const w = at(bar.value) * width;
      parts.push(
        `<text x="${left - 6}" y="${y + 12}" text-anchor="end">${escape(bar.label)}</text>`,
        `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 4}" fill="${colour(bar.label)}"><title>${escape(`${group.label}, ${bar.label}: ${bar.value} ${unit}`)}</title></rect>`,
        `<text x="${(left + w + 4).toFixed(1)}" y="${y + 12}">${escape(number(bar.value))}</text>`,
      );
      y += row;
    }
    y += 8;
  }
  const tickValues = log
    ? Array.from({ length: Math.log10(max) + 1 }, (_, i) => 10 ** i)
    : [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const ticks = tickValues.map((value) => {
    const x = left + at(value) * width;
    return `<line x1="${x}" y1="4" x2="${x}" y2="${y}" class="grid"/><text x="${x}" y="${y + 14}" text-anchor="middle">${number(value)}</text>`;
  });
  return section(
    title,
    `<svg viewBox="0 0 ${left + width + 60} ${y + 36}" role="img" aria-label="${escape(title)}">${ticks.join('')}${parts.join('')}<text x="${left}" y="${y + 30}" class="unit">${escape(log ? `${unit}, logarithmic axis` : unit)}</text></svg>`,
  );
}

/** Lines over x (refunds), y from 0. */
/** `markX`: a dashed vertical line there, labelled (the end of the warm-up). */
function lineChart(title: string, unit: string, series: readonly Series[], markX?: number): string {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return '';
  const left = 60;
  const width = 640;
  const height = 260;
  const maxX = Math.max(...points.map((p) => p.x)) || 1;
  const maxY = niceMax(Math.max(...points.map((p) => p.y)));
  const px = (x: number) => left + (x / maxX) * width;
  const py = (y: number) => 10 + height - (y / maxY) * height;
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (t) =>
      `<line x1="${left}" y1="${py(t * maxY)}" x2="${left + width}" y2="${py(t * maxY)}" class="grid"/><text x="${left - 6}" y="${py(t * maxY) + 4}" text-anchor="end">${number(t * maxY)}</text>`,
  );
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const xTicks = xs.map(
    (x) => `<text x="${px(x)}" y="${height + 28}" text-anchor="middle">${number(x)}</text>`,
  );
  const mark =
    markX === undefined
      ? ''
      : `<line x1="${px(markX)}" y1="10" x2="${px(markX)}" y2="${height + 10}" class="mark"/><text x="${px(markX) + 4}" y="22">end of warm-up</text>`;
  const lines = series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? '#888';
    const d = s.points.map(
      (p, j) => `${j === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`,
    );
    const dots = s.points.map(
      (p) =>
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${colour}"><title>${escape(`${s.label} after ${p.x} refunds: ${p.y.toFixed(1)} ${unit}`)}</title></circle>`,
    );
    return `<path d="${d.join('')}" fill="none" stroke="${colour}" stroke-width="2"/>${dots.join('')}<text x="${left + width + 6}" y="${py(s.points.at(-1)?.y ?? 0) + 4}" fill="${colour}">${escape(s.label)}</text>`;
  });
  return section(
    title,
    `<svg viewBox="0 0 ${left + width + 110} ${height + 50}" role="img" aria-label="${escape(title)}">${grid.join('')}${xTicks.join('')}${mark}${lines.join('')}<text x="${left}" y="${height + 44}" class="unit">refunds done; y: ${escape(unit)}</text></svg>`,
  );
}

function section(title: string, svg: string): string {
  return `<section><h2>${escape(title)}</h2>${svg}</section>`;
}

/** Groups from the figures in `unit` whose names match `pattern` (capture 1: group, 2: bar). */
function groupsOf(figures: readonly Figure[], unit: string, pattern: RegExp): Group[] {
  const groups = new Map<string, Bar[]>();
  for (const f of figures) {
    if (f.unit !== unit) continue;
    const m = pattern.exec(f.name);
    if (!m?.[1] || !m[2]) continue;
    const bars = groups.get(m[1]) ?? [];
    bars.push({ label: m[2], value: f.value });
    groups.set(m[1], bars);
  }
  return [...groups].map(([label, bars]) => ({ label, bars }));
}

/** The report page of `figures`. */
export function report(figures: readonly Figure[], options: { quick: boolean }): string {
  const memory = (what: string): Series => ({
    label: what,
    points: figures.flatMap((f) => {
      const m = new RegExp(`^memory: ${what} after (\\d+) refunds$`).exec(f.name);
      return m?.[1] ? [{ x: Number(m[1]), y: f.value / 1024 / 1024 }] : [];
    }),
  });
  // memory.ts names its warm-up figure `memory: RSS after warm-up (<n> refunds)`.
  const warmUpMatch = figures
    .map((f) => /^memory: RSS after warm-up \((\d+) refunds\)$/.exec(f.name)?.[1])
    .find((n) => n !== undefined);
  const warmUp = warmUpMatch === undefined ? undefined : Number(warmUpMatch);
  const goals = figures.filter((f) => f.goal !== null && f.goal !== '= 0');
  const missed = goals.filter((f) => f.pass !== true);
  const charts = [
    barChart(
      'Client vs bare openapi-fetch vs raw fetch, per request (median calls/s; the goal is the ratio client / openapi-fetch ≥ 0.95, taken per round)',
      'calls/s',
      groupsOf(figures, 'calls/s', /^([^:]+): (.+) throughput \(median\)$/).filter(
        (g) => !g.label.startsWith('refund-core'),
      ),
    ),
    barChart(
      'refund-core vs the client directly, same peer server (median refunds/s; goal: memory store ≥ 0.90 × direct)',
      'refunds/s',
      groupsOf(figures, 'refunds/s', /^refund-core overhead: (\w+): (.+) throughput \(median\)$/),
    ),
    barChart(
      'Idempotency stores: refund() over a fake adapter and the bare store calls (refunds/s, one after another)',
      'refunds/s',
      groupsOf(
        figures,
        'refunds/s',
        /^store cost: (.+?): (refund\(\) over a fake adapter|store calls), refunds\/s$/,
      ),
      true,
    ),
    barChart(
      'Distinct-order throughput with 1, 2 and 4 processes on one shared store (overall refunds/s)',
      'refunds/s',
      groupsOf(
        figures,
        'refunds/s',
        /^throughput on distinct orders: (\w+), (\d+ process(?:es)?): overall$/,
      ),
    ),
    barChart(
      'The soak with 1, 2 and 4 processes (faults, shared keys, one process killed; overall refunds/s)',
      'refunds/s',
      groupsOf(figures, 'refunds/s', /^soak: (\w+), (\d+ process(?:es)?): overall$/),
    ),
    // Two charts: on one axis the heap (tens of MB) would be a flat line under RSS.
    lineChart(
      'Memory while refund-core runs the refunds: RSS (after a full GC per block)',
      'MB',
      [memory('RSS')],
      warmUp,
    ),
    lineChart(
      '… and the heap used (after a full GC per block)',
      'MB',
      [memory('heap used')],
      warmUp,
    ),
  ];
  const rows = goals
    .map(
      (f) =>
        `<tr class="${f.pass === true ? 'pass' : 'miss'}"><td>${escape(f.name)}</td><td>${escape(shown(f))}</td><td>${escape(f.goal ?? '')}</td><td>${f.pass === true ? 'pass' : 'MISS'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>refundkit benchmark</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em auto;max-width:900px;color:#222}
svg{width:100%;height:auto;font:11px system-ui,sans-serif}
.grid{stroke:#ddd}.mark{stroke:#999;stroke-dasharray:4 3}.group{font-weight:600}.unit{fill:#666}
table{border-collapse:collapse;width:100%}td{padding:2px 6px;border-bottom:1px solid #eee}
tr.miss td:last-child{color:#c00;font-weight:600}tr.pass td:last-child{color:#080}
</style></head><body>
<h1>refundkit benchmark${options.quick ? ' (--quick: small runs, figures indicative only)' : ''}</h1>
<p>Drawn from bench/results.json of the same run; the table printed by <code>pnpm bench</code> and results.json are the source of truth. Hover a bar or point for its figure. ${goals.length - missed.length} of ${goals.length} goals met.</p>
${charts.join('\n')}
<section><h2>Every goal</h2><table><tr><th>figure</th><th>value</th><th>goal</th><th></th></tr>${rows}</table></section>
</body></html>
`;
}
