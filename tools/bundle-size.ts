/**
 * Prints what each client costs a consumer: the esbuild bundle (minified, then gzipped) of
 * `import { create…Client } from '@refundkit/<p>'`, openapi-fetch and @refundkit/http
 * included, plus the runtime dependencies that come with it. Run `pnpm size` after a build.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(import.meta.dirname, '..');
// test/ depends on every client, so bare imports resolve from there as in a consumer project.
const consumerDir = join(repoRoot, 'test');
const clients = [
  ['keeta', 'createKeetaClient'],
  ['shoplazza', 'createShoplazzaClient'],
  ['kakaclo', 'createKakacloClient'],
] as const;

/** Names of every package in the runtime dependency tree of `name`. */
function runtimeDependencies(name: string, from: string, seen = new Set<string>()): Set<string> {
  const require = createRequire(join(from, 'noop.js'));
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const dir = resolve(manifestPath, '..');
    const version = JSON.parse(
      readFileSync(
        createRequire(join(dir, 'noop.js')).resolve(`${dependency}/package.json`),
        'utf8',
      ),
    ).version;
    const label = `${dependency}@${version}`;
    if (!seen.has(label)) {
      seen.add(label);
      runtimeDependencies(dependency, dir, seen);
    }
  }
  return seen;
}

console.log('client                 minified    gzip   runtime dependencies');
for (const [provider, factory] of clients) {
  const result = await build({
    stdin: {
      contents: `export { ${factory} } from '@refundkit/${provider}';`,
      resolveDir: consumerDir,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]!.contents;
  const dependencies = [...runtimeDependencies(`@refundkit/${provider}`, consumerDir)].sort();
  console.log(
    `@refundkit/${provider}`.padEnd(22),
    `${(code.byteLength / 1024).toFixed(1)} kB`.padStart(9),
    `${(gzipSync(code).byteLength / 1024).toFixed(1)} kB`.padStart(8),
    ` ${dependencies.join(', ')}`,
  );
}
