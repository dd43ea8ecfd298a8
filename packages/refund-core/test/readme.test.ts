/**
 * The README cannot drift from the code: every `ts` snippet is typechecked and the quickstarts
 * are run against the sandbox (what they print must be what their `// →` comments say), and
 * the tables that restate the code (capabilities, send outcomes, errors, rate limits, imports)
 * are parsed and compared with it cell by cell.
 *
 * Snippets import the packages by name, resolved to their built `dist/` as a user's install
 * would be (`pnpm test` builds first; run `pnpm turbo run build --filter=@refundkit/refund-core...`
 * before running this file alone).
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as httpErrors from '@refundkit/http/errors';
import type { ShoplazzaClient } from '@refundkit/shoplazza';
import { shoplazzaAdapter } from '../src/adapters/shoplazza/index.js';
import { CAPABILITIES, capabilities, type Capabilities } from '../src/capabilities.js';
import { canonicalRequest } from '../src/fingerprint.js';
import { classifySendError, type SendFailure } from '../src/outcome.js';
import { DEFAULT_RATE_LIMITS } from '../src/rate-limit.js';
import { coreCheck } from '../src/request-check.js';
import type { ProviderName, RefundRequest } from '../src/request.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const PACKAGES = resolve(PACKAGE, '..');
const ROOT = resolve(PACKAGES, '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');

// ---------------------------------------------------------------- reading the markdown

interface Block {
  /** What the `<!-- readme-test: … -->` comment right above the block asks for. */
  readonly marker: string | undefined;
  readonly lang: string;
  readonly code: string;
  /** The nearest heading above the block. */
  readonly heading: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

const MARKER = /^<!-- readme-test: ([\w-]+) -->$/;

function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let heading = '';
  let marker: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    const mark = MARKER.exec(line);
    if (mark) {
      marker = mark[1];
      continue;
    }
    const fence = /^```(\w*)$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i] ?? '');
      blocks.push({
        marker,
        lang: fence[1] ?? '',
        code: body.join('\n'),
        heading,
        line: start + 1,
      });
      marker = undefined;
      continue;
    }
    if (line.trim() !== '') marker = undefined;
  }
  return blocks;
}

/** The rows (cells trimmed, header first, separator dropped) of the table after `marker`. */
function markedTable(markdown: string, marker: string): string[][] {
  const lines = markdown.split('\n');
  const at = lines.indexOf(`<!-- readme-test: ${marker} -->`);
  if (at < 0) throw new Error(`README has no <!-- readme-test: ${marker} --> table`);
  let i = at + 1;
  while (lines[i]?.trim() === '') i++;
  const rows: string[][] = [];
  for (; lines[i]?.startsWith('|'); i++) rows.push(cells(lines[i] ?? ''));
  if (rows.length < 2) throw new Error(`no table after <!-- readme-test: ${marker} -->`);
  return rows.filter((row) => !row.every((cell) => /^:?-+:?$/.test(cell)));
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The `Name` of every code span in `text` that looks like a class (`FooError`). */
function classNames(text: string): string[] {
  return [...text.matchAll(/`([A-Z][A-Za-z]*Error)`/g)].map((match) => match[1] ?? '');
}

const blocks = fencedBlocks(README);
const tsBlocks = blocks.filter((block) => block.lang === 'ts');
const runBlocks = tsBlocks.filter((block) => block.marker === 'run');

describe('README snippets', () => {
  it('every ts block is run, typechecked, or checked against the type it restates', () => {
    // The quickstarts (KakaClo, Keeta, Shoplazza 2022-01, 2024-07) and the guarantees in action.
    expect(runBlocks.length).toBe(5);
    for (const block of tsBlocks) {
      expect(['run', 'typecheck', 'result-type'], `block at README.md:${block.line}`).toContain(
        block.marker,
      );
    }
  });

  let dir: string;
  beforeAll(() => {
    for (const name of ['refund-core', 'http', 'keeta', 'shoplazza', 'kakaclo', 'sandbox']) {
      if (!existsSync(join(PACKAGES, name, 'dist'))) {
        throw new Error(`packages/${name}/dist is missing: build first (pnpm build)`);
      }
    }
    // A project of its own outside the repository, with the packages installed by name as a
    // user's would be (symlinks, as pnpm makes them).
    dir = mkdtempSync(join(tmpdir(), 'refund-core-readme-'));
    mkdirSync(join(dir, 'node_modules', '@refundkit'), { recursive: true });
    for (const name of ['refund-core', 'http', 'keeta', 'shoplazza', 'kakaclo', 'sandbox']) {
      symlinkSync(join(PACKAGES, name), join(dir, 'node_modules', '@refundkit', name), 'dir');
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    tsBlocks.forEach((block, index) => {
      writeFileSync(join(dir, `snippet-${index}.ts`), snippetSource(block));
    });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('typecheck under the repository’s strict compiler options', () => {
    const errors = typecheck(dir);
    expect(errors).toEqual([]);
  });

  for (const block of runBlocks) {
    it(`the ${block.heading} snippet (README.md:${block.line}) runs and prints what it says`, async () => {
      const index = tsBlocks.indexOf(block);
      const { code, stdout, stderr } = await runNode(join(dir, `snippet-${index}.ts`), dir);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const expected = [...block.code.matchAll(/\/\/ → (.*)$/gm)].map((match) => match[1]);
      expect(expected.length).toBeGreaterThan(0);
      expect(stdout.trimEnd().split('\n')).toEqual(expected);
    });
  }
});

/** The file a block becomes: itself, or for the result type an exact-equality assertion. */
function snippetSource(block: Block): string {
  if (block.marker !== 'result-type') return `${block.code}\nexport {};\n`;
  return [
    `import type { Money, Reconciliation, RefundFailure, RefundResult as Actual, UnknownOutcome } from '@refundkit/refund-core';`,
    block.code,
    `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
    `type Keys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;`,
    `export const same: Same<RefundResult, Actual> = true;`,
    `export const keys: Keys<RefundResult, Actual> = true;`,
    `export type Used = Money | Reconciliation | RefundFailure | UnknownOutcome;`,
    '',
  ].join('\n');
}

function typecheck(dir: string): string[] {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      include: ['*.ts'],
    }),
  );
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  // A program of no files has no errors either.
  expect(config.fileNames.length).toBe(tsBlocks.length);
  const program = ts.createProgram(config.fileNames, config.options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.replace(dir, '')}:${line + 1}: ${text}`;
  });
}

function runNode(
  file: string,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [file], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------- the capability table

const PROVIDERS = Object.keys(CAPABILITIES) as ProviderName[];

function renderCapability(value: Capabilities[keyof Capabilities]): string {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : `\`${value}\``;
}

/** What differs between a capability table and `capabilities()`: one line per problem. */
function capabilityMismatches(rows: string[][]): string[] {
  const [header = [], ...body] = rows;
  const problems: string[] = [];
  const columns = new Map(header.map((name, index) => [name, index]));
  for (const provider of PROVIDERS) {
    if (!columns.has(provider)) problems.push(`no column for ${provider}`);
  }
  const known = new Set<string>(Object.keys(CAPABILITIES.keeta));
  const seen = new Set<string>();
  for (const row of body) {
    const name = (row[0] ?? '').replace(/`/g, '');
    if (!known.has(name)) {
      problems.push(`row ${name}: not a capability`);
      continue;
    }
    if (seen.has(name)) problems.push(`row ${name}: twice`);
    seen.add(name);
    for (const provider of PROVIDERS) {
      const column = columns.get(provider);
      if (column === undefined) continue;
      const want = renderCapability(capabilities(provider)[name as keyof Capabilities]);
      if (row[column] !== want) {
        problems.push(`${provider}.${name}: README says ${String(row[column])}, the code ${want}`);
      }
    }
  }
  for (const name of known) if (!seen.has(name)) problems.push(`row ${name}: missing`);
  return problems;
}

describe('README capability table', () => {
  const rows = markedTable(README, 'capabilities');

  it('has one row per capability and one column per provider, every cell as in CAPABILITIES', () => {
    expect(rows[0]?.slice(0, 4)).toEqual(['capability', 'keeta', 'shoplazza', 'kakaclo']);
    expect(rows.length - 1).toBe(Object.keys(CAPABILITIES.keeta).length);
    expect(capabilityMismatches(rows)).toEqual([]);
  });

  it('reports a changed cell, a missing row and a missing column (the check can fail)', () => {
    const flipped = rows.map((row) =>
      row[0] === '`wholeOrder`' ? row.map((cell, i) => (i === 3 ? 'no' : cell)) : row,
    );
    expect(capabilityMismatches(flipped)).toEqual([
      'kakaclo.wholeOrder: README says no, the code yes',
    ]);
    expect(capabilityMismatches(rows.filter((row) => row[0] !== '`preview`'))).toEqual([
      'row preview: missing',
    ]);
    const noKeeta = rows.map((row) => row.filter((_, i) => i !== 1));
    expect(capabilityMismatches(noKeeta)).toContain('no column for keeta');
  });

  it('every provider has the same capability keys', () => {
    for (const provider of PROVIDERS) {
      expect(Object.keys(CAPABILITIES[provider]).sort()).toEqual(
        Object.keys(CAPABILITIES.keeta).sort(),
      );
    }
  });
});

// ---------------------------------------------------------------- what a send error means

const ORIGIN = { provider: 'kakaclo', operation: 'refundOrder' };
const DETAILS = { ...ORIGIN, status: 400 };

/** One instance of every error class the clients export, by name (two for ConnectionError). */
const INSTANCES: Record<string, (requestNotSent: boolean) => Error> = {
  RefundkitError: () => new httpErrors.RefundkitError('x', ORIGIN),
  ApiError: () => new httpErrors.ApiError(DETAILS),
  AuthenticationError: () => new httpErrors.AuthenticationError({ ...DETAILS, status: 401 }),
  PermissionDeniedError: () => new httpErrors.PermissionDeniedError({ ...DETAILS, status: 403 }),
  NotFoundError: () => new httpErrors.NotFoundError({ ...DETAILS, status: 404 }),
  ConflictError: () => new httpErrors.ConflictError({ ...DETAILS, status: 409 }),
  ValidationError: () => new httpErrors.ValidationError({ ...DETAILS, status: 422 }),
  RateLimitError: () => new httpErrors.RateLimitError({ ...DETAILS, status: 429 }),
  InternalServerError: () => new httpErrors.InternalServerError({ ...DETAILS, status: 500 }),
  RedirectError: () => new httpErrors.RedirectError({ ...DETAILS, status: 307 }),
  InvalidResponseError: () => new httpErrors.InvalidResponseError({ ...DETAILS, status: 200 }),
  ConnectionError: (requestNotSent) => new httpErrors.ConnectionError(ORIGIN, { requestNotSent }),
  TimeoutError: () => new httpErrors.TimeoutError(ORIGIN, 1000),
  UserAbortError: () => new httpErrors.UserAbortError(ORIGIN),
  OutcomeUnknownError: () =>
    new httpErrors.OutcomeUnknownError(ORIGIN, new httpErrors.TimeoutError(ORIGIN, 1000)),
  LocalValidationError: () => new httpErrors.LocalValidationError(ORIGIN, 'f', 'rule', 'bad'),
};

function exportedErrorClasses(module: Record<string, unknown>): string[] {
  return Object.entries(module)
    .filter(
      ([, value]) =>
        typeof value === 'function' &&
        (value as { prototype?: unknown }).prototype instanceof Error,
    )
    .map(([name]) => name)
    .sort();
}

describe('README send-outcome table', () => {
  const rows = markedTable(README, 'outcomes').slice(1);
  const kinds: Record<string, SendFailure> = {
    'not sent': 'not_sent',
    refused: 'refused',
    ambiguous: 'ambiguous',
  };
  const byKind = new Map<SendFailure, string>(
    rows.map((row) => {
      const kind = kinds[(row[0] ?? '').replace(/\*/g, '')];
      if (kind === undefined) throw new Error(`unknown kind in row ${String(row[0])}`);
      return [kind, row[1] ?? ''];
    }),
  );

  it('has a row for each kind', () => {
    expect([...byKind.keys()].sort()).toEqual(['ambiguous', 'not_sent', 'refused']);
  });

  it('names every error class the clients export under the kind classifySendError gives it', () => {
    const exported = exportedErrorClasses(httpErrors);
    expect(Object.keys(INSTANCES).sort()).toEqual(exported); // a new class needs a row and an instance
    for (const [kind, cell] of byKind) {
      for (const name of classNames(cell)) {
        const make = INSTANCES[name];
        expect(make, `${name} (row ${kind}) is not an error class of the clients`).toBeDefined();
        if (name === 'ConnectionError') {
          const notSent = /`ConnectionError` with `requestNotSent: (true|false)`/.exec(cell)?.[1];
          expect(notSent, `row ${kind} says which ConnectionError`).toBeDefined();
          expect(classifySendError(make?.(notSent === 'true'))).toBe(kind);
        } else {
          expect(classifySendError(make?.(false)), name).toBe(kind);
        }
      }
    }
    const named = new Set([...byKind.values()].flatMap(classNames));
    for (const name of exported) {
      if (name === 'RefundkitError') continue; // "anything else", checked below
      expect(named.has(name), `${name} is in no row of the outcome table`).toBe(true);
    }
  });

  it('"anything else" is ambiguous, as the ambiguous row says', () => {
    expect(byKind.get('ambiguous')).toContain('anything else');
    expect(classifySendError(new Error('a bug'))).toBe('ambiguous');
    expect(classifySendError(INSTANCES['RefundkitError']?.(false))).toBe('ambiguous');
  });
});

// ---------------------------------------------------------------- errors, limits, imports

describe('README error table', () => {
  it('names exactly the error classes @refundkit/refund-core exports', async () => {
    const core = (await import('../src/index.js')) as Record<string, unknown>;
    const rows = markedTable(README, 'errors').slice(1);
    const named = rows.flatMap((row) => classNames(row[0] ?? '')).sort();
    expect(named).toEqual(exportedErrorClasses(core));
  });
});

describe('README rate-limit table', () => {
  it('states DEFAULT_RATE_LIMITS, and "off" for a provider without a default', () => {
    const rows = markedTable(README, 'rate-limits');
    expect(rows[0]?.slice(0, 3)).toEqual(['provider', 'ratePerSecond', 'burst']);
    const stated = new Map(rows.slice(1).map((row) => [row[0] ?? '', [row[1], row[2]]]));
    const limits: Partial<Record<string, { ratePerSecond: number; burst: number }>> =
      DEFAULT_RATE_LIMITS;
    expect([...stated.keys()].sort()).toEqual([...PROVIDERS].sort());
    for (const provider of PROVIDERS) {
      const limit = limits[provider];
      expect(stated.get(provider), provider).toEqual(
        limit ? [String(limit.ratePerSecond), String(limit.burst)] : ['off', 'off'],
      );
    }
  });
});

describe('README import table', () => {
  it('lists every subpath export, each with names that module exports', async () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { import: string }>;
    };
    const rows = markedTable(README, 'imports').slice(1);
    const subpaths = rows.map((row) => (row[0] ?? '').replace(/`/g, ''));
    const exported = Object.keys(manifest.exports)
      .filter((key) => key !== './package.json')
      .map((key) => `@refundkit/refund-core${key.slice(1)}`);
    expect(subpaths.sort()).toEqual(exported.sort());
    for (const row of rows) {
      const key = `.${(row[0] ?? '').replace(/`/g, '').slice('@refundkit/refund-core'.length)}`;
      const target = manifest.exports[key];
      const built = typeof target === 'string' ? target : (target?.import ?? '');
      const source = join(PACKAGE, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      const module = (await import(source)) as Record<string, unknown>;
      // The names listed, not the code spans of a remark in parentheses.
      const listed = (row[1] ?? '').replace(/\([^)]*\)/g, '');
      const names = [...listed.matchAll(/`(\w+)`/g)].map((match) => match[1] ?? '');
      expect(names.length, key).toBeGreaterThan(0);
      for (const name of names) expect(module[name], `${key} exports ${name}`).toBeDefined();
    }
  });
});

// ---------------------------------------------------------------- what "the same request" is

describe('README fingerprint rules', () => {
  // The engine fingerprints what the adapter's prepare() returns; so does this.
  const client = {
    refundOrder: () => Promise.reject(new Error('not called')),
    partialRefund: () => Promise.reject(new Error('not called')),
    shop: 'demo-store',
    baseUrl: 'https://demo-store.myshoplaza.com',
  } as unknown as ShoplazzaClient;
  const adapter = shoplazzaAdapter(client);
  const print = (request: Record<string, unknown>) =>
    canonicalRequest(
      adapter.prepare(request as unknown as RefundRequest, coreCheck('shoplazza', 'refund'))
        .request as unknown as Record<string, unknown>,
    ).fingerprint;
  const base = {
    provider: 'shoplazza',
    apiVersion: '2022-01',
    idempotencyKey: 'k-1',
    orderId: '1232123',
    amount: { currency: 'USD', amount: '81.00' },
    returnGoods: false,
    lines: [
      { lineId: 'A', quantity: 1 },
      { lineId: 'B', quantity: 2 },
    ],
  };

  it('does not change with key order, undefined fields, the exponent, the currency case, or shop with one store', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse());
    expect(print(reordered)).toBe(print(base));
    expect(print({ ...base, note: undefined })).toBe(print(base));
    expect(print({ ...base, amount: { amount: '81', currency: 'usd' } })).toBe(print(base));
    expect(print({ ...base, idempotencyKey: 'another key' })).toBe(print(base));
    expect(print({ ...base, shop: 'Demo-Store' })).toBe(print(base));
  });

  it('changes with the order of lines, a split line, a note, the amount, the store of several', () => {
    const [a, b] = base.lines;
    expect(print({ ...base, lines: [b, a] })).not.toBe(print(base));
    expect(
      print({
        ...base,
        lines: [a, { lineId: 'B', quantity: 1 }, { lineId: 'B', quantity: 1 }],
      }),
    ).not.toBe(print(base));
    expect(print({ ...base, note: 'x' })).not.toBe(print(base));
    expect(print({ ...base, amount: { currency: 'USD', amount: '81.01' } })).not.toBe(print(base));
    const several = shoplazzaAdapter({ 'store-a': client, 'store-b': client });
    const printIn = (shop: string) =>
      canonicalRequest(
        several.prepare(
          { ...base, shop } as unknown as RefundRequest,
          coreCheck('shoplazza', 'refund'),
        ).request as unknown as Record<string, unknown>,
      ).fingerprint;
    expect(printIn('store-a')).not.toBe(printIn('store-b'));
    expect(printIn('Store-A')).toBe(printIn('store-a'));
  });
});
