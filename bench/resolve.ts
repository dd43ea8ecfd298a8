/**
 * Where the benchmark finds the packages it measures. bench/ is not a workspace package, so
 * it resolves them the way a consumer would: from demo/, which depends on every client
 * through the workspace, and each package's published entry (its `exports`), i.e. `dist/`.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..');

/** A directory from which every `@refundkit/*` client resolves as in a consumer project. */
export const consumerDir = join(repoRoot, 'demo');

/** The folder of package `name` as Node would find it from `from` (not every package exports its package.json). */
export function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${from}`);
  }
}

/** The fields of a `package.json` the benchmark reads. */
export interface Manifest {
  version: string;
  exports?: unknown;
  main?: string;
  dependencies?: Record<string, string>;
}

/** The `package.json` of the package in `dir`. */
export function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The ESM entry of `exports["."]` (conditions `import`, then `default`), or `main`. */
function entryOf(dir: string): string {
  const { exports, main } = manifest(dir);
  let target: unknown = exports;
  if (target !== null && typeof target === 'object' && '.' in target) {
    target = (target as Record<string, unknown>)['.'];
  }
  while (target !== null && typeof target === 'object') {
    const conditions = target as Record<string, unknown>;
    target = conditions['import'] ?? conditions['default'];
  }
  const file = typeof target === 'string' ? target : main;
  if (file === undefined) throw new Error(`no ESM entry in ${dir}/package.json`);
  return join(dir, file);
}

/** Imports package `name` as resolved from `from` (default: the consumer directory). */
export async function importPackage<T>(name: string, from: string = consumerDir): Promise<T> {
  return (await import(pathToFileURL(entryOf(packageDir(name, from))).href)) as T;
}

/**
 * The folder openapi-fetch is installed in for the clients (the Keeta client's dependency),
 * so the bare contestant runs the very copy the clients use.
 */
export function openapiFetchHome(): string {
  return packageDir('@refundkit/keeta', consumerDir);
}

/** A subpath export (`'./sqlite'`) of package `name` as resolved from `from` (default: the consumer directory). */
export async function importSubpath<T>(
  name: string,
  subpath: string,
  from: string = consumerDir,
): Promise<T> {
  const dir = packageDir(name, from);
  const exports = manifest(dir).exports as Record<string, { import?: string } | undefined>;
  const entry = exports[subpath]?.import;
  if (entry === undefined) throw new Error(`${name} has no export ${subpath}`);
  return (await import(pathToFileURL(join(dir, entry)).href)) as T;
}
