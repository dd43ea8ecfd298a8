/**
 * The process the crash test kills: refund-core on a SQLite store, sending one refund to the
 * sandbox the parent started. It prints `SENDING` once the store holds the record in phase
 * `sending` (the checkpoint written, the provider about to be called), then waits for an
 * answer the sandbox holds back, and is killed (SIGKILL) before it arrives.
 *
 * Configuration: `CRASH_CHILD` (JSON: `CrashChildConfig`) in the environment.
 */
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { createRefunds, type IdempotencyStore, type RefundRequest } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { keetaAdapter } from '@refundkit/refund-core/keeta';
import { shoplazzaAdapter } from '@refundkit/refund-core/shoplazza';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import type { Sandbox } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';

/** What the parent passes. */
export interface CrashChildConfig {
  readonly dbPath: string;
  readonly leaseMs: number;
  readonly baseUrls: Sandbox['baseUrls'];
  readonly credentials: Sandbox['credentials'];
  readonly request: RefundRequest;
}

const config = JSON.parse(process.env['CRASH_CHILD'] ?? '') as CrashChildConfig;
const sqlite = new SqliteIdempotencyStore({ path: config.dbPath });

/** The SQLite store, telling the parent when the `sending` checkpoint is committed. */
const store: IdempotencyStore = new Proxy(sqlite, {
  get(target, property) {
    if (property === 'update') {
      return async (...args: Parameters<IdempotencyStore['update']>) => {
        const done = await target.update(...args);
        if (done && args[2].phase === 'sending') process.stdout.write('SENDING\n');
        return done;
      };
    }
    const value: unknown = Reflect.get(target, property);
    return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
  },
});

const refunds = createRefunds({
  providers: {
    keeta: keetaAdapter(
      createKeetaClient({ baseUrl: config.baseUrls.keeta, ...config.credentials.keeta }),
    ),
    shoplazza: shoplazzaAdapter(
      createShoplazzaClient({
        baseUrl: config.baseUrls.shoplazza,
        accessToken: config.credentials.shoplazza.accessToken,
      }),
    ),
    kakaclo: kakacloAdapter(
      createKakacloClient({ baseUrl: config.baseUrls.kakaclo, ...config.credentials.kakaclo }),
    ),
  },
  store,
  leaseMs: config.leaseMs,
});

// Killed before this returns; if it ever does, the parent sees RESULT and fails the test.
const result = await refunds.refund(config.request);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
