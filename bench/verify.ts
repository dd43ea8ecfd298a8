/**
 * The start-up check: every contestant of a scenario sends the same request, byte for byte
 * (method, URL, headers in wire order, body), as the peer server recorded it. Anything else
 * would make the comparison meaningless, so a difference stops the benchmark.
 */
import type { Scenario } from './contestants.ts';
import type { Peer, RecordedRequest } from './peer.ts';

/** Thrown when two contestants of a scenario do not send identical requests. */
export class RequestMismatchError extends Error {}

function describe(request: RecordedRequest): string[] {
  const lines = [`${request.method} ${request.url}`];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  }
  lines.push('', Buffer.from(request.body, 'base64').toString('utf8'));
  return lines;
}

/**
 * Makes one call per contestant, one at a time, and compares what the peer received.
 * @returns the number of calls made.
 * @throws RequestMismatchError naming the first differing line; Error when a call fails.
 */
export async function verifyIdenticalRequests(peer: Peer, scenario: Scenario): Promise<number> {
  let reference: { name: string; lines: string[] } | undefined;
  for (const contestant of scenario.contestants) {
    let succeeded: boolean;
    try {
      succeeded = await contestant.call();
    } catch (error) {
      throw new Error(`${scenario.key}: ${contestant.name}: the first call threw`, {
        cause: error,
      });
    }
    if (!succeeded) {
      throw new Error(`${scenario.key}: ${contestant.name}: the first answer was not a success`);
    }
    const request = await peer.lastRequest(scenario.route);
    if (request === null) throw new Error(`${scenario.key}: the peer server saw no request`);
    const lines = describe(request);
    if (reference === undefined) {
      reference = { name: contestant.name, lines };
      continue;
    }
    const expected = reference.lines;
    const at = Array.from({ length: Math.max(lines.length, expected.length) }).findIndex(
      (_, i) => lines[i] !== expected[i],
    );
    if (at !== -1) {
      throw new RequestMismatchError(
        `${scenario.key}: ${contestant.name} does not send what ${reference.name} sends ` +
          `(line ${at + 1}):\n  ${reference.name}: ${JSON.stringify(reference.lines[at])}\n` +
          `  ${contestant.name}: ${JSON.stringify(lines[at])}\n` +
          `full request of ${reference.name}:\n    ${reference.lines.join('\n    ')}`,
      );
    }
  }
  return scenario.contestants.length;
}
