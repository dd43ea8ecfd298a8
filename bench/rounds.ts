/**
 * Interleaved rounds: each round runs every contestant of a scenario for the same number of
 * calls with a fixed number in flight, in the order A B C, the next round C B A, and so on, so
 * slow drift of the machine (other processes, CPU clock) falls on every contestant alike.
 * The first rounds are warm-up (JIT, connection pool) and are not timed into the result.
 */
import type { Contestant, Role, Scenario } from './contestants.ts';

/** How much to run. */
export interface RoundPlan {
  warmupRounds: number;
  rounds: number;
  callsPerRound: number;
  inFlight: number;
}

/** One contestant's measurements over a scenario. */
export interface ContestantRun {
  name: string;
  role: Role;
  /** Calls per second, one per timed round, in round order. */
  throughput: number[];
  /**
   * CPU time of this process (user + system) per call, µs, one per timed round. Less
   * disturbed than wall time by other processes on a shared machine, so it backs up the
   * throughput ratio; the peer server's CPU is not in it.
   */
  cpuMicrosPerCall: number[];
  /** Calls that failed (not a checked success, or threw), warm-up included. */
  failures: number;
  /** The first failure, for the report. */
  firstError?: string;
}

/** A scenario's measurements. */
export interface ScenarioRun {
  key: string;
  control: boolean;
  runs: ContestantRun[];
  /** Calls made, warm-up included (to compare with the peer server's count). */
  calls: number;
}

/** Runs `calls` calls, `inFlight` at a time. @returns elapsed ms, failures and the first error. */
async function batch(contestant: Contestant, calls: number, inFlight: number) {
  let started = 0;
  let failures = 0;
  let firstError: string | undefined;
  async function lane() {
    while (started < calls) {
      started++;
      try {
        if (!(await contestant.call())) {
          failures++;
          firstError ??= 'answer not checked as a success';
        }
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, calls) }, lane));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMicros: cpu.user + cpu.system, failures, firstError };
}

/** Runs a scenario's warm-up and timed rounds. */
export async function runRounds(
  scenario: Pick<Scenario, 'key' | 'control' | 'contestants'>,
  plan: RoundPlan,
): Promise<ScenarioRun> {
  const entries = scenario.contestants.map((contestant) => {
    const run: ContestantRun = {
      name: contestant.name,
      role: contestant.role,
      throughput: [],
      cpuMicrosPerCall: [],
      failures: 0,
    };
    return { contestant, run };
  });
  let calls = 0;
  for (let round = 0; round < plan.warmupRounds + plan.rounds; round++) {
    const order = round % 2 === 1 ? [...entries].reverse() : entries;
    for (const { contestant, run } of order) {
      // Collect the previous contestant's garbage now, not during this one's batch.
      (globalThis as { gc?: () => void }).gc?.();
      const result = await batch(contestant, plan.callsPerRound, plan.inFlight);
      calls += plan.callsPerRound;
      run.failures += result.failures;
      if (result.firstError !== undefined) run.firstError ??= result.firstError;
      if (round >= plan.warmupRounds) {
        run.throughput.push(plan.callsPerRound / (result.ms / 1000));
        run.cpuMicrosPerCall.push(result.cpuMicros / plan.callsPerRound);
      }
    }
  }
  return { key: scenario.key, control: scenario.control, runs: entries.map((e) => e.run), calls };
}
