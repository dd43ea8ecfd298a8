/**
 * The start-up check: every contestant of a scenario sends the same request, byte for byte
 * (method, URL, headers in wire order, body), as the peer server recorded it. Anything else
 * would make the comparison meaningless, so a difference stops the benchmark.
 *
 * The client (or, in the A/A control, the first contestant) goes first; the bare body then
 * takes its key order if, and only if, the content is the same (wire-body.ts).
 */
import type { Contestant, Scenario } from './contestants.ts';
import type { Peer, RecordedRequest } from './peer.ts';
import { alignKeyOrder } from './wire-body.ts';

/** Thrown when two contestants of a scenario do not send identical requests. */
export class RequestMismatchError extends Error {}

/** What the check found. */
export interface Verified {
  /** Calls made. */
  calls: number;
  /** True when the bare body was put in the client's key order (same content). */
  reordered: boolean;
}

function describe(request: RecordedRequest): string[] {
  const lines = [`${request.method} ${request.url}`];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    lines.push(`${request.rawHeaders[i] ?? ''}: ${request.rawHeaders[i + 1] ?? ''}`);
  }
  lines.push('', bodyText(request));
  return lines;
}

function bodyText(request: RecordedRequest): string {
  return Buffer.from(request.body, 'base64').toString('utf8');
}

async function callOnce(peer: Peer, scenario: Scenario, contestant: Contestant) {
  let succeeded: boolean;
  try {
    succeeded = await contestant.call();
  } catch (error) {
    throw new Error(`${scenario.key}: ${contestant.name}: the first call threw`, { cause: error });
  }
  if (!succeeded) {
    throw new Error(`${scenario.key}: ${contestant.name}: the first answer was not a success`);
  }
  const request = await peer.lastRequest(scenario.route);
  if (request === null) throw new Error(`${scenario.key}: the peer server saw no request`);
  return request;
}

/**
 * Makes one call per contestant, one at a time, and compares what the peer received.
 * @throws RequestMismatchError naming the first differing line; BodyContentMismatchError when
 *   the client's body has other content; Error when a call fails.
 */
export async function verifyIdenticalRequests(peer: Peer, scenario: Scenario): Promise<Verified> {
  const client = scenario.contestants.find((c) => c.role === 'client');
  const [first, ...others] = client
    ? [client, ...scenario.contestants.filter((c) => c !== client)]
    : scenario.contestants;
  if (first === undefined) throw new Error(`${scenario.key}: no contestants`);

  const firstRequest = await callOnce(peer, scenario, first);
  const reordered = client
    ? alignKeyOrder(scenario.wire, bodyText(firstRequest), scenario.key)
    : false;
  const expected = describe(firstRequest);
  for (const contestant of others) {
    const lines = describe(await callOnce(peer, scenario, contestant));
    const at = Array.from({ length: Math.max(lines.length, expected.length) }).findIndex(
      (_, i) => lines[i] !== expected[i],
    );
    if (at !== -1) {
      throw new RequestMismatchError(
        `${scenario.key}: ${contestant.name} does not send what ${first.name} sends ` +
          `(line ${at + 1}):\n  ${first.name}: ${JSON.stringify(expected[at])}\n` +
          `  ${contestant.name}: ${JSON.stringify(lines[at])}\n` +
          `full request of ${first.name}:\n    ${expected.join('\n    ')}`,
      );
    }
  }
  return { calls: scenario.contestants.length, reordered };
}
