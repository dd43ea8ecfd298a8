/**
 * The peer server, run in its own process (forked by peer.ts) so its work does not share the
 * contestants' event loop. A plain `node:http` server on 127.0.0.1 with keep-alive that answers
 * each benchmarked route with the provider's documented success body (fixtures.ts). It checks
 * nothing (no signature, no schema: the benchmark is about client overhead), but counts the
 * requests of each route and keeps the last one, so the parent can prove every contestant
 * sent the same bytes and that no call was sent twice.
 *
 * IPC: sends `{ type: 'ready', port }`; answers `{ id, type: 'last', route }` with the last
 * request of that route and `{ id, type: 'counts' }` with the request counts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFixtures } from './fixtures.ts';

/** A request as the peer received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names and values in wire order, names as sent. */
  rawHeaders: string[];
  /** The body, base64. */
  body: string;
}

/** What the parent can ask. */
export type PeerQuestion = { type: 'last'; route: string } | { type: 'counts' };

/** Parent → peer: a question and the id its reply carries. */
export type PeerCommand = PeerQuestion & { id: number };

/** Peer → parent. */
export type PeerReply =
  | { type: 'ready'; port: number }
  | { id: number; type: 'last'; request: RecordedRequest | null }
  | { id: number; type: 'counts'; counts: Record<string, number> };

/** Replies to the parent; forked with an IPC channel, so `process.send` exists. */
function send(reply: PeerReply): void {
  if (!process.send) throw new Error('peer-server.ts must be started by peer.ts (fork, with IPC)');
  process.send(reply);
}

/**
 * Each route matches its spec path with any value in the path parameters: the client
 * scenarios send the examples' ids, refund-core's scenarios a distinct order per refund.
 */
const routes = loadFixtures().map((f) => ({
  key: f.key,
  method: f.method.toUpperCase(),
  pattern: new RegExp(`^/${f.provider}${f.specPath.replace(/\{\w+\}/g, '[^/?]+')}(?:\\?.*)?$`),
  answer: Buffer.from(JSON.stringify(f.answer)),
}));
const routeOf = (method: string | undefined, url: string | undefined) =>
  routes.find((r) => r.method === method && r.pattern.test(url ?? ''));
const counts: Record<string, number> = { unmatched: 0 };
const last = new Map<
  string,
  { method: string; url: string; rawHeaders: string[]; body: Buffer[] }
>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const route = routeOf(request.method, request.url);
    const key = route?.key ?? 'unmatched';
    counts[key] = (counts[key] ?? 0) + 1;
    // Keeping references is cheap; the body is joined only when the parent asks.
    last.set(key, {
      method: request.method ?? '',
      url: request.url ?? '',
      rawHeaders: request.rawHeaders,
      body: chunks,
    });
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'application/json',
        'content-length': route.answer.byteLength,
      })
      .end(route.answer);
  });
});
// Idle sockets between rounds must survive: the client pool keeps them for its own timeout.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;

process.on('message', (command: PeerCommand) => {
  if (command.type === 'counts') {
    send({ id: command.id, type: 'counts', counts });
  } else {
    const seen = last.get(command.route);
    const request = seen && {
      method: seen.method,
      url: seen.url,
      rawHeaders: seen.rawHeaders,
      body: Buffer.concat(seen.body).toString('base64'),
    };
    send({ id: command.id, type: 'last', request: request ?? null });
  }
});
// The parent going away (even killed) closes the IPC channel: stop with it.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'ready', port });
});
