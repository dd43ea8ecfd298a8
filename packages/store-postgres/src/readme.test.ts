/**
 * The README cannot drift from the code: its `ts` snippets typecheck against the built
 * package (imported by name, as a user's install would), and the SQL it says the CLI prints
 * is what the CLI prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSql } from './index.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
// Inside the package, so `@refundkit/store-postgres` resolves to this package's own dist/.
const dir = mkdtempSync(join(PACKAGE, '.readme-check-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function snippets(lang: string): string[] {
  return [...README.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map(
    (match) => match[1]!,
  );
}

describe('README', () => {
  it('every ts snippet typechecks against the package', () => {
    const blocks = snippets('ts');
    expect(blocks.length).toBeGreaterThan(0);
    const files = blocks.map((code, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toStrictEqual([]);
  });

  it('names the tables the migration creates, with the default prefix', () => {
    const sql = migrationSql();
    for (const table of [
      'refundkit_idempotency',
      'refundkit_order_lock',
      'refundkit_schema_version',
    ]) {
      expect(README).toContain(`\`${table}\``);
      expect(sql).toContain(`"public"."${table}"`);
    }
  });
});
