/** The demo that `bash scripts/setup` ends with runs, tells the story it should, and fails when it should. */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runStory } from '@refundkit/demo/story';
import { createKeetaClient } from '@refundkit/keeta';
import { startSandbox } from '@refundkit/sandbox';
import { describe, expect, it } from 'vitest';

const demo = resolve(import.meta.dirname, '../../demo/main.ts');
const ESCAPE = '\x1b[';

/** The data directory a --postgres run announces; it must be gone when the demo has exited. */
function dataDir(stdout: string): string {
  const dir = /its data \((.+)\) is deleted at the end/.exec(stdout)?.[1];
  expect(dir).toMatch(/refundkit-demo-pg-/);
  return dir ?? '';
}

/** Runs the demo as `pnpm demo` does, output to a pipe (not a terminal). */
function runDemo(args: string[] = [], env: Record<string, string> = {}) {
  // The run's colour settings are the test's, not those of whoever runs the tests.
  const inherited = { ...process.env };
  delete inherited['NO_COLOR'];
  delete inherited['FORCE_COLOR'];
  return spawnSync(process.execPath, [demo, ...args], {
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
}

describe('demo', () => {
  it('walks refund-core through every provider and exits 0, in plain text on a pipe', () => {
    const result = runDemo([], { NO_COLOR: '1' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).not.toContain(ESCAPE);
    // The story's steps, in order, each with its checked outcome.
    const headings = out.match(/^\d+\. .+$/gm);
    expect(headings).toEqual([
      '1. Keeta: preview, a partial refund by lines, the signed webhook settling it',
      '2. Shoplazza 2024-07: a refund split across payment lines, exact to the cent',
      '3. Shoplazza 2022-01: a partial refund',
      '4. KakaClo: a whole-order refund settling asynchronously',
      '5. The same idempotency key again: replayed, no second refund',
      '6. The same key with a different body: refused',
      '7. Two concurrent calls with one key: one refund',
      '8. A lost answer, reconciled through the provider instead of resent',
      '9. A bad input, rejected before anything is sent',
      '10. A refundMany batch',
      '11. The ledger: each order refunded exactly as asked',
    ]);
    expect(out).not.toContain('✗');
    expect(out).toContain('✓ the real one is verified and applied → settled: succeeded');
    expect(out).toContain('✓ Shoplazza received refund_total 91.00 = 60.67 + 30.33, exactly');
    expect(out).toContain('✓ final: succeeded');
    expect(out).toContain(
      '→ replayed (the stored result): 0 requests sent, 0 new refunds in the ledger',
    );
    expect(out).toContain('IdempotencyConflictError, 0 requests sent');
    expect(out).toContain('→ asked kakaclo_refund_query → applied, resent: false');
    expect(out).toContain('LocalValidationError on field payments; 0 requests sent');
    // No terminal: one plain line per finished batch item, no carriage returns.
    expect(out.match(/^ {3}\[\d\/8\] #\d .+ → (pending|succeeded)$/gm)).toHaveLength(8);
    expect(out).not.toContain('\r');
    // The ledger as a table, then the per-order comparison.
    expect(out).toMatch(/^ {5}led_000001 {2}keeta {6}756823555555859 {6}1 × Chicken burger/m);
    expect(out.match(/^ {3}✓ (keeta|shoplazza|kakaclo) \d+ /gm)).toHaveLength(8);
    const [closing, took] = out.trimEnd().split('\n').slice(-2);
    expect(closing).toMatch(
      /^✓ All 11 steps behaved as expected: each of the 8 orders refunded exactly as asked \(15 refunds\)\.$/,
    );
    expect(took).toMatch(/^done in \d+\.\d s$/);
  });

  it('colours its output when asked (FORCE_COLOR), and NO_COLOR wins over it', () => {
    const forced = runDemo([], { FORCE_COLOR: '1' });
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(`${ESCAPE}32m✓`);
    // Not a terminal and nothing asked: plain; NO_COLOR set: plain even when forced.
    expect(runDemo().stdout).not.toContain(ESCAPE);
    expect(runDemo([], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain(ESCAPE);
  });

  it('runs the same story on the PostgreSQL store (--postgres), and deletes the server after', () => {
    const result = runDemo(['--postgres'], { NO_COLOR: '1' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PostgreSQL: an embedded server on 127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/Idempotency records:\s+PostgresIdempotencyStore\./);
    expect(result.stdout).toContain('✓ All 11 steps behaved as expected');
    expect(existsSync(dataDir(result.stdout))).toBe(false);
  });

  it('on Ctrl-C stops PostgreSQL and deletes its data before exiting 130', async () => {
    const child = spawn(process.execPath, [demo, '--postgres'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // Interrupted once the server is up and the story has begun.
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('1. Keeta')) resolve();
      });
    });
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('demo: SIGINT, stopping');
    expect(existsSync(dataDir(stdout))).toBe(false);
  });

  it('refuses an unknown flag with its usage, exit 2, before starting anything', () => {
    const result = runDemo(['--postgress']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--postgress'");
    expect(result.stderr).toContain('usage: pnpm demo [--postgres]');
    expect(result.stdout).toBe('');
  });

  it('draws the batch as a progress bar on a terminal (tty), in place of the plain lines', async () => {
    const sandbox = await startSandbox();
    try {
      let text = '';
      const result = await runStory({ sandbox, tty: true, write: (chunk) => (text += chunk) });
      expect(result.ok).toBe(true);
      // Redrawn in place: carriage return and erase-line before each state, ending on "done".
      expect(text.split('\r\x1b[2K').length - 1).toBe(10);
      expect(text).toMatch(/█{24} 8\/8 done\n/);
      expect(text).not.toMatch(/\[\d\/8\]/);
      // Then each item in request order, and no colour unless asked.
      expect(text).toMatch(/ {3}#1 kakaclo 10001: .+\n {3}#2 kakaclo 10001: .+\n {3}#3 kakaclo/);
      // eslint-disable-next-line no-control-regex -- an SGR (colour) escape is what is looked for
      expect(text).not.toMatch(/\x1b\[\d+m/);
    } finally {
      await sandbox.close();
    }
  });

  it('fails, naming the order, when the ledger holds a refund the story did not ask for', async () => {
    const sandbox = await startSandbox();
    try {
      // A refund made behind refund-core's back, before the story starts.
      const keeta = createKeetaClient({
        baseUrl: sandbox.baseUrls.keeta,
        ...sandbox.credentials.keeta,
      });
      await keeta.applyPartialRefund({
        orderViewId: 756823555555860n,
        shopId: 466663,
        products: [{ orderProductId: 2234534224, refundCount: 1 }],
        partRefundType: 200001,
      });
      let text = '';
      const result = await runStory({ sandbox, write: (chunk) => (text += chunk) });
      expect(result.ok).toBe(false);
      const failed = result.steps.filter((step) => !step.ok);
      expect(failed.map((step) => step.name)).toEqual([
        'The ledger: each order refunded exactly as asked',
      ]);
      expect(failed[0]?.detail).toBe(
        'keeta order 756823555555860: asked for 2 refunds, 2.500 KWD (2 × Shawarma); the ledger has 3 refunds, 3.750 KWD (3 × Shawarma)',
      );
      expect(text).toMatch(
        /✗ keeta 756823555555860 +2 refunds +2\.500 KWD +3 refunds +3\.750 KWD$/m,
      );
      expect(text).toContain('✗ 1 of 11 steps did not behave as expected:');
    } finally {
      await sandbox.close();
    }
  });
});
