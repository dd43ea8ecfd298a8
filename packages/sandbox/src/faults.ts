import { seededRandom } from './random.js';
import type { ProviderName } from './spec.js';

/**
 * What can go wrong, per provider and operation. Each kind answers one question a client
 * (and refund-core) must handle:
 * - `latency`: the answer comes `latencyMs` late (then the request is processed normally).
 * - `server_error`: HTTP `status` (default 500), request NOT processed.
 * - `rate_limit`: 429 with `Retry-After: retryAfterSeconds` (default 1), NOT processed.
 * - `reset_before_processing`: the connection is destroyed before anything is processed.
 * - `drop_after_apply`: the request IS processed (the refund applied, in the ledger), then the
 *   connection is destroyed without an answer: the ambiguous case.
 * - `malformed_json`: the request IS processed, then the answer's JSON is cut short.
 * - `html_error`: a 502 HTML error page, NOT processed (a gateway in the way).
 * - `redirect`: a 307 to another origin (`location`, default `http://redirect.invalid/`), NOT processed.
 */
export type FaultKind =
  | 'latency'
  | 'server_error'
  | 'rate_limit'
  | 'reset_before_processing'
  | 'drop_after_apply'
  | 'malformed_json'
  | 'html_error'
  | 'redirect';

/** Every {@link FaultKind}, in the order the README's table lists them. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'server_error',
  'rate_limit',
  'reset_before_processing',
  'drop_after_apply',
  'malformed_json',
  'html_error',
  'redirect',
];

/** A fault rule as configured. */
export interface FaultSpec {
  /** What goes wrong. */
  kind: FaultKind;
  /** Only this provider (default: all). */
  provider?: ProviderName;
  /** Only this operation id (default: all of the provider's). */
  operation?: string;
  /** Fire this many times, then stop (default 1 unless `probability` is set: unlimited). */
  times?: number;
  /** Fire with this probability per matching request (seeded, reproducible). */
  probability?: number;
  /** `latency`: how late the answer comes, ms (0 to 600000; default 1000). */
  latencyMs?: number;
  /** `server_error`: the 5xx status (default 500). */
  status?: number;
  /** `rate_limit`: the `Retry-After` seconds (default 1). */
  retryAfterSeconds?: number;
  /** `redirect`: the absolute URL of the 307 (default `http://redirect.invalid/`). */
  location?: string;
}

/** A configured rule and how often it has fired. */
export interface FaultRule extends FaultSpec {
  /** `fault_1`, `fault_2`, … in the order rules were added (not reused after a reset). */
  id: string;
  /** How many requests it fired on. */
  fired: number;
}

/**
 * The active fault rules. For each request, the first rule that matches and whose budget
 * is not spent fires (a `latency` rule also lets the next rule fire).
 */
export class Faults {
  #rules: FaultRule[] = [];
  #random: () => number;
  #next = 1;

  constructor(seed = 1) {
    this.#random = seededRandom(seed);
  }

  /** Adds rules; returns them with ids. Throws `TypeError` naming the field of a bad rule. */
  add(specs: readonly FaultSpec[]): FaultRule[] {
    const added = specs.map((spec, index) => {
      checkFault(spec, `faults[${index}]`);
      return { ...spec, id: `fault_${this.#next++}`, fired: 0 };
    });
    this.#rules.push(...added);
    return added;
  }

  /** Removes every rule and restarts the random sequence from `seed`, if given. */
  clear(seed?: number): void {
    this.#rules = [];
    if (seed !== undefined) this.#random = seededRandom(seed);
  }

  /** Removes one rule. @returns false when there is no rule with that id. */
  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.id !== id);
    return this.#rules.length < before;
  }

  /** Rules with how often each fired. */
  list(): FaultRule[] {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  /** The faults to apply to one request, in order (latency first). */
  draw(provider: ProviderName, operation: string): FaultRule[] {
    const drawn: FaultRule[] = [];
    for (const rule of this.#rules) {
      if (rule.provider !== undefined && rule.provider !== provider) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      const budget = rule.times ?? (rule.probability === undefined ? 1 : Infinity);
      if (rule.fired >= budget) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      rule.fired++;
      drawn.push({ ...rule });
      if (rule.kind !== 'latency') break;
    }
    return drawn;
  }
}

/** Checks a rule that came from JSON (the admin API), so nothing about it is trusted. */
function checkFault(given: unknown, path: string): asserts given is FaultSpec {
  const fail = (field: string, message: string): never => {
    throw new TypeError(`${path}.${field}: ${message}`);
  };
  if (given === null || typeof given !== 'object')
    throw new TypeError(`${path}: must be an object`);
  const spec = given as FaultSpec;
  if (!FAULT_KINDS.includes(spec.kind)) fail('kind', `must be one of ${FAULT_KINDS.join(', ')}`);
  if (spec.provider !== undefined && !['keeta', 'shoplazza', 'kakaclo'].includes(spec.provider)) {
    fail('provider', 'must be keeta, shoplazza or kakaclo');
  }
  if (spec.operation !== undefined && typeof spec.operation !== 'string')
    fail('operation', 'must be a string');
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 1)) {
    fail('times', 'must be a positive integer');
  }
  if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
    fail('probability', 'must be between 0 and 1');
  }
  if (
    spec.latencyMs !== undefined &&
    !(Number.isInteger(spec.latencyMs) && spec.latencyMs >= 0 && spec.latencyMs <= 600_000)
  ) {
    fail('latencyMs', 'must be an integer from 0 to 600000');
  }
  if (
    spec.status !== undefined &&
    !(Number.isInteger(spec.status) && spec.status >= 500 && spec.status <= 599)
  ) {
    fail('status', 'must be a 5xx status');
  }
  if (
    spec.retryAfterSeconds !== undefined &&
    !(Number.isInteger(spec.retryAfterSeconds) && spec.retryAfterSeconds >= 0)
  ) {
    fail('retryAfterSeconds', 'must be a non-negative integer');
  }
  if (spec.location !== undefined && !/^https?:\/\//.test(spec.location))
    fail('location', 'must be an absolute http(s) URL');
}
