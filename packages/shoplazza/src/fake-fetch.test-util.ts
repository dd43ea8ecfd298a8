/**
 * A scripted `fetch` for tests: each call takes the next answer and records what was sent.
 * Not part of the build (tsconfig.build.json excludes `*.test-util.ts`).
 */

/** What one request carried. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A scripted answer: a response, an error to reject with, or `'hang'` (never answers). */
export type Answer = Response | Error | 'hang' | (() => Response);

/** A fake fetch answering with `answers` in order (the last one repeats). */
export function fakeFetch(...answers: Answer[]): {
  fetch: typeof fetch;
  calls: SentRequest[];
} {
  const calls: SentRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    calls.push({ url: request.url, method: request.method, headers, body: await request.text() });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('fakeFetch: no answer scripted');
    if (answer === 'hang') {
      // Like real fetch: never answers, but rejects when the request's signal aborts.
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), {
          once: true,
        });
      });
    }
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer();
    return answer.clone();
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A network failure as Node's fetch (undici) reports it. */
export function networkError(code: string, message = 'socket hang up'): TypeError {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(message), { code }),
  });
}

/** `JSON.stringify` that survives bigint values. */
export function stringifyAll(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
}
