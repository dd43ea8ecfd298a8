/**
 * How long `refundkit-sandbox` takes from process start to printing its connection details,
 * and how long it takes to stop on SIGINT. Prints figures; run by `pnpm bench` (after a build),
 * or alone with `node bench/sandbox-startup.ts [--quick]`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '../packages/sandbox/dist/cli.js');
const runs = process.argv.includes('--quick') ? 2 : 5;
const starts: number[] = [];
const stops: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((done) =>
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Press Ctrl-C to stop.')) done();
    }),
  );
  starts.push(performance.now() - started);
  const stopping = performance.now();
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`sandbox exited with ${code} on SIGINT`);
  stops.push(performance.now() - stopping);
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
console.log(
  `sandbox start → connection details printed: median ${median(starts).toFixed(0)} ms, max ${Math.max(...starts).toFixed(0)} ms (${runs} runs)`,
);
console.log(
  `sandbox SIGINT → exit 0:                    median ${median(stops).toFixed(0)} ms, max ${Math.max(...stops).toFixed(0)} ms`,
);
