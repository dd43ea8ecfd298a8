/**
 * The protocol between `pnpm bench` (main.ts) and the benchmarks it runs as child processes
 * (so each has its own heap, modules and flags): a child prints its human lines, and as its
 * LAST stdout line one JSON object. `runChild` forwards every other line as it comes and
 * hands back that object; `emitFigures` is the child's side for figures.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Figure } from './figures.ts';

/** What a child left behind. */
export interface ChildRun {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** The last stdout line parsed as JSON, when it was one. */
  json: unknown;
  /** Everything it printed (stdout and stderr), for reasons of a failure. */
  output: string;
}

/**
 * Runs `node [nodeFlags] script [args]` and forwards its output; stdout lines that start
 * with `{` are held back (the result line, not for people).
 */
export async function runChild(
  script: string,
  args: readonly string[] = [],
  nodeFlags: readonly string[] = [],
): Promise<ChildRun> {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let json: unknown;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    output += line + '\n';
    if (line.startsWith('{')) {
      try {
        json = JSON.parse(line);
        return;
      } catch {
        // not the result line: show it
      }
    }
    json = undefined;
    console.log(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    process.stderr.write(chunk);
  });
  // 'close' comes after stdout and stderr ended, so every line has been seen.
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, json, output };
}

/** The child's side: prints `{"figures":[…]}` as the last line. */
export function emitFigures(figures: readonly Figure[]): void {
  console.log(JSON.stringify({ figures }));
}

/** The figures of a child's result line (none when it printed none). */
export function figuresOf(run: ChildRun): Figure[] {
  const json = run.json as { figures?: Figure[] } | undefined;
  return Array.isArray(json?.figures) ? json.figures : [];
}

/** A figure without a goal. */
export function info(name: string, value: number, unit: string): Figure {
  return { name, value, unit, goal: null, pass: null };
}

/** A figure with a goal, e.g. `goal(name, 0.93, 'ratio', '>= 0.9', 0.93 >= 0.9)`. */
export function goal(
  name: string,
  value: number,
  unit: string,
  stated: string,
  pass: boolean,
): Figure {
  return { name, value, unit, goal: stated, pass };
}
