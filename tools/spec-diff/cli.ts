/**
 * `pnpm spec:diff [--base <ref>] [--json] [--write-changeset]`: what changed in each spec
 * between a git ref (default: the merge base with main, or HEAD) and the working tree, per
 * package, classified major / minor / patch; optionally as a changeset asking for that bump.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { requiredBumps, writeChangeset, type PackageChanges } from './changeset.ts';
import { diffSpecs, formatChanges } from './index.ts';
import {
  commitExists,
  defaultDiffBase,
  readSpecAtRef,
  readSpecInTree,
  specEntries,
} from './repo-specs.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    base: { type: 'string' },
    json: { type: 'boolean', default: false },
    'write-changeset': { type: 'boolean', default: false },
  },
});
// --root: another checkout (the tests use a scratch repository).
const root = resolve(values.root ?? resolve(import.meta.dirname, '../..'));
const base = values.base ?? defaultDiffBase(root);
// Only a --base given by hand can be wrong; the default always names a commit (or is HEAD).
if (values.base !== undefined && !commitExists(root, values.base)) {
  console.error(`git ref '${values.base}' not found in ${root}: fetch it, or pass another --base.`);
  process.exit(1);
}

const results: PackageChanges[] = specEntries(root).map((entry) => ({
  package: entry.packageName,
  changes: diffSpecs(
    readSpecAtRef(root, base, entry.specPath),
    readSpecInTree(root, entry.specPath),
  ),
}));
const bumps = requiredBumps(root, results);

if (values.json) {
  console.log(
    JSON.stringify(
      { base, packages: results.map((r) => ({ ...r, bump: bumps.get(r.package) ?? null })) },
      null,
      2,
    ),
  );
} else {
  console.log(`Spec changes since ${base}:\n`);
  console.log(formatChanges(results));
}
if (values['write-changeset']) {
  if (bumps.size === 0) console.error('No API changes: no changeset written.');
  else console.error(`Wrote ${writeChangeset(root, bumps, results)}`);
}
