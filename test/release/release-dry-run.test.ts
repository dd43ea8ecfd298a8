/**
 * The release steps of CONTRIBUTING.md, dry: in a clone of the committed tree, `changeset
 * version` consumes the pending changesets (bumped versions, CHANGELOG.md files), then
 * `pnpm publish -r --dry-run` shows the tarballs that would be published. Nothing is published.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');
const packages = [
  'http',
  'keeta',
  'shoplazza',
  'kakaclo',
  'sandbox',
  'refund-core',
  'store-postgres',
];

/** `'@refundkit/keeta': minor` lines of the pending changesets, highest bump per package. */
function pendingBumps(dir: string): Map<string, string> {
  const order = ['patch', 'minor', 'major'];
  const bumps = new Map<string, string>();
  for (const file of readdirSync(join(dir, '.changeset')).filter(
    (f) => f.endsWith('.md') && f !== 'README.md',
  )) {
    const front =
      /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, '.changeset', file), 'utf8'))?.[1] ?? '';
    for (const [, name, bump] of front.matchAll(
      /^['"]?([^'":]+)['"]?:\s*(major|minor|patch)\s*$/gm,
    )) {
      if (order.indexOf(bump!) > order.indexOf(bumps.get(name!) ?? 'patch') || !bumps.has(name!))
        bumps.set(name!, bump!);
    }
  }
  return bumps;
}

/** The two fields of a package.json these tests read. */
function readManifest(dir: string): { name: string; version: string } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
}

function bumped(version: string, bump: string): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

let clone: string;
let before: Record<string, string>;
let bumps: Map<string, string>;
let publishOutput: string;

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'refundkit-release-'));
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  // The committed tree, installed from the local store, with the dist/ folders turbo just built.
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline', '--silent'], {
    cwd: clone,
    stdio: 'pipe',
  });
  for (const name of packages)
    cpSync(join(repoRoot, 'packages', name, 'dist'), join(clone, 'packages', name, 'dist'), {
      recursive: true,
    });
  cpSync(join(repoRoot, 'packages/sandbox/specs'), join(clone, 'packages/sandbox/specs'), {
    recursive: true,
  });

  before = Object.fromEntries(
    packages.map((name) => {
      const manifest = readManifest(join(clone, 'packages', name));
      return [manifest.name, manifest.version];
    }),
  );
  bumps = pendingBumps(clone);
  execFileSync('pnpm', ['exec', 'changeset', 'version'], { cwd: clone, stdio: 'pipe' });
  // npm prints the tarball listing on stderr, pnpm the `+ name@version` lines on stdout.
  const publish = spawnSync('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], {
    cwd: clone,
    encoding: 'utf8',
  });
  expect(publish.status).toBe(0);
  publishOutput = publish.stdout + publish.stderr;
}, 180_000);

afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe('release dry run', () => {
  it('has pending changesets to release', () => {
    expect(bumps.size).toBeGreaterThan(0);
  });

  it('changeset version bumps each package as its changesets say and writes its CHANGELOG', () => {
    for (const name of packages) {
      const dir = join(clone, 'packages', name);
      const manifest = readManifest(dir);
      const bump = bumps.get(manifest.name);
      if (bump === undefined) continue;
      expect(manifest.version, manifest.name).toBe(bumped(before[manifest.name]!, bump));
      const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${manifest.version}`);
    }
    expect(
      readdirSync(join(clone, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md'),
    ).toEqual([]);
  });

  it('publish --dry-run packs every package at its new version, changelog included, and publishes nothing', () => {
    for (const name of packages) {
      const manifest = readManifest(join(clone, 'packages', name));
      expect(publishOutput).toContain(`+ ${manifest.name}@${manifest.version}`);
    }
    expect(publishOutput.match(/ CHANGELOG\.md\n/g)?.length).toBe(packages.length);
    expect(publishOutput).toContain('(dry-run)');
  });
});
