/**
 * Runs a soak plan against a fresh sandbox: two refund-core instances over one store (as two
 * service instances behind a queue), callers that retry the way real ones do, then
 * `recover()` from a third instance for whatever was left in flight. Returns what was
 * observed; `report.ts` judges it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryIdempotencyStore, type IdempotencyStore } from '@refundkit/refund-core';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { startSandbox } from '@refundkit/sandbox';
import {
  CONCURRENCY,
  DYING_LEASE_MS,
  Tally,
  driveKey,
  engine,
  faultsFired,
  keyOutcome,
  pool,
  sleep,
} from './drive.ts';
import { DyingStore } from './dying-store.ts';
import type { PlannedKey, SoakPlan } from './plan.ts';
import type { KeyOutcome, SoakObservation } from './report.ts';

/** Where the soak keeps its idempotency records. */
export type SoakStore = 'memory' | 'sqlite';

/** Runs the plan and returns what happened, for `buildReport`. */
export async function runSoak(
  plan: SoakPlan,
  options: { store?: SoakStore } = {},
): Promise<SoakObservation> {
  const started = performance.now();
  const sandbox = await startSandbox({
    seed: plan.orders,
    faults: [...plan.faults],
    faultSeed: plan.seed,
  });
  const dir = options.store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'refundkit-soak-')) : '';
  const store: IdempotencyStore =
    options.store === 'sqlite'
      ? new SqliteIdempotencyStore({ path: join(dir, 'soak.sqlite') })
      : new MemoryIdempotencyStore();
  try {
    const tally = new Tally();
    const engines = [
      // One waits the late-apply window out inline and resends, one answers `unknown` at
      // once and reports proven-not-applied (the caller retries with the same key).
      engine(sandbox, store, plan, {
        onProvenNotApplied: 'resend',
        reconcileWaitMs: plan.lateApplyWindowMs + 100,
      }),
      engine(sandbox, store, plan, { onProvenNotApplied: 'report' }),
    ];
    const dying = (planned: PlannedKey) =>
      planned.crash === undefined
        ? undefined
        : engine(sandbox, new DyingStore(store, planned.crash), plan, {
            leaseMs: DYING_LEASE_MS,
          });
    await pool(plan.keys, CONCURRENCY, (planned) => driveKey(planned, engines, dying, tally));
    // A fresh instance after the callers are done: whatever is still in flight is reconciled.
    // Each pass first lets the dead instances' leases and the late-apply windows run out; a
    // record taken over from a dead owner starts its own window, so a second pass settles it.
    const restarted = engine(sandbox, store, plan, {});
    let recovered = 0;
    for (let pass = 0; pass < 3 && (await store.listInFlight()).length > 0; pass++) {
      await sleep(Math.max(DYING_LEASE_MS, plan.lateApplyWindowMs) + 50);
      for (const item of await restarted.recover()) {
        recovered++;
        if (item.result) tally.result(item.result);
        else tally.error(item.error);
      }
    }
    const faults = await faultsFired(sandbox);

    const keys: KeyOutcome[] = [];
    for (const planned of plan.keys) keys.push(keyOutcome(planned, await store.get(planned.key)));
    return {
      seed: plan.seed,
      refunds: plan.refunds,
      keys,
      ledger: sandbox.ledger(),
      orders: sandbox.orders(),
      faults,
      counters: tally.counters(recovered),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await store.close?.();
    await sandbox.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  }
}
