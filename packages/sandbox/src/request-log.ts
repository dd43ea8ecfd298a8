import type { FaultKind } from './faults.js';
import type { ProviderName, Violation } from './spec.js';

/**
 * What the sandbox made of a request:
 * - `applied`: a refund was recorded in the ledger (a `drop_after_apply` or `malformed_json`
 *   fault may have spoiled the answer afterwards: see `faults`);
 * - `answered`: processed and answered with success, nothing applied (a preview, a query);
 * - `refused`: refused by the provider's rules (auth, the spec, a business rule, an unknown
 *   path, 413, 415, the rate limiter), with the provider's `code` and the `violations`;
 * - `fault`: a fault answered instead of the provider (nothing processed);
 * - `cancelled`: `close()` or `reset()` cancelled it while it waited (nothing applied).
 */
export type RequestOutcome = 'applied' | 'answered' | 'refused' | 'fault' | 'cancelled';

/** A fault rule that fired on a request. */
export interface FiredFault {
  /** The rule's id (`fault_3`, as `GET /__sandbox/faults` lists it). */
  readonly id: string;
  /** What the rule does (`server_error`, `latency`, …). */
  readonly kind: FaultKind;
}

/**
 * One request to a provider as the request log keeps it, without any secret (credentials in
 * the body, headers and query are masked as in the ledger). Requests to the admin API
 * (`/__sandbox/…`) are not logged.
 */
export interface LoggedRequest {
  /** The `x-request-id` the sandbox gave it (`sbx_12`), also on the ledger entries it caused. */
  readonly id: string;
  /** Position in the log since the start or the last `reset()` (1, 2, …), never reused. */
  readonly seq: number;
  /** ISO time it arrived (sandbox clock). */
  readonly at: string;
  /** HTTP method. */
  readonly method: string;
  /** The path as received, with the query string (credential parameters masked). */
  readonly path: string;
  /** `undefined` for a path under no provider's prefix. */
  readonly provider?: ProviderName;
  /** The spec's `operationId`, when the path is one the spec documents. */
  readonly operation?: string;
  /** Shoplazza: the shop segment of the path, as received. */
  readonly shop?: string;
  /** The order it is about, when it names one. */
  readonly orderId?: string;
  /** HTTP status answered; 0 when the connection was closed without an answer. */
  readonly status: number;
  /** What the sandbox made of it. */
  readonly outcome: RequestOutcome;
  /**
   * The provider's code in its answer, as text (Keeta `10003`, KakaClo `40000`, Shoplazza
   * `InvalidParameter`), when the answer carries one and is not a success.
   */
  readonly code?: string;
  /** The message of a refusal (Shoplazza's `errors` joined by `; `). */
  readonly message?: string;
  /** The spec violations that refused it (schema validation), field by field. */
  readonly violations: readonly Violation[];
  /** The fault rules that fired on it, in order (a `latency` rule first). */
  readonly faults: readonly FiredFault[];
  /** Ids of the ledger entries it recorded (`led_000001`). */
  readonly ledger: readonly string[];
  /** Request headers, lower-case names, credentials masked. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The parsed JSON body, credentials masked, integers beyond 2^53 as digit strings;
   * `undefined` when there was none or it was not JSON (see `bodyNote`).
   */
  readonly body?: unknown;
  /** Why `body` is missing although one was sent (not JSON, too large: never kept as text). */
  readonly bodyNote?: string;
  /** The JSON the sandbox answered (masked the same way); `undefined` when it sent none. */
  readonly answer?: unknown;
}

/** A request log entry without its headers and bodies: what the page's list shows. */
export type LoggedRequestSummary = Omit<LoggedRequest, 'headers' | 'body' | 'bodyNote' | 'answer'>;

/**
 * A logged request as the ring buffer holds it: the masked body and answer as compact JSON
 * text. One string per body instead of a tree of objects: thousands of retained records cost
 * the garbage collector (and so the request path) next to nothing.
 */
export interface StoredRequest extends LoggedRequestSummary {
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyJson?: string;
  readonly bodyNote?: string;
  readonly answerJson?: string;
}

/** The list fields of a stored request (a new object; headers and bodies stay behind). */
export function summarize(stored: StoredRequest): LoggedRequestSummary {
  const summary: { -readonly [K in keyof StoredRequest]?: StoredRequest[K] } = { ...stored };
  delete summary.headers;
  delete summary.bodyJson;
  delete summary.bodyNote;
  delete summary.answerJson;
  return summary as LoggedRequestSummary;
}

/** A stored request with its bodies parsed back (on read: a test, the page's detail view). */
export function expand(stored: StoredRequest): LoggedRequest {
  const { bodyJson, answerJson, ...rest } = stored;
  return {
    ...rest,
    ...(bodyJson === undefined ? {} : { body: JSON.parse(bodyJson) as unknown }),
    ...(answerJson === undefined ? {} : { answer: JSON.parse(answerJson) as unknown }),
  };
}

/** Largest request log a sandbox accepts (`requestLogSize`). */
export const MAX_REQUEST_LOG_SIZE = 1_000_000;

/**
 * The last `capacity` requests, in a ring buffer: adding is O(1) and allocates nothing but the
 * record, so keeping the log costs the request path next to nothing; the oldest record is
 * overwritten once it is full. Capacity 0 keeps nothing.
 */
export class RequestLog {
  readonly capacity: number;
  readonly #slots: (StoredRequest | undefined)[];
  /** Records added since the start or the last `clear()`; the next record's `seq` is this + 1. */
  #added = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#slots = new Array<StoredRequest | undefined>(capacity).fill(undefined);
  }

  /** How many records were ever added (since the last `clear()`), dropped ones included. */
  get added(): number {
    return this.#added;
  }

  /** How many records it holds now. */
  get size(): number {
    return Math.min(this.#added, this.capacity);
  }

  /**
   * Stores a record, giving it the next `seq`; overwrites the oldest when full.
   * @returns the stored (frozen) record, or `undefined` when the capacity is 0.
   */
  add(record: Omit<StoredRequest, 'seq'>): StoredRequest | undefined {
    if (this.capacity === 0) return undefined;
    this.#added++;
    const stored = Object.freeze({ ...record, seq: this.#added });
    this.#slots[(this.#added - 1) % this.capacity] = stored;
    return stored;
  }

  /** The records held, oldest first; only those with `seq` above `after`, if given. */
  list(after = 0): StoredRequest[] {
    const first = Math.max(after, this.#added - this.capacity) + 1;
    const records: StoredRequest[] = [];
    for (let seq = first; seq <= this.#added; seq++) {
      const record = this.#slots[(seq - 1) % this.capacity];
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  /** The record with this request id, if it is still held. */
  get(id: string): StoredRequest | undefined {
    for (let seq = this.#added; seq > this.#added - this.size; seq--) {
      const record = this.#slots[(seq - 1) % this.capacity];
      if (record?.id === id) return record;
    }
    return undefined;
  }

  /** Forgets every record and restarts `seq` at 1 (`reset()`: ledger ids restart too). */
  clear(): void {
    this.#slots.fill(undefined);
    this.#added = 0;
  }
}
