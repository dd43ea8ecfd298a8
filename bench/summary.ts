/**
 * The closing table of `pnpm bench`: every figure that has a goal, from every part, with
 * its value, the goal and pass / MISS (the parts' own tables above give the details).
 */
import type { Figure } from './figures.ts';

/** A value in its unit, readable: bytes as kB or MB, ratios with two decimals. */
export function shown(f: Pick<Figure, 'value' | 'unit'>): string {
  if (f.unit === 'B') {
    const abs = Math.abs(f.value);
    return abs >= 1024 * 1024
      ? `${(f.value / 1024 / 1024).toFixed(1)} MB`
      : `${(f.value / 1024).toFixed(1)} kB`;
  }
  if (f.unit === 'ratio') return f.value.toFixed(3);
  return `${f.value} ${f.unit}`;
}

/** The goal as printed: byte goals in kB or MB too. */
function goalShown(f: Figure): string {
  const goal = f.goal ?? '';
  if (f.unit !== 'B') return goal;
  return goal.replace(/(-?\d+)(?= |$)/, (n) => shown({ value: Number(n), unit: 'B' }));
}

/** Goals only; the run-integrity checks (`= 0`) are folded into one line unless one failed. */
export function summary(figures: readonly Figure[]): string {
  const goals = figures.filter((f) => f.goal !== null && f.goal !== '= 0');
  const checks = figures.filter((f) => f.goal === '= 0');
  const width = Math.max(...goals.map((f) => f.name.length), 20) + 2;
  const lines = [
    `${'figure'.padEnd(width)}${'value'.padEnd(12)}${'goal'.padEnd(30)}`,
    ...goals.map(
      (f) =>
        `${f.name.padEnd(width)}${shown(f).padEnd(12)}${goalShown(f).padEnd(30)}${f.pass === true ? 'pass' : 'MISS'}`,
    ),
  ];
  const failedChecks = checks.filter((f) => f.pass !== true);
  lines.push(
    failedChecks.length === 0
      ? `run checks (failed calls, request counts, ledgers, soak checks): ${checks.length} of ${checks.length} hold`
      : `run checks FAILED: ${failedChecks.map((f) => `${f.name} = ${f.value}`).join('; ')}`,
  );
  const missed = goals.filter((f) => f.pass !== true).length;
  lines.push(
    `${goals.length - missed} of ${goals.length} goals met${missed ? `, ${missed} missed` : ''}`,
  );
  return lines.join('\n');
}
