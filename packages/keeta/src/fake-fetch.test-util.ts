/**
 * A scripted `fetch` for tests: records every request it receives (URL, method, headers,
 * body text) and answers with the handler's result. Not part of the build.
 */

/** A request as the fake received it. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What the handler may do for one call: answer, or throw/reject like a real fetch. */
export type Handler = (request: Request, call: number) => Response | Promise<Response>;

/** A fake `fetch` and the requests it received. */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request =
      input instanceof Request && init === undefined ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    sent.push({
      url: request.url,
      method: request.method,
      headers,
      body: await request.clone().text(),
    });
    return handler(request, sent.length);
  };
  return { fetch: fake as typeof fetch, sent };
}

/** A JSON answer given as literal text (so ids above 2^53 can be written exactly). */
export function jsonText(
  text: string,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A JSON answer from a value. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonText(JSON.stringify(value), status, headers);
}

/** Never answers; rejects when the request's signal aborts, as a real fetch does. */
export function hang(request: Request): Promise<Response> {
  return new Promise((_resolve, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
}

/** What Node's fetch throws for a failed socket: `TypeError('fetch failed')` with the system error as cause. */
export function networkError(code: 'ECONNRESET' | 'ECONNREFUSED', message?: string): TypeError {
  const text = message ?? (code === 'ECONNRESET' ? 'socket hang up' : 'connect ECONNREFUSED');
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(text), { code }),
  });
}

/** JSON.stringify that writes bigints as digit strings, for asserting on log events. */
export function stringifyWithBigints(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  ) as string | undefined;
  return text ?? String(value);
}
