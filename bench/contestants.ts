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
