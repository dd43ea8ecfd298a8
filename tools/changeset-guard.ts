/**
 * CI guard (`pnpm changeset:guard`, part of `pnpm lint`): every package whose spec changed
 * since the last release must be covered by pending changesets with at least the bump the
 * changes require. The last release is the newest `release-*` tag (CONTRIBUTING.md: tag after
 * publishing); with none yet, the repository's first commit, so every spec counts as new.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pendingBumps, requiredBumps } from './spec-diff/changeset.ts';
import { diffSpecs, SEVERITY_ORDER, type Severity } from './spec-diff/index.ts';
import {
  commitExists,
  git,
  readSpecAtRef,
  readSpecInTree,
  specEntries,
} from './spec-diff/repo-specs.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, root: { type: 'string' } } });
const root = resolve(values.root ?? resolve(import.meta.dirname, '..'));
const base =
  values.base ??
  git(root, ['describe', '--tags', '--abbrev=0', '--match', 'release-*']) ??
  git(root, ['rev-list', '--max-parents=0', '--abbrev-commit', 'HEAD'])?.split('\n').pop() ??
  'HEAD';
// The fallbacks above are deliberate (no release yet: every spec is new); only a --base given
// by hand can name nothing.
if (values.base !== undefined && !commitExists(root, values.base)) {
  console.error(`git ref '${values.base}' not found in ${root}: fetch it, or pass another --base.`);
  process.exit(1);
}

const results = specEntries(root).map((entry) => ({
  package: entry.packageName,
  changes: diffSpecs(
    readSpecAtRef(root, base, entry.specPath),
    readSpecInTree(root, entry.specPath),
  ),
}));
const required = requiredBumps(root, results);
const pending = pendingBumps(root);
const rank = (s: Severity | undefined) => (s === undefined ? -1 : SEVERITY_ORDER.indexOf(s));

const missing = [...required].filter(([name, bump]) => rank(pending.get(name)) < rank(bump));
if (missing.length > 0) {
  console.error(`Spec changes since ${base} need changesets:`);
  for (const [name, bump] of missing) {
    console.error(
      `  ${name}: needs ${bump}, pending changesets give ${pending.get(name) ?? 'none'}`,
    );
  }
  console.error(
    'Run `pnpm spec:diff --write-changeset` (or `pnpm changeset`) and commit the file.',
  );
  process.exit(1);
}
console.log(
  `Changesets cover the spec changes since ${base}` +
    (required.size > 0 ? ` (${[...required].map(([n, b]) => `${n} ${b}`).join(', ')})` : '') +
    '.',
);
