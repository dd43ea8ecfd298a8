/**
 * What each client costs a consumer's bundle: esbuild's bundle of
 * `export { create…Client } from '@refundkit/<p>'` from the published entry (the package's
 * `exports`, i.e. `dist/`), openapi-fetch and @refundkit/http included, minified, then its
 * gzip size (node:zlib, default level), plus the runtime dependencies that come with it.
 * Bare openapi-fetch is measured the same way, as the reference.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { consumerDir, manifest, openapiFetchHome, packageDir } from './resolve.ts';

/** One bundle's size. */
export interface BundleSize {
  /** The package measured, e.g. `@refundkit/keeta`. */
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** `name@version` of every runtime dependency it pulls in, sorted. */
  dependencies: string[];
}

/** What is bundled: the package, the export, and where the import resolves from. */
const TARGETS = [
  { name: '@refundkit/keeta', exported: 'createKeetaClient', from: () => consumerDir },
  { name: '@refundkit/shoplazza', exported: 'createShoplazzaClient', from: () => consumerDir },
  { name: '@refundkit/kakaclo', exported: 'createKakacloClient', from: () => consumerDir },
  { name: 'openapi-fetch', exported: 'default as createClient', from: openapiFetchHome },
] as const;

/** `name@version` of every package in the runtime dependency tree of the package in `dir`. */
function runtimeDependencies(dir: string, seen = new Set<string>()): Set<string> {
  for (const name of Object.keys(manifest(dir).dependencies ?? {})) {
    const dependencyDir = packageDir(name, dir);
    const label = `${name}@${manifest(dependencyDir).version}`;
    if (!seen.has(label)) {
      seen.add(label);
      runtimeDependencies(dependencyDir, seen);
    }
  }
  return seen;
}

/** Bundles and measures each client and bare openapi-fetch. */
export async function measureBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const target of TARGETS) {
    const result = await build({
      stdin: {
        contents: `export { ${target.exported} } from '${target.name}';`,
        resolveDir: target.from(),
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
    if (!output) throw new Error(`esbuild wrote no bundle for ${target.name}`);
    const code = output.contents;
    sizes.push({
      name: target.name,
      minifiedBytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      dependencies: [...runtimeDependencies(packageDir(target.name, target.from()))].sort(),
    });
  }
  return sizes;
}

/** Bytes as kB with one decimal (1 kB = 1024 B, as `pnpm size` has always printed). */
export function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
