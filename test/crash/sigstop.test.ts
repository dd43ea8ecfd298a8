/**
 * Acceptance item 3 of issue 13 (fencing): a process owning an in-flight refund (its
 * provider call held open by a sandbox `latency` fault) is paused with SIGSTOP until its
 * lease has expired; another instance takes the record over and reconciles it; then the
 * first is resumed (SIGCONT). Its late transitions must be refused by the owner token: the
 * record keeps the taker's result, and the ledger holds the refund once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createRefunds, type IdempotencyStore, type RefundRequest } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { startSandbox, type FaultRule, type Sandbox } from '@refundkit/sandbox';
import { PostgresIdempotencyStore } from '@refundkit/store-postgres';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '@refundkit/test-kit';
import type { SigstopChildConfig, StoreCall } from './sigstop-child.ts';

const CHILD = fileURLToPath(new URL('./sigstop-child.ts', import.meta.url));
/** The paused child's lease: short, so the taker does not wait long. */
const LEASE_MS = 400;
/** How long the sandbox holds the refund before applying it and answering. */
const HOLD_MS = 1500;

const REQUEST: RefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'sigstop-kakaclo',
  orderId: '10001',
  lines: [{ lineId: '120001', quantity: 1 }],
};

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface StoreUnderTest {
  /** What the child opens. */
  readonly where: SigstopChildConfig['store'];
  /** The same store, opened by the test process (the taker). */
  readonly store: IdempotencyStore;
  dispose(): Promise<void>;
}

let postgres: TestPostgres | undefined;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

const stores: Record<'sqlite' | 'postgres', () => Promise<StoreUnderTest>> = {
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'refundkit-sigstop-'));
    const path = join(dir, 'refunds.sqlite');
    const store = new SqliteIdempotencyStore({ path });
    return Promise.resolve({
      where: { sqlite: path },
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
  postgres: async () => {
    if (!postgres) throw new Error('no PostgreSQL server');
    const database: TestDatabase = await postgres.createDatabase();
    const store = new PostgresIdempotencyStore({ connectionString: database.url });
    await store.migrate();
    return {
      where: { postgres: database.url },
      store,
      dispose: async () => {
        await store.close();
        await database.drop();
      },
    };
  },
};

describe.each(['sqlite', 'postgres'] as const)('%s store: a paused owner is fenced', (kind) => {
  let sandbox: Sandbox;
  let under: StoreUnderTest;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    sandbox = await startSandbox();
    under = await stores[kind]();
  });
  afterEach(async () => {
    if (child?.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await under.dispose();
    await sandbox.close();
  });

  it('its late complete after SIGCONT is refused; the taker’s result stays; the ledger holds one refund', async () => {
    sandbox.addFaults([
      {
        kind: 'latency',
        provider: 'kakaclo',
        operation: 'refundOrder',
        latencyMs: HOLD_MS,
        times: 1,
      },
    ]);
    const config: SigstopChildConfig = {
      store: under.where,
      leaseMs: LEASE_MS,
      baseUrls: sandbox.baseUrls,
      credentials: sandbox.credentials,
      request: REQUEST,
    };
    const spawned = spawn(process.execPath, [CHILD], {
      env: { ...process.env, SIGSTOP_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let stdout = '';
    let stderr = '';
    spawned.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    spawned.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(spawned, 'exit');

    await until('the child to record phase sending', () => {
      if (spawned.exitCode !== null) throw new Error(`child exited early: ${stdout} ${stderr}`);
      return stdout.includes('SENDING\n');
    });
    await until('the sandbox to hold the refund', async () => {
      const answer = await fetch(`${sandbox.url}/__sandbox/faults`);
      const { faults } = (await answer.json()) as { faults: FaultRule[] };
      return faults.some((rule) => rule.kind === 'latency' && rule.fired === 1);
    });
    // Paused with its provider call open: it can neither renew its lease nor hear the answer.
    spawned.kill('SIGSTOP');
    await until('the paused owner’s lease to expire', async () =>
      Boolean((await under.store.get(REQUEST.idempotencyKey))?.leaseExpired),
    );

    // Another instance takes the record over. The held request may still be applied, so it
    // waits the late-apply window out inline, then finds the refund applied.
    const taker = createRefunds({
      providers: {
        kakaclo: kakacloAdapter(
          createKakacloClient({
            baseUrl: sandbox.baseUrls.kakaclo,
            ...sandbox.credentials.kakaclo,
          }),
        ),
      },
      store: under.store,
      leaseMs: LEASE_MS,
      lateApplyWindowMs: HOLD_MS + 300,
      reconcileWaitMs: HOLD_MS + 1000,
      rateLimits: { kakaclo: false },
    });
    const recovered = await taker.recover();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.result).toMatchObject({
      status: 'pending',
      replayed: false,
      reconciliation: { trigger: 'lease_expired', outcome: 'applied', resent: false },
    });
    const settled = await under.store.get(REQUEST.idempotencyKey);
    expect(settled?.state).toBe('completed');
    expect(sandbox.ledger()).toHaveLength(1);

    // Resumed: it hears the sandbox's answer and tries to store it.
    const before = stdout.length;
    spawned.kill('SIGCONT');
    const [code] = (await exited) as [number | null];
    expect(code, stderr).toBe(0);
    const late: StoreCall[] = stdout
      .slice(before)
      .split('\n')
      .filter((line) => line.startsWith('STORE '))
      .map((line) => JSON.parse(line.slice('STORE '.length)) as StoreCall);
    // Every transition it made after the pause was refused by its stale owner token.
    expect(late.some((call) => call.method === 'complete' || call.method === 'release')).toBe(true);
    expect(late.filter((call) => call.done)).toEqual([]);
    expect(stdout).toMatch(/^(RESULT|ERROR) /m);

    // The record is the taker's, unchanged; the refund was applied once.
    expect(await under.store.get(REQUEST.idempotencyKey)).toEqual(settled);
    expect(sandbox.ledger()).toHaveLength(1);
    expect(await taker.status(REQUEST)).toMatchObject({
      status: 'pending',
      reconciliation: { trigger: 'lease_expired', outcome: 'applied' },
    });
  });
});
