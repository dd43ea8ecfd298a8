/**
 * The changeset guard and `spec:diff --write-changeset`, run as CI and a maintainer would, in
 * a scratch git repository holding this repo's specs: a spec change without a changeset (or
 * with too small a bump) fails the guard, and the changeset the tool writes satisfies it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');
let scratch: string;

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(repoRoot, script), '--root', scratch, ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

function git(...args: string[]) {
  execFileSync('git', args, { cwd: scratch, stdio: 'ignore' });
}

function editSpec(provider: string, edit: (text: string) => string) {
  const path = join(scratch, 'specs', provider, 'openapi.yaml');
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'refundkit-guard-'));
  cpSync(join(repoRoot, 'redocly.yaml'), join(scratch, 'redocly.yaml'));
  // The committed specs (not the working tree, which a maintainer may be editing).
  execFileSync('sh', ['-c', `git -C "${repoRoot}" archive HEAD specs | tar -x -C "${scratch}"`]);
  for (const name of ['keeta', 'shoplazza', 'kakaclo']) {
    mkdirSync(join(scratch, 'packages', name), { recursive: true });
    cpSync(
      join(repoRoot, 'packages', name, 'package.json'),
      join(scratch, 'packages', name, 'package.json'),
    );
  }
  mkdirSync(join(scratch, '.changeset'));
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'root');
  git('add', '.');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'specs');
  git('tag', 'release-2026-11-01');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('changeset guard', () => {
  it('passes when no spec changed since the last release', () => {
    const result = run('tools/changeset-guard.ts');
    expect(result.out).toContain('Changesets cover the spec changes since release-2026-11-01.');
    expect(result.status).toBe(0);
  });

  it('fires for a spec change without a changeset, and for one with too small a bump', () => {
    // Remove a request enum value: breaking.
    editSpec('keeta', (text) => text.replace(/\n(\s+)- 200004\n/, '\n'));
    const bare = run('tools/changeset-guard.ts');
    expect(bare.status).toBe(1);
    expect(bare.out).toContain('@refundkit/keeta: needs major, pending changesets give none');

    writeFileSync(
      join(scratch, '.changeset', 'small.md'),
      "---\n'@refundkit/keeta': minor\n---\n\nToo small.\n",
    );
    const small = run('tools/changeset-guard.ts');
    expect(small.status).toBe(1);
    expect(small.out).toContain('@refundkit/keeta: needs major, pending changesets give minor');
  });

  it('is satisfied by the changeset that spec:diff --write-changeset writes', () => {
    editSpec('keeta', (text) => text.replace(/\n(\s+)- 200004\n/, '\n'));
    editSpec('kakaclo', (text) =>
      text.replace('Free-text remark on the refund.', 'A remark on the refund.'),
    );
    const diff = run('tools/spec-diff/cli.ts', '--base', 'release-2026-11-01', '--write-changeset');
    expect(diff.status).toBe(0);
    const [file] = readdirSync(join(scratch, '.changeset'));
    const changeset = readFileSync(join(scratch, '.changeset', file!), 'utf8');
    expect(changeset).toMatch(
      /^---\n'@refundkit\/keeta': major\n'@refundkit\/kakaclo': patch\n---\n/,
    );
    expect(run('tools/changeset-guard.ts').status).toBe(0);
  });
});

describe('spec:diff --write-changeset and refund-core', () => {
  it('adds refund-core as a patch when a client it depends on takes a major', () => {
    mkdirSync(join(scratch, 'packages', 'refund-core'));
    writeFileSync(
      join(scratch, 'packages', 'refund-core', 'package.json'),
      JSON.stringify({
        name: '@refundkit/refund-core',
        dependencies: { '@refundkit/keeta': 'workspace:^' },
      }),
    );
    editSpec('keeta', (text) => text.replace(/\n(\s+)- 200004\n/, '\n'));
    expect(run('tools/spec-diff/cli.ts', '--base', 'HEAD', '--write-changeset').status).toBe(0);
    const [file] = readdirSync(join(scratch, '.changeset'));
    expect(readFileSync(join(scratch, '.changeset', file!), 'utf8')).toMatch(
      /^---\n'@refundkit\/keeta': major\n'@refundkit\/refund-core': patch\n---\n/,
    );
  });
});

describe('a --base ref that does not exist', () => {
  // Before, git's failure read as "no spec at that ref": every operation was listed as added
  // and the tools exited 0 (or asked for changesets nobody needed).
  it.each([
    ['spec:diff', 'tools/spec-diff/cli.ts', []],
    ['spec:diff --write-changeset', 'tools/spec-diff/cli.ts', ['--write-changeset']],
    ['changeset:guard', 'tools/changeset-guard.ts', []],
  ])('%s fails and names the ref', (_name, script, extra) => {
    const result = run(script, '--base', 'no-such-ref', ...extra);
    expect(result.status).toBe(1);
    expect(result.out).toContain("git ref 'no-such-ref' not found");
    expect(result.out).not.toContain('added');
    expect(readdirSync(join(scratch, '.changeset'))).toEqual([]);
  });
});

describe('changeset guard without a release tag', () => {
  it('still falls back to the first commit, where every spec is new', () => {
    git('tag', '-d', 'release-2026-11-01');
    const result = run('tools/changeset-guard.ts');
    expect(result.status).toBe(1);
    expect(result.out).toContain('@refundkit/keeta: needs minor, pending changesets give none');
    expect(result.out).not.toContain('not found');
  });
});
