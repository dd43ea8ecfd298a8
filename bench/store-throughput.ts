/**
 * Throughput with 1, 2 and 4 processes on distinct orders (issue 13): each process runs its
 * own refund-core over one shared store (SQLite file, PostgreSQL on 127.0.0.1) against one
 * sandbox, whole-order KakaClo refunds of orders no other process touches, no faults, the
 * rate limiter off. Unlike the soak, this measures the store under contention-free load:
 * what several instances add when they do not compete for keys or orders.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goal, info } from './child.ts';
import type { Figure } from './figures.ts';
import { startPostgresServer } from './postgres.ts';
import { importPackage, repoRoot } from './resolve.ts';
import type { WorkerInput } from './store-throughput-worker.ts';

const testDir = join(repoRoot, 'test');
const worker = join(import.meta.dirname, 'store-throughput-worker.ts');

interface Sandbox {
  readonly baseUrls: { readonly kakaclo: string };
  readonly credentials: { readonly kakaclo: { readonly accessToken: string } };
  ledger(filter?: { provider?: string }): readonly unknown[];
  close(): Promise<void>;
}
interface SandboxModule {
  startSandbox: (options: { seed: unknown }) => Promise<Sandbox>;
}
interface WorkerOutput {
  readonly refunds: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

/** Runs `processes` workers on `orderIds` split evenly; resolves when all have reported. */
async function runWorkers(
  processes: number,
  sandbox: Sandbox,
  store: WorkerInput['store'],
  orderIds: readonly string[],
): Promise<WorkerOutput[]> {
  const children = Array.from({ length: processes }, (_, index) => {
    const input: WorkerInput = {
      baseUrl: sandbox.baseUrls.kakaclo,
      accessToken: sandbox.credentials.kakaclo.accessToken,
      store,
      orderIds: orderIds.filter((_, i) => i % processes === index),
    };
    const child = spawn(process.execPath, ['--no-warnings', worker, JSON.stringify(input)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      });
      child.on('exit', (code) => {
        if (!out.includes('ready\n')) reject(new Error(`worker exited with ${String(code)}`));
      });
    });
    const done = new Promise<WorkerOutput>((resolve, reject) => {
      child.on('exit', (code) => {
        const last = out.trim().split('\n').at(-1) ?? '';
        if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerOutput);
        else reject(new Error(`worker exited with ${String(code)}: ${last}`));
      });
    });
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  // All start together, so the slowest process's time is the batch's time.
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.done));
}

/**
 * Prints the table of `refunds` refunds per store and process count; `ok` is false when a
 * run failed or the ledger disagrees.
 */
export async function runDistinctOrderThroughput(
  refunds: number,
): Promise<{ ok: boolean; figures: Figure[] }> {
  const figures: Figure[] = [];
  const { startSandbox } = await importPackage<SandboxModule>('@refundkit/sandbox', testDir);
  console.log(
    `\nThroughput on distinct orders: ${refunds} whole-order KakaClo refunds split over P processes, one shared store, no faults, rate limiter off; refunds/s`,
  );
  console.log('store     processes  overall   per process');
  const server = await startPostgresServer();
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-throughput-'));
  let ok = true;
  try {
    for (const kind of ['sqlite', 'postgres'] as const) {
      for (const processes of [1, 2, 4]) {
        const orderIds = Array.from({ length: refunds }, (_, i) => String(900_000 + i));
        const sandbox = await startSandbox({
          seed: {
            kakaclo: {
              orders: orderIds.map((id) => ({
                id,
                currency: 'USD',
                shipped: false,
                items: [
                  {
                    itemId: `i${id}`,
                    skuCode: `S${id}`,
                    countryCode: 'CN',
                    quantity: 1,
                    unitPrice: '9.99',
                  },
                ],
              })),
            },
          },
        });
        const database = kind === 'postgres' ? await server.createDatabase() : undefined;
        try {
          let store: WorkerInput['store'];
          if (database) {
            store = { kind: 'postgres', url: database.url };
          } else {
            store = { kind: 'sqlite', path: join(dir, `p${processes}.sqlite`) };
          }
          const outputs = await runWorkers(processes, sandbox, store, orderIds);
          const total = outputs.reduce((sum, o) => sum + o.refunds, 0);
          const failed = outputs.reduce((sum, o) => sum + o.failed, 0);
          const slowest = Math.max(...outputs.map((o) => o.elapsedMs));
          const entries = sandbox.ledger({ provider: 'kakaclo' }).length;
          const healthy = failed === 0 && entries === refunds && total === refunds;
          if (!healthy) ok = false;
          const prefix = `throughput on distinct orders: ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${processes} process${processes === 1 ? '' : 'es'}`;
          figures.push(
            info(`${prefix}: overall`, Math.round((total / slowest) * 1000), 'refunds/s'),
            ...outputs.map((o, i) =>
              info(
                `${prefix}: process ${i + 1}`,
                Math.round((o.refunds / o.elapsedMs) * 1000),
                'refunds/s',
              ),
            ),
            goal(
              `${prefix}: refunds not pending or ledger entries missing`,
              failed + Math.abs(refunds - entries),
              'refunds',
              '= 0',
              healthy,
            ),
          );
          console.log(
            `${kind.padEnd(10)}${String(processes).padEnd(11)}${((total / slowest) * 1000).toFixed(0).padEnd(10)}${outputs
              .map((o) => ((o.refunds / o.elapsedMs) * 1000).toFixed(0))
              .join(
                ' / ',
              )}${healthy ? '' : `   FAILED: ${failed} not pending, ${entries} ledger entries`}`,
          );
        } finally {
          await sandbox.close();
          await database?.drop();
        }
      }
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { ok, figures };
}
