/**
 * The soak's throughput with 1, 2 and 4 processes (issue 13): `test/soak/main.ts --json` run
 * as a child per store and process count, its refunds/s overall and per process printed.
 * One process is the single-process soak (`--processes` takes 2 or more, and has no
 * PostgreSQL without it). The soak is not a clean load test: it injects faults, repeats keys,
 * sends shared keys from two processes at once and kills one process, so these are the
 * figures of that workload, comparable with each other, not the stores' ceiling.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { goal, info } from './child.ts';
import type { Figure } from './figures.ts';
import { repoRoot } from './resolve.ts';

/** Plan keys per soak run. */
const SOAK_REFUNDS = 1000;

/** The fields of the soak's JSON report read here. */
interface SoakJson {
  refunds: number;
  durationMs: number;
  exitCode: number;
  refundsPerSecond?: number;
  processes?: { index: number; killed: boolean; refundsPerSecond?: number }[];
}

async function soak(args: readonly string[]): Promise<SoakJson> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'test/soak/main.ts'), '--json', '--refunds', String(SOAK_REFUNDS), ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as SoakJson;
  } catch {
    throw new Error(`soak ${args.join(' ')} exited with ${code} and no JSON report`);
  }
}

/** Prints the table; `ok` is false when a soak failed its own checks or could not run. */
export async function runSoakThroughput(): Promise<{ ok: boolean; figures: Figure[] }> {
  const figures: Figure[] = [];
  console.log(
    `\nSoak throughput: pnpm soak --refunds ${SOAK_REFUNDS} --json (seeded faults, shared keys, one process SIGKILLed when P ≥ 2); refunds/s`,
  );
  const row = (cells: [string, number][]) =>
    cells
      .map(([text, width]) => text.padEnd(width))
      .join('')
      .trimEnd();
  console.log(
    row([
      ['store', 10],
      ['processes', 11],
      ['overall', 10],
      ['per process (survivors)', 34],
      ['checks', 6],
    ]),
  );
  let ok = true;
  for (const store of ['sqlite', 'postgres'] as const) {
    for (const processes of [1, 2, 4]) {
      // The single-process soak has no PostgreSQL store.
      if (processes === 1 && store === 'postgres') continue;
      const args = ['--store', store, ...(processes > 1 ? ['--processes', String(processes)] : [])];
      try {
        const report = await soak(args);
        const overall = report.refundsPerSecond ?? (report.refunds / report.durationMs) * 1000;
        const each =
          report.processes === undefined
            ? overall.toFixed(0)
            : report.processes
                .filter((p) => !p.killed && p.refundsPerSecond !== undefined)
                .map((p) => (p.refundsPerSecond ?? 0).toFixed(0))
                .join(' / ');
        if (report.exitCode !== 0) ok = false;
        const prefix = `soak: ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${processes} process${processes === 1 ? '' : 'es'}`;
        figures.push(
          info(`${prefix}: overall`, Math.round(overall), 'refunds/s'),
          ...(report.processes ?? [])
            .filter((p) => !p.killed && p.refundsPerSecond !== undefined)
            .map((p) =>
              info(
                `${prefix}: process ${p.index} (survivor)`,
                Math.round(p.refundsPerSecond ?? 0),
                'refunds/s',
              ),
            ),
          goal(
            `${prefix}: soak checks failed`,
            report.exitCode === 0 ? 0 : 1,
            'runs',
            '= 0',
            report.exitCode === 0,
          ),
        );
        console.log(
          row([
            [store, 10],
            [String(processes), 11],
            [overall.toFixed(0), 10],
            [each, 34],
            [report.exitCode === 0 ? 'pass' : 'FAIL', 6],
          ]),
        );
      } catch (error) {
        ok = false;
        figures.push(
          goal(
            `soak: ${store}, ${processes} processes: soak checks failed`,
            1,
            'runs',
            '= 0',
            false,
          ),
        );
        console.log(
          row([
            [store, 10],
            [String(processes), 11],
            [`FAILED: ${String(error)}`, 60],
          ]),
        );
      }
    }
  }
  return { ok, figures };
}
