/**
 * The pieces every soak mode shares: refund-core wired to the sandbox, the simulated caller
 * of one key (`driveKey`), what the callers count (`Tally`), and reading a key's final
 * state from a store.
 */
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  RefundkitError,
  createRefunds,
  type IdempotencyRecord,
  type IdempotencyStore,
  type RefundResult,
  type Refunds,
  type RefundsOptions,
} from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { keetaAdapter } from '@refundkit/refund-core/keeta';
import { shoplazzaAdapter } from '@refundkit/refund-core/shoplazza';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import type { FaultRule, Sandbox } from '@refundkit/sandbox';
import { SimulatedCrash } from './dying-store.ts';
import type { PlannedKey, SoakPlan } from './plan.ts';
import type { KeyOutcome, SoakCounters } from './report.ts';

/** A caller gives up on a key after this many attempts (each attempt may fire duplicates). */
const MAX_ATTEMPTS = 25;
/** Keys worked on at once. */
export const CONCURRENCY = 32;
/** The lease of an instance that dies: short, so the soak does not wait long for it. */
export const DYING_LEASE_MS = 200;

/** Counts what the callers saw, as they saw it. */
export class Tally {
  calls = 0;
  replays = 0;
  readonly results: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly untyped: string[] = [];
  readonly reconciliations: Record<string, number> = {};
  conflictsSent = 0;
  conflictsRaised = 0;
  conflictsMissed = 0;
  repeatsNotReplayed = 0;
  gaveUp = 0;
  crashes = 0;

  result(result: RefundResult): void {
    const label =
      result.status === 'failed' ? `failed (${result.failure?.reason ?? '?'})` : result.status;
    this.results[label] = (this.results[label] ?? 0) + 1;
    if (result.replayed) {
      this.replays++;
      return;
    }
    const r = result.reconciliation;
    if (r) {
      const label = `${r.trigger} → ${r.outcome}${r.resent ? ', resent' : ''}`;
      this.reconciliations[label] = (this.reconciliations[label] ?? 0) + 1;
    }
  }

  /** What was counted, with how many records `recover()` took over. */
  counters(recovered: number): SoakCounters {
    return {
      calls: this.calls,
      replays: this.replays,
      results: this.results,
      errors: this.errors,
      untypedErrors: this.untyped,
      reconciliations: this.reconciliations,
      recovered,
      conflictsSent: this.conflictsSent,
      conflictsRaised: this.conflictsRaised,
      conflictsMissed: this.conflictsMissed,
      repeatsNotReplayed: this.repeatsNotReplayed,
      gaveUp: this.gaveUp,
      crashes: this.crashes,
    };
  }

  error(error: unknown): void {
    if (error instanceof SimulatedCrash) {
      this.crashes++;
    } else if (error instanceof RefundkitError) {
      this.errors[error.name] = (this.errors[error.name] ?? 0) + 1;
    } else {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.untyped.push(text);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates refund-core over the sandbox, with client-side rate limits off and a short timeout. */
export function engine(
  sandbox: Pick<Sandbox, 'baseUrls' | 'credentials'>,
  store: IdempotencyStore,
  plan: SoakPlan,
  extra: Partial<RefundsOptions>,
): Refunds {
  const http = {
    timeoutMs: plan.clientTimeoutMs,
    maxRetries: 1,
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 20 },
  };
  return createRefunds({
    providers: {
      keeta: keetaAdapter(
        createKeetaClient({
          baseUrl: sandbox.baseUrls.keeta,
          ...sandbox.credentials.keeta,
          ...http,
        }),
      ),
      shoplazza: shoplazzaAdapter(
        createShoplazzaClient({
          baseUrl: sandbox.baseUrls.shoplazza,
          accessToken: sandbox.credentials.shoplazza.accessToken,
          ...http,
        }),
      ),
      kakaclo: kakacloAdapter(
        createKakacloClient({
          baseUrl: sandbox.baseUrls.kakaclo,
          ...sandbox.credentials.kakaclo,
          ...http,
        }),
      ),
    },
    store,
    rateLimits: { keeta: false, shoplazza: false, kakaclo: false },
    lateApplyWindowMs: plan.lateApplyWindowMs,
    ...extra,
  });
}

/**
 * One caller's life with one key: the first attempt fires its duplicates at once, then it
 * retries what a real caller retries (proven not applied, in progress elsewhere, a typed
 * error that freed the key, an `unknown` a later call can reconcile), then repeats the
 * settled request, and maybe sends a different body under the same key.
 */
export async function driveKey(
  planned: PlannedKey,
  engines: readonly Refunds[],
  dying: (planned: PlannedKey) => Refunds | undefined,
  tally: Tally,
) {
  const doomed = dying(planned);
  if (doomed) {
    tally.calls++;
    try {
      tally.result(await doomed.refund(planned.request));
    } catch (error) {
      tally.error(error);
    }
    if (planned.leaveForRecover) return;
  }
  let final: RefundResult | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const targets = attempt === 1 ? planned.firstAttempt : [attempt % engines.length];
    tally.calls += targets.length;
    const settled = await Promise.allSettled(
      targets.map((i) => engines[i]!.refund(planned.request)),
    );
    let retryAfter = 5;
    let decided: RefundResult | undefined;
    let parked = false;
    for (const outcome of settled) {
      if (outcome.status === 'rejected') {
        tally.error(outcome.reason);
        if (outcome.reason instanceof IdempotencyInProgressError) {
          // Held elsewhere, or held until the late-apply window has passed: wait for it.
          retryAfter = Math.max(retryAfter, Math.min(outcome.reason.retryAfterMs, 1000));
        }
        continue;
      }
      const result = outcome.value;
      tally.result(result);
      if (isSettled(result)) decided = result;
      else if (result.status === 'unknown') parked = true;
    }
    if (decided) {
      final = decided;
      break;
    }
    if (parked && planned.leaveForRecover) return;
    await sleep(retryAfter);
  }
  if (!final) {
    tally.gaveUp++;
    return;
  }
  for (let i = 0; i < planned.repeats; i++) {
    tally.calls++;
    try {
      const again = await engines[i % engines.length]!.refund(planned.request);
      tally.result(again);
      if (!again.replayed) tally.repeatsNotReplayed++;
    } catch (error) {
      tally.error(error);
    }
  }
  if (planned.conflicting) {
    tally.conflictsSent++;
    tally.calls++;
    try {
      const wrong = await engines[0]!.refund(planned.conflicting);
      tally.result(wrong);
      tally.conflictsMissed++;
    } catch (error) {
      if (error instanceof IdempotencyConflictError) tally.conflictsRaised++;
      else {
        tally.conflictsMissed++;
        tally.error(error);
      }
    }
  }
}

/** Stored for good: replayed from now on (a Shoplazza `unknown` too: nothing can prove it). */
function isSettled(result: RefundResult): boolean {
  if (result.status === 'succeeded' || result.status === 'pending') return true;
  if (result.status === 'failed') return result.failure?.reason === 'provider_refused';
  return result.provider === 'shoplazza';
}

export async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The fault rules with how often each fired (the sandbox's admin API lists them). */
export async function faultsFired(sandbox: Sandbox): Promise<FaultRule[]> {
  const answer = await fetch(`${sandbox.url}/__sandbox/faults`);
  if (!answer.ok) throw new Error(`GET /__sandbox/faults: HTTP ${answer.status}`);
  return ((await answer.json()) as { faults: FaultRule[] }).faults;
}

/** A key's final state as its stored record says (no record: the key is free). */
export function keyOutcome(planned: PlannedKey, record: IdempotencyRecord | undefined): KeyOutcome {
  let status: KeyOutcome['status'];
  let reason: string | undefined;
  let evidence: string | undefined;
  if (!record) {
    status = 'failed';
    reason = 'nothing stored (key free)';
  } else if (record.state === 'in_flight') {
    status = 'unknown';
    reason = `still in flight (${record.phase ?? '?'})`;
  } else {
    const stored = JSON.parse(record.result ?? '{}') as Partial<RefundResult>;
    status = stored.status ?? 'unknown';
    reason = stored.failure?.reason;
    const r = stored.reconciliation;
    if (r) evidence = `${r.trigger} → ${r.outcome}${r.resent ? ', resent' : ''}: ${r.evidence}`;
  }
  return {
    key: planned.key,
    variant: planned.variant,
    slot: planned.slot,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(evidence === undefined ? {} : { evidence }),
  };
}
