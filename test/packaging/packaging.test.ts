/**
 * Installs the packed tarballs as a consumer would (`pnpm pack` → `npm install` in an empty
 * project), then type-checks and runs a quickstart there on Node 22 and Node 24. This is what
 * catches a missing file in `files`, a wrong `exports` path, a `workspace:` range left in a
 * published manifest, or an API that needs a newer Node than `engines` promises.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBinary } from './node-binaries.js';

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
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let project: string;
let typecheck: { status: number; output: string };

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'refundkit-consumer-'));
  const tarballs = join(project, 'tarballs');
  for (const name of packages) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(repoRoot, 'packages', name),
      stdio: 'pipe',
    });
  }
  cpSync(join(import.meta.dirname, 'consumer'), project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  const files = readdirSync(tarballs).map((file) => `./tarballs/${file}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...files], {
    cwd: project,
    stdio: 'pipe',
  });
  // Type-check, and emit quickstart.js for the runs below.
  try {
    const output = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    typecheck = { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string };
    typecheck = { status: failure.status, output: failure.stdout };
  }
}, 240_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('packed tarballs in a fresh project', () => {
  it('publish no workspace: ranges and only dist/ plus metadata', () => {
    for (const name of packages) {
      const dir = join(project, 'node_modules', '@refundkit', name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        engines: { node: string };
      };
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      expect(manifest.engines.node).toBe('>=22');
      expect(readdirSync(dir).sort()).toEqual(
        expect.arrayContaining(['README.md', 'dist', 'package.json']),
      );
      // CHANGELOG.md exists once a release has been versioned; the sandbox also ships its specs.
      const shipped = [
        'README.md',
        'CHANGELOG.md',
        'dist',
        'package.json',
        ...(name === 'sandbox' ? ['specs'] : []),
      ];
      expect(readdirSync(dir).filter((f) => !shipped.includes(f))).toEqual([]);
    }
  });

  it('type-checks the quickstart against the published types (skipLibCheck off)', () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.status).toBe(0);
  });

  it.each([22, 24])(
    'runs the quickstart on Node %i',
    (major) => {
      const node = nodeBinary(major);
      const output = execFileSync(node, ['quickstart.js'], { cwd: project, encoding: 'utf8' });
      expect(output.trim().split('\n')).toEqual([
        `node v${major}`,
        'keeta ok',
        'shoplazza ok',
        'kakaclo ok',
        'sandbox ok',
        'refund-core ok',
        'store-postgres ok',
      ]);
    },
    120_000,
  );
});
