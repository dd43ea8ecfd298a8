/**
 * The messages between the multi-process soak's parent (`multi-run.ts`) and its workers
 * (`worker.ts`), over Node's IPC channel (JSON).
 */
import type { Sandbox } from '@refundkit/sandbox';
import type { KeyOutcome, SoakCounters } from './report.ts';

/** Where a worker's idempotency records live. */
export type WorkerStore =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** A worker's configuration, passed as JSON in `SOAK_WORKER`. */
export interface WorkerConfig {
  readonly index: number;
  readonly refunds: number;
  readonly seed: number;
  readonly store: WorkerStore;
  readonly baseUrls: Sandbox['baseUrls'];
  readonly credentials: Sandbox['credentials'];
  /** The lease of the worker's own instances (a killed worker's records wait this long). */
  readonly leaseMs: number;
  /** Report the keys this worker has in flight on every change (the one to be killed). */
  readonly reportInFlight: boolean;
}

/** Parent → worker. */
export type ToWorker =
  /** Drive these plan keys (indices); `shared` ones wait for `go` first. */
  | {
      readonly type: 'drive';
      readonly indices: readonly number[];
      readonly shared: readonly number[];
    }
  /** A shared key's barrier is open: send it now. */
  | { readonly type: 'go'; readonly index: number }
  /** Run `recover()` until nothing expired is left in flight. */
  | { readonly type: 'recover' }
  /** Call `status()` for every key of the plan and report what each said. */
  | { readonly type: 'status' }
  | { readonly type: 'exit' };

/** What `status()` answered for one key, reduced to what every process must agree on. */
export interface KeyReading {
  /** `status|refundId|failure reason|reconciliation outcome`, or `not_found`, or `error:Name`. */
  readonly digest: string;
  /** The key's record as this process's store holds it. */
  readonly outcome: KeyOutcome;
}

/** Worker → parent. */
export type FromWorker =
  | { readonly type: 'hello' }
  /** Waiting at a shared key's barrier. */
  | { readonly type: 'ready'; readonly index: number }
  /** One key driven to its end (as the caller sees it). */
  | { readonly type: 'done'; readonly index: number }
  /** The keys this worker holds in flight now (phase `sending` or `unknown`). */
  | { readonly type: 'inflight'; readonly keys: readonly string[] }
  | {
      readonly type: 'driven';
      readonly keys: number;
      readonly durationMs: number;
    }
  | { readonly type: 'recovered'; readonly keys: readonly string[] }
  | {
      readonly type: 'statuses';
      readonly readings: readonly KeyReading[];
      readonly counters: SoakCounters;
      readonly takeovers: number;
      readonly refusedTransitions: number;
    };
