/**
 * Where the specs are and which package each one generates, read from `redocly.yaml` (the
 * one list of specs), and reading a spec as it is in the working tree or at a git ref.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** One spec and the package generated from it. */
export interface SpecEntry {
  /** The `apis:` key, e.g. `keeta`. */
  api: string;
  /** Repo-relative path of the spec, e.g. `specs/keeta/openapi.yaml`. */
  specPath: string;
  /** The package its types are generated into, e.g. `@refundkit/keeta`. */
  packageName: string;
}

/** Every spec of `redocly.yaml`, with the name of the package whose folder holds its output. */
export function specEntries(root: string): SpecEntry[] {
  const config = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')) as {
    apis: Record<string, { root: string; 'x-openapi-ts': { output: string } }>;
  };
  return Object.entries(config.apis).map(([api, entry]) => {
    let dir = dirname(resolve(root, entry['x-openapi-ts'].output));
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
    };
    return { api, specPath: relative(root, resolve(root, entry.root)), packageName: name };
  });
}

/** The parsed spec in the working tree, or `undefined` when the file does not exist. */
export function readSpecInTree(root: string, specPath: string): unknown {
  const file = join(root, specPath);
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * The parsed spec at a git ref, or `undefined` when it did not exist there. A ref that does
 * not exist at all also reads as `undefined`: check a ref given by the user with
 * {@link commitExists} first.
 */
export function readSpecAtRef(root: string, ref: string, specPath: string): unknown {
  try {
    const text = execFileSync('git', ['show', `${ref}:${specPath}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Runs git and returns its trimmed output, or `undefined` when it fails. */
export function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether `ref` names a commit in the repository at `root`. Without this check a mistyped
 * `--base` would read as "no spec there", and every operation would count as added.
 */
export function commitExists(root: string, ref: string): boolean {
  return (
    git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]) !==
    undefined
  );
}

/** `pnpm spec:diff`'s default base: the merge base with `main` (short hash), or `HEAD`. */
export function defaultDiffBase(root: string): string {
  const base = git(root, ['merge-base', 'HEAD', 'main']);
  return (base && git(root, ['rev-parse', '--short', base])) ?? 'HEAD';
}
