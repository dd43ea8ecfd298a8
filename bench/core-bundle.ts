/**
 * What refund-core with one adapter costs a service's bundle, and the proof that it pulls in
 * no other provider's code (issue 14): esbuild bundles what a one-provider service imports
 * (`createRefunds`, the provider's adapter subpath, its client) from the published entries,
 * platform node (refund-core uses `node:crypto`), minified, then gzip; the bundle's inputs
 * (esbuild's metafile) that belong to another provider's client or adapter must be none.
 * A bundle of all three is the control: it must see every provider, so the check can fail.
 * As test/bundle/refund-core-bundle.test.ts, with sizes. Prints its table, then the figures
 * as the last line (child.ts); alone: `node bench/core-bundle.ts`.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { kB } from './bundle.ts';
import { emitFigures, goal, info } from './child.ts';
import type { Figure } from './figures.ts';
import {
  ALL_PROVIDERS as ALL,
  belongsTo,
  serviceUsing,
  type BundledProvider as Provider,
} from './one-provider-service.ts';
import { consumerDir } from './resolve.ts';

async function bundle(providers: readonly Provider[]) {
  const result = await build({
    stdin: { contents: serviceUsing(providers), resolveDir: consumerDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no bundle');
  const inputs = Object.keys(result.metafile.inputs);
  return {
    minified: output.contents.byteLength,
    gzip: gzipSync(output.contents).byteLength,
    inputs,
    of: (provider: Provider) => inputs.filter((input) => belongsTo(input, provider)).length,
  };
}

const figures: Figure[] = [];
console.log(
  'refund-core + one adapter + its client (esbuild of the published entries, platform node, minified, gzip)',
);
console.log(
  `${'service using'.padEnd(16)}${'minified'.padStart(9)}${'gzip'.padStart(9)}  ${'inputs'.padEnd(8)}${'own'.padEnd(6)}other providers' inputs (goal 0)`,
);
let broken = false;
for (const provider of ALL) {
  const b = await bundle([provider]);
  const others = ALL.filter((p) => p !== provider).reduce((sum, p) => sum + b.of(p), 0);
  const prefix = `refund-core bundle: ${provider} only`;
  // A bundle without its own provider's code would prove nothing.
  if (b.of(provider) === 0) broken = true;
  figures.push(
    info(`${prefix}: minified`, b.minified, 'B'),
    info(`${prefix}: minified + gzip`, b.gzip, 'B'),
    goal(
      `${prefix}: inputs from other providers' clients or adapters`,
      others,
      'files',
      '<= 0',
      others === 0,
    ),
  );
  console.log(
    `${provider.padEnd(16)}${kB(b.minified).padStart(9)}${kB(b.gzip).padStart(9)}  ${String(b.inputs.length).padEnd(8)}${String(b.of(provider)).padEnd(6)}${others} ${others === 0 ? 'pass' : 'MISS'}`,
  );
}
const all = await bundle(ALL);
const seen = ALL.filter((p) => all.of(p) > 0).length;
// The control: with all three imported, every provider's files are found.
if (seen !== ALL.length) broken = true;
figures.push(
  info('refund-core bundle: all three: minified', all.minified, 'B'),
  info('refund-core bundle: all three: minified + gzip', all.gzip, 'B'),
  goal(
    'refund-core bundle: all three (control): providers whose files are found, minus 3',
    seen - ALL.length,
    'providers',
    '= 0',
    seen === ALL.length,
  ),
);
console.log(
  `${'all three'.padEnd(16)}${kB(all.minified).padStart(9)}${kB(all.gzip).padStart(9)}  ${String(all.inputs.length).padEnd(8)}control: ${seen} of 3 providers found${seen === ALL.length ? '' : ' (the check is blind: FAILED)'}`,
);
emitFigures(figures);
if (broken) process.exitCode = 1;
