import type { ServerResponse } from 'node:http';
import { summarize, type LoggedRequestSummary, type StoredRequest } from '../request-log.js';

/** What changed besides the request log, so an open page fetches it again. */
export type InspectorPart = 'ledger' | 'orders' | 'faults';

/** Events are gathered this long, then sent as one batch (a burst is one write per page). */
const FLUSH_MS = 50;

/** More requests than this between two flushes: the page is told to fetch the log afresh. */
const MAX_PENDING = 2000;

/** A page that reads slower than this much unsent data is dropped (it reconnects). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** A comment line this often keeps proxies and the browser from timing the stream out. */
const HEARTBEAT_MS = 15_000;

/**
 * The inspector's live updates, as server-sent events (`GET /__sandbox/events`):
 * - `requests`: a JSON array of the requests logged since the last batch (list fields only);
 * - `changed`: a JSON array of the parts to fetch again (`ledger`, `orders`, `faults`);
 * - `resync`: more requests arrived than one batch carries; fetch the log again;
 * - `reset`: `reset()` emptied everything.
 *
 * With no page open, every method returns at its first line: the request path pays one
 * `size` check, nothing is queued, serialised or timed.
 */
export class InspectorEvents {
  readonly #pages = new Set<ServerResponse>();
  #pending: StoredRequest[] = [];
  #overflowed = false;
  readonly #changed = new Set<InspectorPart>();
  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  /** Whether any page listens. */
  get listening(): boolean {
    return this.#pages.size > 0;
  }

  /** Makes `res` an event stream until the page goes away or {@link closeAll}. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    });
    // The retry hint also flushes the headers, so the page's `open` event fires at once.
    res.write('retry: 1000\n\n');
    this.#pages.add(res);
    res.on('close', () => {
      this.#pages.delete(res);
      if (this.#pages.size === 0) this.#stopHeartbeat();
    });
    this.#heartbeat ??= setInterval(() => {
      this.#broadcast(': heartbeat\n\n');
    }, HEARTBEAT_MS).unref();
  }

  /** A request was logged. */
  requestLogged(request: StoredRequest): void {
    if (this.#pages.size === 0) return;
    if (this.#pending.length >= MAX_PENDING) this.#overflowed = true;
    else this.#pending.push(request);
    this.#schedule();
  }

  /** Something other than the log changed (an admin call, a settled refund). */
  changed(...parts: InspectorPart[]): void {
    if (this.#pages.size === 0) return;
    for (const part of parts) this.#changed.add(part);
    this.#schedule();
  }

  /** `reset()`: the log, ledger, faults and orders are back to the start. */
  reset(): void {
    this.#pending = [];
    this.#overflowed = false;
    this.#changed.clear();
    if (this.#pages.size === 0) return;
    this.#broadcast('event: reset\ndata: {}\n\n');
  }

  /** Ends every stream (`close()`). */
  closeAll(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopHeartbeat();
    for (const page of this.#pages) page.end();
    this.#pages.clear();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, FLUSH_MS).unref();
  }

  #flush(): void {
    let text = '';
    if (this.#overflowed) {
      text += 'event: resync\ndata: {}\n\n';
    } else if (this.#pending.length > 0) {
      const batch: LoggedRequestSummary[] = this.#pending.map(summarize);
      text += `event: requests\ndata: ${JSON.stringify(batch)}\n\n`;
    }
    if (this.#changed.size > 0) {
      text += `event: changed\ndata: ${JSON.stringify([...this.#changed])}\n\n`;
    }
    this.#pending = [];
    this.#overflowed = false;
    this.#changed.clear();
    if (text !== '') this.#broadcast(text);
  }

  /** One serialisation, written to every page; a page too far behind is dropped. */
  #broadcast(text: string): void {
    for (const page of this.#pages) {
      if (page.writableLength > MAX_BUFFERED_BYTES) page.destroy();
      else page.write(text);
    }
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
