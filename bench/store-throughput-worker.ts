/**
 * One process of `store-throughput.ts`: its own refund-core over the shared store, whole-order
 * KakaClo refunds of its own orders against the shared sandbox, no faults. Prints `ready`,
 * waits for `go` on stdin, then one JSON line: how many refunds and how long they took.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IdempotencyStore, Refunds, RefundsOptions } from '@refundkit/refund-core';
import type { KakacloClient } from '@refundkit/kakaclo';
import { importPackage, manifest, packageDir, repoRoot } from './resolve.ts';

/** What the parent passes as argv[2] (JSON). */
export interface WorkerInput {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | { readonly kind: 'postgres'; readonly url: string };
  readonly orderIds: readonly string[];
}

const testDir = join(repoRoot, 'test');
const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;

const core = await importPackage<{ createRefunds: (options: RefundsOptions) => Refunds }>(
  '@refundkit/refund-core',
  testDir,
);
const subpath = async <T>(name: string, path: string): Promise<T> => {
  const dir = packageDir(name, testDir);
  const entry = (manifest(dir).exports as Record<string, { import: string }>)[path];
  if (entry === undefined) throw new Error(`${name} has no export ${path}`);
  return (await import(pathToFileURL(join(dir, entry.import)).href)) as T;
};
const { kakacloAdapter } = await subpath<{ kakacloAdapter: (client: KakacloClient) => never }>(
  '@refundkit/refund-core',
  './kakaclo',
);
const { createKakacloClient } = await importPackage<{
  createKakacloClient: (options: { baseUrl: string; accessToken: string }) => KakacloClient;
}>('@refundkit/kakaclo', testDir);

let store: IdempotencyStore;
if (input.store.kind === 'sqlite') {
  const { SqliteIdempotencyStore } = await subpath<{
    SqliteIdempotencyStore: new (options: { path: string }) => IdempotencyStore;
  }>('@refundkit/refund-core', './sqlite');
  store = new SqliteIdempotencyStore({ path: input.store.path });
} else {
  const { PostgresIdempotencyStore } = await importPackage<{
    PostgresIdempotencyStore: new (options: { connectionString: string }) => IdempotencyStore;
  }>('@refundkit/store-postgres', testDir);
  store = new PostgresIdempotencyStore({ connectionString: input.store.url });
}

const refunds = core.createRefunds({
  providers: {
    kakaclo: kakacloAdapter(
      createKakacloClient({ baseUrl: input.baseUrl, accessToken: input.accessToken }),
    ),
  },
  store,
  // Throughput of refund-core and the store, not of KakaClo's published rate.
  rateLimits: { kakaclo: false },
});

console.log('ready');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
const started = performance.now();
const items = await refunds.refundMany(
  input.orderIds.map((orderId) => ({
    provider: 'kakaclo' as const,
    idempotencyKey: `throughput-${orderId}`,
    orderId,
    wholeOrder: true as const,
  })),
  { concurrency: 8 },
);
const elapsedMs = performance.now() - started;
await store.close?.();
const failed = items.filter((item) => !item.ok || item.result.status !== 'pending').length;
console.log(JSON.stringify({ refunds: items.length, failed, elapsedMs }));
lines.close();
