/**
 * The demo (`pnpm demo`, the last step of `bash scripts/setup`): starts the sandbox in this
 * process, tells the story (story.ts) through refund-core, stops everything, and exits 0
 * only if every step behaved as expected. `--postgres`: the same with the PostgreSQL store
 * on an embedded server, started here and deleted at the end (on failure and Ctrl-C too).
 */
import { parseArgs } from 'node:util';
import type { IdempotencyStore } from '@refundkit/refund-core';
import { startSandbox } from '@refundkit/sandbox';
import { PostgresIdempotencyStore } from '@refundkit/store-postgres';
import pg from 'pg';
import { colorWanted } from './output.ts';
import { startPostgres } from './postgres.ts';
import { runStory } from './story.ts';

const USAGE = `usage: pnpm demo [--postgres]
  --postgres  keep refund-core's idempotency records in PostgreSQL (an embedded server,
              started for the demo and deleted after it) instead of in memory
`;

/** What to stop at the end, last started first. */
const cleanups: (() => Promise<unknown>)[] = [];

let cleaning: Promise<void> | undefined;

/** Stops everything, once: a Ctrl-C and the end of main() wait for the same cleanup. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`demo: cleaning up failed: ${String(error)}\n`);
      }
    }
  })();
  return cleaning;
}

async function main(): Promise<number> {
  let postgres: boolean;
  try {
    const { values } = parseArgs({
      options: { postgres: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    postgres = values.postgres ?? false;
  } catch (error) {
    process.stderr.write(
      `demo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return 2;
  }
  const started = performance.now();
  const isTTY = process.stdout.isTTY;
  const color = colorWanted(process.env, isTTY);
  const sandbox = await startSandbox();
  cleanups.push(() => sandbox.close());
  let store: IdempotencyStore | undefined;
  if (postgres) {
    // Registered before it is up, so a Ctrl-C during the start still stops it and deletes it.
    const starting = startPostgres();
    cleanups.push(async () => (await starting.catch(() => undefined))?.stop());
    const server = await starting;
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    // An idle connection dropped at shutdown must not crash the demo.
    pool.on('error', () => undefined);
    cleanups.push(() => pool.end());
    const postgresStore = new PostgresIdempotencyStore({ pool });
    await postgresStore.migrate();
    store = postgresStore;
    process.stdout.write(
      `PostgreSQL: an embedded server on ${server.address}, tables created by migrate();\n` +
        `its data (${server.dir}) is deleted at the end.\n\n`,
    );
  }
  const result = await runStory({ sandbox, ...(store ? { store } : {}), color, tty: isTTY });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`done in ${seconds} s\n`);
  return result.ok ? 0 : 1;
}

/** The signal that stopped the demo: what fails after it (a query to the stopped server) is no news. */
const stop: { signal?: 'SIGINT' | 'SIGTERM' } = {};

// Ctrl-C: stop the servers (and delete PostgreSQL's data) before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stop.signal = signal;
    process.stderr.write(`\ndemo: ${signal}, stopping\n`);
    void cleanUp().finally(() => process.exit(exitCodeOf(signal)));
  });
}

// A reader that stops reading (`pnpm demo | head`): stop quietly, and clean up all the same.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  void cleanUp().finally(() => process.exit(141));
});

let code = 1;
try {
  code = await main();
} catch (error) {
  if (stop.signal === undefined) {
    process.stderr.write(
      `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
} finally {
  await cleanUp();
}
// Explicitly, so no handle left open by a dependency keeps the demo alive. Standard output is
// written synchronously to files and pipes on Linux, so nothing is cut short.
process.exit(stop.signal === undefined ? code : exitCodeOf(stop.signal));

/** 128 + the signal's number, as a shell reports it. */
function exitCodeOf(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}
