/** One HTTP request a client sent to the sandbox. */
export interface SentRequest {
  readonly method: string;
  /** The URL's path (`/kakaclo/openapi/v2/order/orders/10001/refund`). */
  readonly path: string;
}

/**
 * Every request the story's clients send, through the `fetch` option each client takes. The
 * sandbox's ledger shows what was refunded; this shows what was asked of the providers at
 * all, so "nothing was sent" and "no provider call" are counted, not claimed.
 */
export class RequestLog {
  readonly #sent: SentRequest[] = [];

  /** A `fetch` that records each request, then sends it with the global `fetch`. */
  readonly fetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    this.#sent.push({ method: method.toUpperCase(), path: new URL(url).pathname });
    return fetch(input, init);
  };

  /** How many requests so far: a mark for {@link RequestLog.since}. */
  get count(): number {
    return this.#sent.length;
  }

  /** The requests sent after `mark`. */
  since(mark: number): readonly SentRequest[] {
    return this.#sent.slice(mark);
  }
}
