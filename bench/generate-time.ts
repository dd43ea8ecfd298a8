/**
 * How long the spec tooling takes as a whole command (issue 14): `pnpm generate` for all
 * specs (goal < 2 s) and the spec-diff over the three specs (goal < 1 s), wall time from
 * spawn to exit, median of several runs after a warm-up run.
 *
 * Neither may touch the working tree: generate runs on a copy of `redocly.yaml` and `specs/`
 * in a temp folder (its outputs land there; they are compared with the repository's
 * generated files afterwards, so the timed run did the real work), and the spec-diff
 * (`tools/spec-diff/cli.ts --base HEAD`, HEAD against the working tree) only reads. What
 * is timed is the `node tools/…` command the pnpm scripts run; pnpm's own start-up is on top
 * (printed for reference, without a goal). Prints its table, then the figures as the last
 * line (child.ts); alone: `node bench/generate-time.ts [--quick]`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitFigures, goal, info } from './child.ts';
import type { Figure } from './figures.ts';
import { repoRoot } from './resolve.ts';
import { median } from './stats.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 7;
const GENERATED = ['keeta', 'shoplazza', 'kakaclo'].map(
  (p) => `packages/${p}/src/generated/openapi.ts`,
);

/** Wall ms of one run of `command args` in `cwd`; throws unless it exits 0. */
async function wallMs(command: string, args: readonly string[], cwd: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  return ms;
}

/** One warm-up run, then `RUNS` timed ones. */
async function timed(command: string, args: readonly string[], cwd: string) {
  await wallMs(command, args, cwd);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await wallMs(command, args, cwd));
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

const copy = mkdtempSync(join(tmpdir(), 'refundkit-bench-generate-'));
const figures: Figure[] = [];
let broken = false;
try {
  cpSync(join(repoRoot, 'specs'), join(copy, 'specs'), { recursive: true });
  cpSync(join(repoRoot, 'redocly.yaml'), join(copy, 'redocly.yaml'));
  const node = process.execPath;
  const rows = [
    {
      name: 'generate (all specs)',
      shown: 'node tools/generate.ts (a copy of the specs)',
      goalMs: 2000,
      time: await timed(
        node,
        [join(repoRoot, 'tools/generate.ts'), join(copy, 'redocly.yaml')],
        repoRoot,
      ),
    },
    {
      name: 'spec-diff (three specs, HEAD vs working tree)',
      shown: 'node tools/spec-diff/cli.ts --base HEAD',
      goalMs: 1000,
      time: await timed(
        node,
        [join(repoRoot, 'tools/spec-diff/cli.ts'), '--base', 'HEAD'],
        repoRoot,
      ),
    },
    {
      name: 'pnpm start-up (pnpm --version)',
      shown: 'pnpm --version (on top of either script)',
      goalMs: undefined,
      time: await timed('pnpm', ['--version'], repoRoot).catch(() => undefined),
    },
  ];
  console.log(
    `Spec tooling, whole command, wall time: median [min–max] of ${RUNS} runs after 1 warm-up`,
  );
  console.log(`${'command'.padEnd(48)}${'median'.padEnd(10)}${'[min–max]'.padEnd(16)}goal`);
  for (const row of rows) {
    if (row.time === undefined) {
      console.log(`${row.shown.padEnd(48)}(not measured: pnpm not on PATH)`);
      continue;
    }
    const { median: ms, min, max } = row.time;
    const pass = row.goalMs === undefined ? undefined : ms < row.goalMs;
    figures.push(
      row.goalMs === undefined
        ? info(`spec tooling: ${row.name}, wall time (median)`, Math.round(ms), 'ms')
        : goal(
            `spec tooling: ${row.name}, wall time (median)`,
            Math.round(ms),
            'ms',
            `< ${row.goalMs}`,
            ms < row.goalMs,
          ),
    );
    console.log(
      `${row.shown.padEnd(48)}${`${ms.toFixed(0)} ms`.padEnd(10)}${`[${min.toFixed(0)}–${max.toFixed(0)}]`.padEnd(16)}` +
        (pass === undefined ? '' : `< ${row.goalMs} ms ${pass ? 'pass' : 'MISS'}`),
    );
  }
  const differing = GENERATED.filter(
    (file) => readFileSync(join(copy, file), 'utf8') !== readFileSync(join(repoRoot, file), 'utf8'),
  );
  console.log(
    differing.length === 0
      ? '(the copy generated the same three files as the repository holds)'
      : `(the copy generated other text than the repository's ${differing.join(', ')}: specs changed and not regenerated?)`,
  );
} catch (error) {
  console.error('spec tooling timing FAILED:', error);
  broken = true;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
emitFigures(figures);
if (broken) process.exitCode = 1;
