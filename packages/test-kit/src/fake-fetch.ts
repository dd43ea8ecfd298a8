/**
 * A scripted `fetch` for client tests: answers one step per call (the last step repeats) and
 * records every request it received. Never touches the network.
 */

/** A request as the fake received it. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What the fake does for one call. */
export type Step =
  | Response
  | 'hang'
  | { throw: unknown }
  | ((request: Request, call: number) => Response | Promise<Response>);

/** Requests held while "in flight", as a real fetch holds them (see {@link hang}). */
const inFlight = new Set<Request>();

/** A fake `fetch` and the requests it received, in order. */
export function fakeFetch(...steps: Step[]): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request =
      input instanceof Request && init === undefined ? input : new Request(input, init);
    sent.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    });
    const step = steps[Math.min(sent.length, steps.length) - 1];
    if (step === undefined) throw new Error('fakeFetch: no step scripted');
    if (step === 'hang') return hang(request);
    if (step instanceof Response) return step.clone();
    if (typeof step === 'function') return step(request, sent.length);
    throw step.throw;
  };
  return { fetch: fake, sent };
}

/**
 * Never answers; rejects when the request's signal aborts, as a real fetch does. A `Request`
 * follows its init signal only through a WeakRef, so the request is held while "in flight"
 * (as undici holds its own), or a garbage collection could lose the abort.
 */
export function hang(request: Request): Promise<Response> {
  inFlight.add(request);
  return new Promise((_resolve, reject) => {
    const stop = () => {
      inFlight.delete(request);
      reject(request.signal.reason as Error);
    };
    if (request.signal.aborted) {
      stop();
      return;
    }
    request.signal.addEventListener('abort', stop, { once: true });
  });
}

/** A client built on a scripted fetch, with what it sent and what it logged. */
export interface ScriptedClient<Client, Event> {
  client: Client;
  calls: SentRequest[];
  events: Event[];
}

/**
 * Builds a client on {@link fakeFetch} with a logger that records every event: the setup
 * every client's tests start from.
 *
 * @example const { client, calls, events } = scriptedClient([json(ok)], (http) => createKakacloClient({ accessToken, ...http }));
 */
export function scriptedClient<Client, Event>(
  steps: Step[],
  create: (http: { fetch: typeof fetch; logger: (event: Event) => void }) => Client,
): ScriptedClient<Client, Event> {
  const fake = fakeFetch(...steps);
  const events: Event[] = [];
  const client = create({ fetch: fake.fetch, logger: (event) => events.push(event) });
  return { client, calls: fake.sent, events };
}
