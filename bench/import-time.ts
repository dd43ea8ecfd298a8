/**
 * How long a fresh Node process takes to import each client: `node -e "import('<name>')"`
 * spawned several times from a directory where the package resolves, median wall time from
 * spawn to exit. An empty `node -e ""` is measured the same way, so the import's own share is
 * the difference.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { median } from './stats.ts';
import { consumerDir, openapiFetchHome } from './resolve.ts';

/** One package's import time. */
export interface ImportTime {
  /** The package, or `(node itself)` for the empty process. */
  name: string;
  /** Median ms from spawn to exit. */
  medianMs: number;
  /** `medianMs` minus the empty process's median. */
  importMs: number;
}

const TARGETS = [
  { name: '@refundkit/keeta', cwd: () => consumerDir },
  { name: '@refundkit/shoplazza', cwd: () => consumerDir },
  { name: '@refundkit/kakaclo', cwd: () => consumerDir },
  { name: 'openapi-fetch', cwd: openapiFetchHome },
] as const;

async function wallMs(code: string, cwd: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', code], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (exitCode !== 0)
    throw new Error(`node -e ${JSON.stringify(code)} exited ${exitCode}: ${stderr}`);
  return ms;
}

/** Measures every client's import `runs` times each, interleaved with the empty process. */
export async function measureImportTimes(runs: number): Promise<ImportTime[]> {
  const baseline: number[] = [];
  const samples = TARGETS.map((target) => ({ target, ms: [] as number[] }));
  for (let run = 0; run < runs; run++) {
    baseline.push(await wallMs('', consumerDir));
    for (const { target, ms } of samples) {
      const code = `import(${JSON.stringify(target.name)}).catch((e) => { console.error(e); process.exit(1); })`;
      ms.push(await wallMs(code, target.cwd()));
    }
  }
  const empty = median(baseline);
  return [
    { name: '(node itself)', medianMs: empty, importMs: 0 },
    ...samples.map(({ target, ms }) => ({
      name: target.name,
      medianMs: median(ms),
      importMs: median(ms) - empty,
    })),
  ];
}
