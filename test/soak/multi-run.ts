/**
 * The multi-process soak: one sandbox, one shared store (or, with `memory`, one store per
 * process: what the soak must catch), and P worker processes (`worker.ts`), each its own
 * refund-core. Keys are split across the workers; one in ten is also sent by a second
 * worker at the same moment (both wait at a barrier the parent opens); the last worker is
 * killed with SIGKILL while it holds records in flight, and restarted. Then worker 0 runs
 * `recover()`, the killed worker's unfinished keys are redelivered to the survivors and the
 * restarted one (as a queue would), the faults stop, worker 0 recovers what is left, and
 * every one of them reads every key with `status()`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { startSandbox } from '@refundkit/sandbox';
import { PostgresIdempotencyStore } from '@refundkit/store-postgres';
import { faultsFired } from './drive.ts';
import type { SoakPlan } from './plan.ts';
import type { FromWorker, KeyReading, ToWorker, WorkerConfig, WorkerStore } from './protocol.ts';
import type { KeyOutcome, SoakCounters, SoakObservation } from './report.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** The workers' lease: what a killed worker's records wait before another takes them over. */
const LEASE_MS = 2000;
/** Every `SHARE_EVERY`-th key is also sent by the next worker, at the same moment. */
const SHARE_EVERY = 10;
/** The victim is killed once it has driven this share of its keys (and holds some in flight). */
const KILL_AFTER = 0.3;

/** Where the multi-process soak keeps its records. */
export type MultiStore = 'memory' | 'sqlite' | 'postgres';

/** One worker's figures. */
export interface ProcessFigures {
  readonly index: number;
  /** Keys it was given first (shared ones included). */
  readonly keys: number;
  readonly killed: boolean;
  /** Keys driven per second while it drove its share (undefined for the killed one). */
  readonly refundsPerSecond: number | undefined;
  readonly takeovers: number;
  readonly refusedTransitions: number;
}

/** What the multi-process run adds to a {@link SoakObservation}. */
export interface MultiObservation extends SoakObservation {
  readonly store: MultiStore;
  readonly processes: readonly ProcessFigures[];
  /** Plan keys finished per second in the driving phase, all processes together. */
  readonly refundsPerSecond: number;
  readonly sharedKeys: number;
  /** Keys whose surviving processes' `status()` readings differ, with the readings. */
  readonly disagreements: readonly string[];
  readonly killed: {
    readonly process: number | undefined;
    /** Records the killed process held in flight when it was killed. */
    readonly inFlightAtKill: readonly string[];
    /** Of those, still in flight in the shared store at the end. */
    readonly notRecovered: readonly string[];
    /** Keys it had not finished, redelivered to the survivors. */
    readonly redelivered: number;
  };
  /** Records `recover()` took over (worker 0, both passes). */
  readonly recoveredKeys: number;
}

interface Worker {
  readonly index: number;
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  stderr: string;
  alive: boolean;
  /** Resolvers of the next message of each type. */
  readonly waiting: Map<FromWorker['type'], (message: FromWorker) => void>;
}

function next<T extends FromWorker['type']>(
  worker: Worker,
  type: T,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    worker.waiting.set(type, resolve as (message: FromWorker) => void);
    void worker.exited.then(() => {
      if (worker.waiting.get(type) === resolve) {
        reject(
          new Error(`worker ${worker.index} exited while awaited (${type}): ${worker.stderr}`),
        );
      }
    });
  });
}

/** `SOAK_DEBUG=1`: the parent says what it is waiting for, on stderr. */
const debug = (text: string) => {
  if (process.env['SOAK_DEBUG']) console.error(`[soak ${Math.round(performance.now())}] ${text}`);
};

function tell(worker: Worker, message: ToWorker): void {
  if (worker.alive) worker.child.send(message);
}

/** Runs the plan over P processes and returns what happened, for `buildMultiReport`. */
export async function runMultiSoak(
  plan: SoakPlan,
  options: { processes: number; store: MultiStore },
): Promise<MultiObservation> {
  const { processes } = options;
  if (!Number.isSafeInteger(processes) || processes < 2) {
    throw new RangeError(`processes: must be an integer of at least 2, got ${processes}`);
  }
  const started = performance.now();
  const sandbox = await startSandbox({
    seed: plan.orders,
    faults: [...plan.faults],
    faultSeed: plan.seed,
  });
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-multi-soak-'));
  const cleanups: (() => Promise<void>)[] = [];
  const workers: Worker[] = [];
  let extra: Worker[] = [];
  /** Routes the workers' messages; what is not routed goes to whoever awaits it. */
  let route: (worker: Worker, message: FromWorker) => boolean = () => false;
  try {
    const where = await storeFor(options.store, dir, cleanups);
    const spawnWorker = (index: number, reportInFlight: boolean): Worker => {
      const config: WorkerConfig = {
        index,
        refunds: plan.refunds,
        seed: plan.seed,
        store: where,
        baseUrls: sandbox.baseUrls,
        credentials: sandbox.credentials,
        leaseMs: LEASE_MS,
        reportInFlight,
      };
      const child = fork(WORKER, [], {
        env: { ...process.env, SOAK_WORKER: JSON.stringify(config) },
        execArgv: [],
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      });
      const worker: Worker = {
        index,
        child,
        exited: once(child, 'exit'),
        stderr: '',
        alive: true,
        waiting: new Map(),
      };
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (worker.stderr += chunk));
      void worker.exited.then(() => (worker.alive = false));
      child.on('message', (message: FromWorker) => {
        if (route(worker, message)) return;
        worker.waiting.get(message.type)?.(message);
        worker.waiting.delete(message.type);
      });
      return worker;
    };
    for (let index = 0; index < processes; index++) {
      workers.push(spawnWorker(index, index === processes - 1));
    }
    await Promise.all(workers.map((w) => next(w, 'hello')));
    debug('workers up');

    // Who sends what: key i goes to worker i % P; every SHARE_EVERY-th also to another one.
    const given = workers.map(() => [] as number[]);
    const shared = new Set<number>();
    plan.keys.forEach((_, i) => {
      given[i % processes]!.push(i);
      if (i % SHARE_EVERY === SHARE_EVERY - 1) {
        shared.add(i);
        given[partnerOf(i, processes)]!.push(i);
      }
    });
    for (const list of given) list.sort((a, b) => a - b);

    const victim = workers[processes - 1]!;
    const done = new Set<number>();
    let inFlight: readonly string[] = [];
    let inFlightAtKill: readonly string[] = [];
    // An object: TypeScript does not see the assignment in the message handler.
    const victimState = { killed: false };
    const arrived = new Map<number, Worker[]>();
    const partners = (index: number) => [
      workers[index % processes]!,
      workers[partnerOf(index, processes)]!,
    ];
    const release = (index: number) => {
      for (const w of arrived.get(index) ?? []) tell(w, { type: 'go', index });
      arrived.delete(index);
    };
    const kill = () => {
      victimState.killed = true;
      inFlightAtKill = inFlight;
      debug(`killing ${victim.index} with ${inFlight.length} in flight`);
      victim.child.kill('SIGKILL');
      victim.alive = false;
      // Its partners must not wait for it at a barrier.
      for (const index of [...arrived.keys()]) if (partners(index).includes(victim)) release(index);
    };
    route = (worker, message) => {
      switch (message.type) {
        case 'ready': {
          const here = [...(arrived.get(message.index) ?? []), worker];
          arrived.set(message.index, here);
          const partnerDead = partners(message.index).some((w) => !w.alive);
          if (here.length === 2 || partnerDead) release(message.index);
          return true;
        }
        case 'done':
          if (worker === victim) done.add(message.index);
          return true;
        case 'inflight':
          inFlight = message.keys;
          if (
            !victimState.killed &&
            inFlight.length > 0 &&
            done.size >= given[victim.index]!.length * KILL_AFTER
          )
            kill();
          return true;
        default:
          return false;
      }
    };

    const driveStarted = performance.now();
    const driven = workers.map((w) => {
      const finished = next(w, 'driven');
      // The victim's answer never comes when it is killed.
      return w === victim ? finished.catch(() => undefined) : finished;
    });
    workers.forEach((w, i) => {
      const mine = given[i]!;
      tell(w, { type: 'drive', indices: mine, shared: mine.filter((k) => shared.has(k)) });
    });
    const results = await Promise.all(driven);
    debug(`driven; killed: ${victimState.killed}`);
    if (!victimState.killed && victim.alive) {
      // It finished before it could be caught with records in flight (a tiny plan).
      victim.child.kill('SIGKILL');
      victim.alive = false;
    }
    await victim.exited;
    const driveMs = performance.now() - driveStarted;
    // The killed instance restarts (a fresh process, its store reopened): it takes its share
    // of the redelivered keys and reads every key like the others.
    const restarted = spawnWorker(victim.index, false);
    extra = [restarted];
    await next(restarted, 'hello');
    const survivors = [...workers.filter((w) => w !== victim), restarted];

    tell(survivors[0]!, { type: 'recover' });
    const firstRecovery = await next(survivors[0]!, 'recovered');
    debug('recovered');
    const unfinished = victimState.killed ? given[victim.index]!.filter((i) => !done.has(i)) : [];
    await Promise.all(
      survivors.map((w, s) => {
        const mine = unfinished.filter((_, n) => n % survivors.length === s);
        const finished = next(w, 'driven');
        tell(w, { type: 'drive', indices: mine, shared: [] });
        return finished;
      }),
    );
    // The faults stop here: the last recovery must settle what is left (a lookup that keeps
    // failing would hold a record in flight), and a fault on a status query would make
    // readers disagree.
    const faults = await faultsFired(sandbox);
    sandbox.clearFaults();
    tell(survivors[0]!, { type: 'recover' });
    const secondRecovery = await next(survivors[0]!, 'recovered');
    debug('redelivered and recovered');
    const readings = await Promise.all(
      survivors.map((w) => {
        const answer = next(w, 'statuses');
        tell(w, { type: 'status' });
        return answer;
      }),
    );

    const keys: KeyOutcome[] = [];
    const disagreements: string[] = [];
    plan.keys.forEach((planned, i) => {
      const seen: KeyReading[] = readings.map((r) => r.readings[i]!);
      const digests = new Set(seen.map((r) => r.digest));
      if (digests.size > 1) {
        disagreements.push(`${planned.key}: ${seen.map((r) => r.digest).join(' / ')}`);
      }
      const stored = seen.find((r) => r.outcome.reason !== 'nothing stored (key free)');
      keys.push((stored ?? seen[0]!).outcome);
    });
    const outcomeOf = new Map(keys.map((k) => [k.key, k]));
    const notRecovered =
      options.store === 'memory'
        ? []
        : inFlightAtKill.filter((key) => outcomeOf.get(key)?.reason?.startsWith('still in flight'));

    return {
      seed: plan.seed,
      refunds: plan.refunds,
      keys,
      ledger: sandbox.ledger(),
      orders: sandbox.orders(),
      faults,
      counters: mergeCounters(readings.map((r) => r.counters)),
      durationMs: Math.round(performance.now() - started),
      store: options.store,
      processes: workers.map((w, i) => {
        const reading = readings[survivors.indexOf(w === victim ? restarted : w)];
        const drove = results[i];
        return {
          index: i,
          keys: given[i]!.length,
          killed: w === victim && victimState.killed,
          refundsPerSecond:
            drove === undefined ? undefined : (drove.keys / drove.durationMs) * 1000,
          takeovers: reading?.takeovers ?? 0,
          refusedTransitions: reading?.refusedTransitions ?? 0,
        };
      }),
      // Keys settled in the driving phase (the killed process's unfinished ones came later).
      refundsPerSecond: ((plan.refunds - unfinished.length) / driveMs) * 1000,
      sharedKeys: shared.size,
      disagreements,
      killed: {
        process: victimState.killed ? victim.index : undefined,
        inFlightAtKill,
        notRecovered,
        redelivered: unfinished.length,
      },
      recoveredKeys: firstRecovery.keys.length + secondRecovery.keys.length,
    };
  } finally {
    const everyone = [...workers, ...extra];
    for (const w of everyone) {
      if (w.alive) tell(w, { type: 'exit' });
    }
    await Promise.all(
      everyone.map((w) =>
        Promise.race([
          w.exited,
          new Promise((resolve) => setTimeout(resolve, 5000).unref()).then(() =>
            w.child.kill('SIGKILL'),
          ),
        ]),
      ),
    );
    for (const cleanup of cleanups.reverse()) await cleanup();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function storeFor(
  kind: MultiStore,
  dir: string,
  cleanups: (() => Promise<void>)[],
): Promise<WorkerStore> {
  switch (kind) {
    case 'memory':
      return { kind: 'memory' };
    case 'sqlite': {
      // Created (schema, WAL journal) before the workers open it: several processes opening
      // one new file at once can fail switching it to WAL (seen: SQLITE_BUSY in the
      // constructor of one worker), as a deployment would migrate before starting instances.
      const path = join(dir, 'soak.sqlite');
      await new SqliteIdempotencyStore({ path }).close();
      return { kind: 'sqlite', path };
    }
    case 'postgres': {
      // Imported here: test-kit is TypeScript source (main.ts lets Node load it).
      const { startTestPostgres } = await import('@refundkit/test-kit');
      const server = await startTestPostgres();
      cleanups.push(() => server.stop());
      const database = await server.createDatabase();
      cleanups.push(() => database.drop());
      const store = new PostgresIdempotencyStore({ connectionString: database.url });
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
      return { kind: 'postgres', url: database.url };
    }
  }
}

/** The second sender of shared key `i`: each other worker in turn, never its home one. */
function partnerOf(i: number, processes: number): number {
  return (i + 1 + (Math.floor(i / SHARE_EVERY) % (processes - 1))) % processes;
}

/** The survivors' counts added up (the killed process's own died with it). */
function mergeCounters(all: readonly SoakCounters[]): SoakCounters {
  const add = (records: readonly Readonly<Record<string, number>>[]) => {
    const sum: Record<string, number> = {};
    for (const record of records)
      for (const [k, v] of Object.entries(record)) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  };
  const total = (pick: (c: SoakCounters) => number) => all.reduce((n, c) => n + pick(c), 0);
  return {
    calls: total((c) => c.calls),
    replays: total((c) => c.replays),
    results: add(all.map((c) => c.results)),
    errors: add(all.map((c) => c.errors)),
    untypedErrors: all.flatMap((c) => c.untypedErrors),
    reconciliations: add(all.map((c) => c.reconciliations)),
    recovered: total((c) => c.recovered),
    conflictsSent: total((c) => c.conflictsSent),
    conflictsRaised: total((c) => c.conflictsRaised),
    conflictsMissed: total((c) => c.conflictsMissed),
    repeatsNotReplayed: total((c) => c.repeatsNotReplayed),
    gaveUp: total((c) => c.gaveUp),
    crashes: total((c) => c.crashes),
  };
}
