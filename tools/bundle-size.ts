/**
 * Prints what each client costs a consumer: the esbuild bundle (minified, then gzipped) of
 * `import { create…Client } from '@refundkit/<p>'`, openapi-fetch and @refundkit/http
 * included, plus the runtime dependencies that come with it. Run `pnpm size` after a build.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(import.meta.dirname, '..');
// test/ depends on every client, so bare imports resolve from there as in a consumer project.
const consumerDir = join(repoRoot, 'test');
const clients = [
  ['keeta', 'createKeetaClient'],
  ['shoplazza', 'createShoplazzaClient'],
  ['kakaclo', 'createKakacloClient'],
] as const;

/** The folder of package `name` as Node would find it from `from` (not every package exports its package.json). */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${from}`);
  }
}

/** `name@version` of every package in the runtime dependency tree of the package in `dir`. */
function runtimeDependencies(dir: string, seen = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const dependencyDir = packageDir(name, dir);
    const { version } = JSON.parse(readFileSync(join(dependencyDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const label = `${name}@${version}`;
    if (!seen.has(label)) {
      seen.add(label);
      runtimeDependencies(dependencyDir, seen);
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
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote no bundle for @refundkit/${provider}`);
  const code = output.contents;
  const dependencies = [
    ...runtimeDependencies(packageDir(`@refundkit/${provider}`, consumerDir)),
  ].sort();
  console.log(
    `@refundkit/${provider}`.padEnd(22),
    `${(code.byteLength / 1024).toFixed(1)} kB`.padStart(9),
    `${(gzipSync(code).byteLength / 1024).toFixed(1)} kB`.padStart(8),
    ` ${dependencies.join(', ')}`,
  );
}
