/**
 * The stale-generated-file guard (`pnpm generate:check`, part of `pnpm lint`) fires when a
 * spec changes without regeneration, and names the stale file and only that one; and it
 * checks against `pnpm generate` (tools/generate.ts), not plain openapi-typescript.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const repoRoot = resolve(import.meta.dirname, '../..');
const checker = join(repoRoot, 'tools/check-generated.ts');

/** Runs the checker against the copy in `dir`; returns its exit code and output. */
function runCheck(dir: string): { code: number; output: string } {
  try {
    const stdout = execFileSync(process.execPath, [checker, join(dir, 'redocly.yaml')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { code: failure.status, output: failure.stdout + failure.stderr };
  }
}

describe('generated-file guard', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'refundkit-guard-'));
    cpSync(join(repoRoot, 'redocly.yaml'), join(copy, 'redocly.yaml'));
    cpSync(join(repoRoot, 'specs'), join(copy, 'specs'), { recursive: true });
    for (const provider of ['keeta', 'shoplazza', 'kakaclo']) {
      const generated = `packages/${provider}/src/generated`;
      cpSync(join(repoRoot, generated), join(copy, generated), { recursive: true });
    }
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('passes on the committed tree', () => {
    const result = runCheck(copy);
    expect(result.output).toContain('Generated files are current (3 specs)');
    expect(result.code).toBe(0);
  });

  it('fails and names the stale file when one spec field changes', () => {
    const specPath = join(copy, 'specs/kakaclo/openapi.yaml');
    const spec = parse(readFileSync(specPath, 'utf8')) as {
      components: { schemas: Record<string, { properties?: object }> };
    };
    const [firstSchema] = Object.values(spec.components.schemas);
    if (firstSchema === undefined) throw new Error('the KakaClo spec has no schemas');
    firstSchema.properties = {
      ...firstSchema.properties,
      addedWithoutRegenerating: { type: 'string' },
    };
    writeFileSync(specPath, stringify(spec));

    const result = runCheck(copy);
    expect(result.code).toBe(1);
    expect(result.output).toContain('packages/kakaclo/src/generated/openapi.ts');
    expect(result.output).not.toContain('packages/keeta/src/generated/openapi.ts');
    expect(result.output).not.toContain('packages/shoplazza/src/generated/openapi.ts');
  });

  it('fails when a generated file is edited by hand', () => {
    const generated = join(copy, 'packages/keeta/src/generated/openapi.ts');
    writeFileSync(generated, readFileSync(generated, 'utf8').replace('number', 'string'));
    const result = runCheck(copy);
    expect(result.code).toBe(1);
    expect(result.output).toContain('packages/keeta/src/generated/openapi.ts');
  });

  it('fails on the output of plain openapi-typescript, which types int64 as number', () => {
    // What `pnpm generate` ran before tools/generate.ts: same config, no int64 transform.
    const cli = join(repoRoot, 'node_modules/.bin/openapi-typescript');
    execFileSync(cli, ['--redocly', join(copy, 'redocly.yaml')], { cwd: copy, stdio: 'ignore' });
    const plain = readFileSync(join(copy, 'packages/keeta/src/generated/openapi.ts'), 'utf8');
    expect(plain).toContain('orderViewId: number;');

    const result = runCheck(copy);
    expect(result.code).toBe(1);
    expect(result.output).toContain('packages/keeta/src/generated/openapi.ts');
  });
});
