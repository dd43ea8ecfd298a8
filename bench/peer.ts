/**
 * The parent's handle on the peer server (peer-server.ts): forks it, learns its port, and
 * asks it over IPC for request counts and the last request of a route.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { PeerQuestion, PeerReply, RecordedRequest } from './peer-server.ts';

export type { RecordedRequest } from './peer-server.ts';

/** A running peer server. */
export interface Peer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Requests received per route key (fixture key, or `unmatched`). */
  counts(): Promise<Record<string, number>>;
  /** The last request received on a route, or null. */
  lastRequest(route: string): Promise<RecordedRequest | null>;
  stop(): Promise<void>;
}

/** Forks the peer server and waits until it listens. */
export async function startPeer(): Promise<Peer> {
  const child: ChildProcess = fork(new URL('./peer-server.ts', import.meta.url), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: PeerReply) => void>();
  let nextId = 1;
  const port = await new Promise<number>((ready, fail) => {
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`peer server exited with ${code} before listening`)),
    );
    child.on('message', (reply: PeerReply) => {
      if (reply.type === 'ready') ready(reply.port);
      else pending.get(reply.id)?.(reply);
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', (code, signal) => {
    if (pending.size > 0) {
      console.error(`peer server exited (${code ?? signal}) with ${pending.size} questions open`);
    }
  });

  function ask(command: PeerQuestion): Promise<PeerReply> {
    const id = nextId++;
    return new Promise((answer) => {
      pending.set(id, (reply) => {
        pending.delete(id);
        answer(reply);
      });
      child.send({ ...command, id });
    });
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    async counts() {
      const reply = await ask({ type: 'counts' });
      if (reply.type !== 'counts') throw new Error('peer server: unexpected reply');
      return reply.counts;
    },
    async lastRequest(route) {
      const reply = await ask({ type: 'last', route });
      if (reply.type !== 'last') throw new Error('peer server: unexpected reply');
      return reply.request;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
