import type { OrderBalance } from '../../balances.js';
import type { FaultRule } from '../../faults.js';
import type { LedgerEntry } from '../../ledger.js';
import type { LoggedRequestSummary } from '../../request-log.js';

/** What the page knows, as the admin API and the live events last told it. */
export class Store {
  /** The request log, oldest first (list fields only), at most `capacity` long. */
  requests: LoggedRequestSummary[] = [];
  capacity = 0;
  ledger: LedgerEntry[] = [];
  balances: OrderBalance[] = [];
  faults: FaultRule[] = [];
  #ids: Set<string> | undefined;

  /** The highest `seq` held (0 when none). */
  get lastSeq(): number {
    return this.requests.at(-1)?.seq ?? 0;
  }

  /** The log afresh (after a load, a `resync` or a `reset`). */
  replaceRequests(requests: LoggedRequestSummary[], capacity: number): void {
    this.requests = requests;
    this.capacity = capacity;
    this.#ids = undefined;
  }

  /**
   * Newly logged requests (a live batch, or a catch-up after a reconnection, which may
   * arrive in either order); those already held are skipped.
   */
  addRequests(batch: readonly LoggedRequestSummary[]): void {
    const last = this.lastSeq;
    let unordered = false;
    for (const request of batch) {
      if (request.seq > this.lastSeq) this.requests.push(request);
      else if (request.seq < last && !this.hasRequest(request.id)) {
        this.requests.push(request);
        unordered = true;
      }
    }
    if (unordered) this.requests.sort((a, b) => a.seq - b.seq);
    const over = this.requests.length - this.capacity;
    if (over > 0) this.requests.splice(0, over);
    this.#ids = undefined;
  }

  /** Whether the request is still in the log (the ledger links to it only then). */
  hasRequest(id: string): boolean {
    this.#ids ??= new Set(this.requests.map((r) => r.id));
    return this.#ids.has(id);
  }

  /** The requests a fault rule fired on, newest first. */
  firedOn(faultId: string): string[] {
    const ids: string[] = [];
    for (let i = this.requests.length - 1; i >= 0; i--) {
      const request = this.requests[i];
      if (request?.faults.some((fault) => fault.id === faultId)) ids.push(request.id);
    }
    return ids;
  }
}
