/**
 * One process of the multi-process soak (`multi-run.ts` forks it): its own refund-core (the
 * two instances `run.ts` uses, over one store), driving the plan keys the parent gives it
 * the way `pnpm soak` does, sending shared keys when the parent opens their barrier, then
 * `recover()` and a `status()` of every key on request.
 *
 * Configuration: `SOAK_WORKER` (JSON: `WorkerConfig`) in the environment; messages: IPC.
 */
import {
  MemoryIdempotencyStore,
  RefundNotFoundError,
  RefundkitError,
  type IdempotencyStore,
  type RefundResult,
} from '@refundkit/refund-core';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { PostgresIdempotencyStore } from '@refundkit/store-postgres';
import { CountingStore } from './counting-store.ts';
import {
  CONCURRENCY,
  DYING_LEASE_MS,
  Tally,
  driveKey,
  engine,
  keyOutcome,
  pool,
  sleep,
} from './drive.ts';
import { DyingStore } from './dying-store.ts';
import { buildPlan, type PlannedKey } from './plan.ts';
import type { FromWorker, KeyReading, ToWorker, WorkerConfig, WorkerStore } from './protocol.ts';

const config = JSON.parse(process.env['SOAK_WORKER'] ?? '') as WorkerConfig;
const plan = buildPlan(config.refunds, config.seed);

function send(message: FromWorker): void {
  process.send?.(message);
}

async function openStore(where: WorkerStore): Promise<IdempotencyStore> {
  switch (where.kind) {
    case 'memory':
      return new MemoryIdempotencyStore();
    case 'sqlite':
      return new SqliteIdempotencyStore({ path: where.path });
    case 'postgres': {
      const store = new PostgresIdempotencyStore({ connectionString: where.url });
      // Every instance migrates at start (idempotent): the parent already did.
      await store.migrate();
      return store;
    }
  }
}

const store = new CountingStore(await openStore(config.store), (keys) => {
  if (config.reportInFlight) send({ type: 'inflight', keys });
});
const sandbox = { baseUrls: config.baseUrls, credentials: config.credentials };
const engines = [
  engine(sandbox, store, plan, {
    onProvenNotApplied: 'resend',
    reconcileWaitMs: plan.lateApplyWindowMs + 100,
    leaseMs: config.leaseMs,
  }),
  engine(sandbox, store, plan, { onProvenNotApplied: 'report', leaseMs: config.leaseMs }),
];
const dying = (planned: PlannedKey) =>
  planned.crash === undefined
    ? undefined
    : engine(sandbox, new DyingStore(store, planned.crash), plan, { leaseMs: DYING_LEASE_MS });
const tally = new Tally();
let recovered = 0;

/** Barriers of shared keys: resolved by the parent's `go`. */
const barriers = new Map<number, () => void>();

async function drive(indices: readonly number[], shared: ReadonlySet<number>) {
  const started = performance.now();
  await pool(indices, CONCURRENCY, async (index) => {
    const planned = plan.keys[index]!;
    if (shared.has(index)) {
      const open = new Promise<void>((resolve) => barriers.set(index, resolve));
      send({ type: 'ready', index });
      await open;
    }
    await driveKey(planned, engines, dying, tally);
    send({ type: 'done', index });
  });
  send({ type: 'driven', keys: indices.length, durationMs: performance.now() - started });
}

/** Like `run.ts`: each pass lets leases and late-apply windows run out first. */
async function recoverAll() {
  const restarted = engine(sandbox, store, plan, { leaseMs: config.leaseMs });
  const keys: string[] = [];
  // A lookup that fails (a fault, a timeout on a busy machine) leaves a record held: try
  // again, until nothing is in flight or the same keys stayed in flight for `patience`
  // passes. A per-process (memory) store can hold records no lookup will ever settle
  // (another process refunded the same lines too): there one idle pass is enough.
  const patience = config.store.kind === 'memory' ? 1 : 3;
  const inFlight = async () =>
    (await store.listInFlight())
      .map((r) => r.key)
      .sort()
      .join(',');
  let before = await inFlight();
  for (let pass = 0, idle = 0; pass < 10 && before !== '' && idle < patience; pass++) {
    await sleep(Math.max(config.leaseMs, plan.lateApplyWindowMs) + 50);
    for (const item of await restarted.recover()) {
      recovered++;
      keys.push(item.idempotencyKey);
      if (item.result) tally.result(item.result);
      else tally.error(item.error);
    }
    const after = await inFlight();
    idle = after === before ? idle + 1 : 0;
    before = after;
  }
  send({ type: 'recovered', keys });
}

function digest(result: RefundResult): string {
  return [
    result.status,
    result.refundId ?? '',
    result.failure?.reason ?? '',
    result.reconciliation?.outcome ?? '',
  ].join('|');
}

async function statuses() {
  const reader = engines[1]!;
  const readings: KeyReading[] = [];
  for (const planned of plan.keys) {
    let text: string;
    try {
      text = digest(await reader.status({ idempotencyKey: planned.key }));
    } catch (error) {
      if (error instanceof RefundNotFoundError) text = 'not_found';
      else if (error instanceof RefundkitError) text = `error:${error.name}`;
      else {
        tally.error(error);
        text = 'error:untyped';
      }
    }
    readings.push({ digest: text, outcome: keyOutcome(planned, await store.get(planned.key)) });
  }
  send({
    type: 'statuses',
    readings,
    counters: tally.counters(recovered),
    takeovers: store.takeovers,
    refusedTransitions: store.refusedTransitions,
  });
}

process.on('message', (message: ToWorker) => {
  const fail = (error: unknown) => {
    console.error(error);
    process.exit(1);
  };
  switch (message.type) {
    case 'drive':
      drive(message.indices, new Set(message.shared)).catch(fail);
      break;
    case 'go':
      barriers.get(message.index)?.();
      barriers.delete(message.index);
      break;
    case 'recover':
      recoverAll().catch(fail);
      break;
    case 'status':
      statuses().catch(fail);
      break;
    case 'exit':
      store.close().then(() => process.exit(0), fail);
      break;
  }
});
send({ type: 'hello' });
