/**
 * Acceptance item 2 of issue 12: a process is killed (SIGKILL) between "intent recorded" and
 * "provider answered"; after a restart on the same SQLite file, `recover()` settles the
 * record to what the sandbox's ledger holds, and no second ledger entry ever appears.
 *
 * The sandbox holds the refund's answer with a `latency` fault: either it then applies the
 * refund (the child is dead by then, so nobody hears the answer) or, with a
 * `reset_before_processing` fault behind the latency, drops it unapplied.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { createRefunds, type RefundRequest, type Refunds } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { keetaAdapter } from '@refundkit/refund-core/keeta';
import { shoplazzaAdapter } from '@refundkit/refund-core/shoplazza';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { startSandbox, type FaultRule, type FaultSpec, type Sandbox } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import type { CrashChildConfig } from './child.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** The dead child's lease: short, so the restart does not wait long for it to run out. */
const CHILD_LEASE_MS = 500;
/** How long the sandbox holds the refund's answer (the child is killed meanwhile). */
const HOLD_MS = 1200;

const KAKACLO: RefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'crash-kakaclo',
  orderId: '10001',
  lines: [{ lineId: '120001', quantity: 1 }],
};
const KEETA: RefundRequest = {
  provider: 'keeta',
  idempotencyKey: 'crash-keeta',
  orderId: '756823555555859',
  shopId: '466663',
  lines: [{ lineId: '1234534224', quantity: 1 }],
  reason: { code: 200001 },
};
const SHOPLAZZA: RefundRequest = {
  provider: 'shoplazza',
  apiVersion: '2022-01',
  idempotencyKey: 'crash-shoplazza',
  orderId: '1232123',
  amount: { currency: 'USD', amount: '1.00' },
  returnGoods: false,
};
const WRITE = { kakaclo: 'refundOrder', keeta: 'applyPartialRefund', shoplazza: 'partialRefund' };

let sandbox: Sandbox;
let dir: string;
let dbPath: string;
const opened: SqliteIdempotencyStore[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'refundkit-crash-'));
  dbPath = join(dir, 'refunds.sqlite');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(): SqliteIdempotencyStore {
  const store = new SqliteIdempotencyStore({ path: dbPath });
  opened.push(store);
  return store;
}

/**
 * refund-core as a restarted process builds it: the same SQLite file, a short lease. The
 * sandbox processes a request at most `HOLD_MS` after receiving it, so that is the window in
 * which a refund not found may still be applied; `recover()` waits it out inline.
 */
function restarted(store: SqliteIdempotencyStore): Refunds {
  return createRefunds({
    providers: {
      keeta: keetaAdapter(
        createKeetaClient({ baseUrl: sandbox.baseUrls.keeta, ...sandbox.credentials.keeta }),
      ),
      shoplazza: shoplazzaAdapter(
        createShoplazzaClient({
          baseUrl: sandbox.baseUrls.shoplazza,
          accessToken: sandbox.credentials.shoplazza.accessToken,
        }),
      ),
      kakaclo: kakacloAdapter(
        createKakacloClient({ baseUrl: sandbox.baseUrls.kakaclo, ...sandbox.credentials.kakaclo }),
      ),
    },
    store,
    leaseMs: CHILD_LEASE_MS,
    lateApplyWindowMs: HOLD_MS,
    reconcileWaitMs: HOLD_MS + 500,
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function firedRules(): Promise<FaultRule[]> {
  const answer = await fetch(`${sandbox.url}/__sandbox/faults`);
  return ((await answer.json()) as { faults: FaultRule[] }).faults;
}

/**
 * Starts the child on `request`, waits until its store shows phase `sending` and the sandbox
 * holds the request, checks the record, and kills the child with SIGKILL.
 */
async function crashMidRefund(request: RefundRequest, applied: boolean): Promise<void> {
  const on = { provider: request.provider, operation: WRITE[request.provider] };
  const faults: FaultSpec[] = [{ kind: 'latency', ...on, latencyMs: HOLD_MS, times: 1 }];
  if (!applied) faults.push({ kind: 'reset_before_processing', ...on, times: 1 });
  sandbox.addFaults(faults);

  const config: CrashChildConfig = {
    dbPath,
    leaseMs: CHILD_LEASE_MS,
    baseUrls: sandbox.baseUrls,
    credentials: sandbox.credentials,
    request,
  };
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, CRASH_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  try {
    await until('the child to record phase sending', () => {
      if (child.exitCode !== null) throw new Error(`child exited early: ${stdout} ${stderr}`);
      return stdout.includes('SENDING\n');
    });
    // The request has reached the sandbox (its latency rule fired) and is being held.
    await until('the sandbox to hold the refund', async () =>
      (await firedRules()).some((rule) => rule.kind === 'latency' && rule.fired === 1),
    );
    const record = await openStore().get(request.idempotencyKey);
    expect(record).toMatchObject({ state: 'in_flight', phase: 'sending' });
    expect(record?.checkpoint).toBeDefined();
  } finally {
    child.kill('SIGKILL');
  }
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
  expect(stdout).not.toContain('RESULT');
}

/** Waits for the held request to end at the sandbox, then for the dead child's lease. */
async function afterTheHold(
  request: RefundRequest,
  applied: boolean,
  store: SqliteIdempotencyStore,
) {
  if (applied) {
    await until(
      'the ledger entry',
      () => sandbox.ledger({ provider: request.provider }).length > 0,
    );
  } else {
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 300));
    expect(sandbox.ledger()).toEqual([]);
  }
  await until('the dead lease to expire', async () =>
    Boolean((await store.get(request.idempotencyKey))?.leaseExpired),
  );
}

describe.each([
  ['KakaClo', KAKACLO, 'kakaclo_refund_query'],
  ['Keeta', KEETA, 'keeta_preview_counts'],
] as const)('%s: killed between intent and answer, then restarted', (_name, request, method) => {
  it('applied before the kill: recover() finds it, stores it, and a retry replays it', async () => {
    await crashMidRefund(request, true);
    const store = openStore();
    await afterTheHold(request, true, store);
    const [entry] = sandbox.ledger();
    const refunds = restarted(store);

    const recovered = await refunds.recover();
    expect(recovered).toHaveLength(1);
    const result = recovered[0]?.result;
    expect(result).toMatchObject({
      status: 'pending',
      idempotencyKey: request.idempotencyKey,
      replayed: false,
      reconciliation: { trigger: 'lease_expired', method, outcome: 'applied', resent: false },
    });
    if (request.provider === 'kakaclo') expect(result?.refundId).toBe(entry?.refundId);
    expect(sandbox.ledger()).toHaveLength(1);
    expect((await store.get(request.idempotencyKey))?.state).toBe('completed');

    const again = await refunds.refund(request);
    expect(again).toMatchObject({ status: 'pending', replayed: true });
    expect(await refunds.recover()).toEqual([]);
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('not applied before the kill: recover() proves it, frees the key; a retry sends it once', async () => {
    await crashMidRefund(request, false);
    const store = openStore();
    await afterTheHold(request, false, store);
    const refunds = restarted(store);

    const recovered = await refunds.recover();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.result).toMatchObject({
      status: 'failed',
      failure: { reason: 'not_applied' },
      reconciliation: { trigger: 'lease_expired', method, outcome: 'not_applied', resent: false },
    });
    expect(sandbox.ledger()).toEqual([]);
    expect(await store.get(request.idempotencyKey)).toBeUndefined();

    const retried = await refunds.refund(request);
    expect(retried).toMatchObject({ status: 'pending', replayed: false });
    expect(sandbox.ledger()).toHaveLength(1);
    const again = await refunds.refund(request);
    expect(again).toMatchObject({ status: 'pending', replayed: true });
    expect(sandbox.ledger()).toHaveLength(1);
  });
});

describe('Shoplazza: killed between intent and answer, then restarted', () => {
  it('ends unknown (stored, with what to check) and is never resent', async () => {
    await crashMidRefund(SHOPLAZZA, true);
    const store = openStore();
    await afterTheHold(SHOPLAZZA, true, store);
    const refunds = restarted(store);

    const recovered = await refunds.recover();
    expect(recovered).toHaveLength(1);
    const result = recovered[0]?.result;
    expect(result).toMatchObject({
      status: 'unknown',
      reconciliation: {
        trigger: 'lease_expired',
        method: 'none',
        outcome: 'inconclusive',
        resent: false,
      },
    });
    expect(result?.unknown?.check).toContain('1232123');
    expect((await store.get(SHOPLAZZA.idempotencyKey))?.state).toBe('completed');

    const again = await refunds.refund(SHOPLAZZA);
    expect(again).toMatchObject({ status: 'unknown', replayed: true });
    expect(await refunds.recover()).toEqual([]);
    expect(sandbox.ledger()).toHaveLength(1);
  });
});
