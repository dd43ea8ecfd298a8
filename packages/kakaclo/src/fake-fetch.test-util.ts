import { stringifyJson } from '@refundkit/http';

/**
 * A scripted `fetch` for the tests: answers one scripted step per call (the last step repeats)
 * and records every request it received. Never touches the network.
 */

/** What the fake answers to one call. */
export type Step =
  Response | { throw: unknown } | 'hang' | ((request: Request) => Response | Promise<Response>);

/** A request as the fake received it. */
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const inFlight = new Set<unknown>();

export function fakeFetch(...steps: Step[]): { fetch: typeof fetch; calls: Sent[] } {
  const calls: Sent[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    });
    const step = steps[Math.min(calls.length, steps.length) - 1];
    if (step === undefined) throw new Error('fakeFetch: no step scripted');
    if (step === 'hang') {
      // Like a real fetch: never answers, but gives up when its signal aborts.
      // A Request follows its init signal only through a WeakRef, so, as a real fetch does,
      // keep the requests alive while "in flight", or the abort could be collected unseen.
      const held = [input, request];
      inFlight.add(held);
      return new Promise<Response>((_, reject) => {
        const { signal } = request;
        const stop = () => {
          inFlight.delete(held);
          reject(signal.reason);
        };
        if (signal.aborted) return stop(); // aborted while the body was being read
        signal.addEventListener('abort', stop, { once: true });
      });
    }
    if (step instanceof Response) return step.clone();
    if (typeof step === 'function') return step(request);
    throw step.throw;
  };
  return { fetch: fake as typeof fetch, calls };
}

/** A JSON answer; a string body is sent verbatim (to write bare 19-digit integers). */
export function answer(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(typeof body === 'string' ? body : stringifyJson(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** A KakaClo success envelope around `data`. */
export function ok(data: unknown): Response {
  return answer({ code: 10000, message: 'ok', data });
}

/** Node's fetch failure for a connection that broke after it was open. */
export function connectionReset(): { throw: unknown } {
  return {
    throw: Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    }),
  };
}

/** Node's fetch failure for a connection that never opened. */
export function connectionRefused(): { throw: unknown } {
  return {
    throw: Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
        code: 'ECONNREFUSED',
      }),
    }),
  };
}

/** JSON.stringify that writes bigints as strings (for scanning logger events). */
export function stringifyAll(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
}
