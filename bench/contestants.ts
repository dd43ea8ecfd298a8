import type { Fixture } from './fixtures.ts';
import type { WireBody } from './wire-body.ts';

/**
 * What a contestant is, and the raw-`fetch` one every scenario shares. A contestant makes one
 * call and says whether it succeeded (status and envelope checked); it never retries.
 */

/** The part a contestant plays in a scenario. */
export type Role = 'raw' | 'bare' | 'client' | 'bare again';

/** One way of making the scenario's request. */
export interface Contestant {
  /** Shown in the table, e.g. `raw fetch`, `openapi-fetch`, `@refundkit/keeta`. */
  name: string;
  role: Role;
  /** One call; resolves true when the answer was checked as a success. May throw. */
  call: () => Promise<boolean>;
}

/** One request made several ways; the ways must send the same bytes. */
export interface Scenario {
  /** e.g. `keeta.applyPartialRefund`. */
  key: string;
  /** The peer server's route (fixture key) the request goes to. */
  route: string;
  /** The A/A control: bare openapi-fetch against a second instance of itself. */
  control: boolean;
  /** The bare contestants' body, aligned to the client's key order by verify.ts. */
  wire: WireBody;
  contestants: Contestant[];
}

/** A JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Raw `fetch` with a body serialised once, up front: the floor any client is measured against.
 * It still reads and parses the answer and checks it, as any caller would.
 */
export function rawFetch(
  url: string,
  headers: Record<string, string>,
  wire: WireBody,
  isSuccess: (answer: unknown) => boolean,
): Contestant {
  return {
    name: 'raw fetch',
    role: 'raw',
    async call() {
      const response = await fetch(url, { method: 'POST', headers, body: wire.text });
      if (response.status !== 200) {
        await response.arrayBuffer();
        return false;
      }
      return isSuccess(await response.json());
    },
  };
}

/**
 * openapi-fetch's `createClient`. Its result is cast, in each scenario file, to the client's
 * `raw` type, which is exactly openapi-fetch's `Client<paths>` for the client's generated
 * `paths`: the bare calls are type-checked against the same spec, and bench/ needs no
 * dependency on openapi-fetch by name (it runs the copy the clients use).
 */
export type CreateClient = (options: {
  baseUrl: string;
  headers?: Record<string, string>;
}) => unknown;

/** What every scenario file needs: where the peer is, the fixtures, and openapi-fetch. */
export interface ScenarioContext {
  /** `http://127.0.0.1:<port>` of the peer server. */
  origin: string;
  fixtures: readonly Fixture[];
  createClient: CreateClient;
}

/** The `Content-Type` openapi-fetch sends with a JSON body (and first, as it does). */
export const JSON_TYPE = { 'Content-Type': 'application/json' };

/** A path parameter of a fixture. */
export function pathParam(f: Fixture, name: string): string {
  const value = f.pathParams[name];
  if (value === undefined) throw new Error(`${f.key}: no path parameter ${name}`);
  return value;
}

/** A scenario on a fixture's route. */
export function scenario(f: Fixture, wire: WireBody, contestants: Contestant[]): Scenario {
  return { key: f.key, route: f.key, control: false, wire, contestants };
}
