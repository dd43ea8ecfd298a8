/**
 * From spec changes to changesets: the bump each package needs, writing a changeset that
 * asks for it, and reading the bumps the pending changesets already ask for.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxSeverity, type Severity, type SpecChange } from './index.ts';

/** The changes of one package's spec. */
export interface PackageChanges {
  package: string;
  changes: SpecChange[];
}

const REFUND_CORE = '@refundkit/refund-core';

/**
 * The bump each package needs: the highest severity among its changes. refund-core (once it
 * exists) gets a patch when a client it depends on takes a major, so its users get a release
 * that pins the new client.
 */
export function requiredBumps(root: string, results: PackageChanges[]): Map<string, Severity> {
  const bumps = new Map<string, Severity>();
  for (const { package: name, changes } of results) {
    for (const change of changes) bumps.set(name, maxSeverity(bumps.get(name), change.severity));
  }
  const core = join(root, 'packages/refund-core/package.json');
  if (existsSync(core)) {
    const { dependencies = {} } = JSON.parse(readFileSync(core, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    if ([...bumps].some(([name, bump]) => bump === 'major' && name in dependencies)) {
      bumps.set(REFUND_CORE, maxSeverity(bumps.get(REFUND_CORE), 'patch'));
    }
  }
  return bumps;
}

/** The text of a changeset asking for `bumps`, listing the changes as its summary. */
function changesetText(bumps: Map<string, Severity>, results: PackageChanges[]): string {
  const front = [...bumps].map(([name, bump]) => `'${name}': ${bump}`).join('\n');
  const lines = results
    .filter((r) => r.changes.length > 0)
    .flatMap((r) => [
      `${r.package}:`,
      ...r.changes.map(
        (c) =>
          `- ${c.severity}: ${c.operation ? `\`${c.operation}\` ` : ''}${c.location}: ${c.message}`,
      ),
    ]);
  return `---\n${front}\n---\n\nSpec changes (from \`pnpm spec:diff\`):\n\n${lines.join('\n')}\n`;
}

/** Writes a new changeset under `.changeset/` and returns its path. */
export function writeChangeset(
  root: string,
  bumps: Map<string, Severity>,
  results: PackageChanges[],
): string {
  const path = join(root, '.changeset', `spec-diff-${randomBytes(4).toString('hex')}.md`);
  writeFileSync(path, changesetText(bumps, results));
  return path;
}

/** The highest bump each package is given by the pending changesets in `.changeset/`. */
export function pendingBumps(root: string): Map<string, Severity> {
  const dir = join(root, '.changeset');
  const bumps = new Map<string, Severity>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front =
      /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    for (const [, name, bump] of front.matchAll(
      /^\s*['"]?([^'":\s]+)['"]?\s*:\s*(major|minor|patch)\s*$/gm,
    )) {
      if (name && bump) bumps.set(name, maxSeverity(bumps.get(name), bump as Severity));
    }
  }
  return bumps;
}
