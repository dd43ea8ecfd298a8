/**
 * The process the SIGSTOP test pauses: refund-core on a shared store (SQLite file or
 * PostgreSQL), sending one KakaClo refund to the sandbox the parent started. It prints
 * `SENDING` once the `sending` checkpoint is stored, then every store transition it makes
 * and what the store answered (`STORE {"method":…,"done":…}`), and finally its own result
 * (`RESULT …`) or error (`ERROR …`). The parent stops it (SIGSTOP) while the sandbox holds
 * its request, lets another instance take the record over, and resumes it (SIGCONT).
 *
 * Configuration: `SIGSTOP_CHILD` (JSON: `SigstopChildConfig`) in the environment.
 */
import { createKakacloClient } from '@refundkit/kakaclo';
import { createRefunds, type IdempotencyStore, type RefundRequest } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import type { Sandbox } from '@refundkit/sandbox';
import { PostgresIdempotencyStore } from '@refundkit/store-postgres';

/** What the parent passes. */
export interface SigstopChildConfig {
  readonly store: { readonly sqlite: string } | { readonly postgres: string };
  readonly leaseMs: number;
  readonly baseUrls: Sandbox['baseUrls'];
  readonly credentials: Sandbox['credentials'];
  readonly request: RefundRequest;
}

/** One `STORE` line. */
export interface StoreCall {
  readonly method: 'update' | 'complete' | 'release' | 'takeOver';
  readonly phase?: string;
  readonly done: boolean;
}

const config = JSON.parse(process.env['SIGSTOP_CHILD'] ?? '') as SigstopChildConfig;
const inner: IdempotencyStore =
  'sqlite' in config.store
    ? new SqliteIdempotencyStore({ path: config.store.sqlite })
    : new PostgresIdempotencyStore({ connectionString: config.store.postgres });

const print = (call: StoreCall) => process.stdout.write(`STORE ${JSON.stringify(call)}\n`);

/** The store, printing each transition and its answer. */
const store: IdempotencyStore = new Proxy(inner, {
  get(target, property) {
    if (property === 'update') {
      return async (...args: Parameters<IdempotencyStore['update']>) => {
        const done = await target.update(...args);
        print({ method: 'update', ...(args[2].phase ? { phase: args[2].phase } : {}), done });
        if (done && args[2].phase === 'sending') process.stdout.write('SENDING\n');
        return done;
      };
    }
    if (property === 'complete' || property === 'release') {
      return async (key: string, owner: string, result?: string) => {
        const done =
          property === 'complete'
            ? await target.complete(key, owner, result ?? '')
            : await target.release(key, owner);
        print({ method: property, done });
        return done;
      };
    }
    if (property === 'takeOver') {
      return async (...args: Parameters<IdempotencyStore['takeOver']>) => {
        const taken = await target.takeOver(...args);
        print({ method: 'takeOver', done: taken !== undefined });
        return taken;
      };
    }
    const value: unknown = Reflect.get(target, property);
    return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
  },
});

const refunds = createRefunds({
  providers: {
    kakaclo: kakacloAdapter(
      createKakacloClient({
        baseUrl: config.baseUrls.kakaclo,
        ...config.credentials.kakaclo,
        // Longer than the pause: the answer held by the sandbox is read after SIGCONT.
        timeoutMs: 30_000,
      }),
    ),
  },
  store,
  leaseMs: config.leaseMs,
  rateLimits: { kakaclo: false },
});

try {
  const result = await refunds.refund(config.request);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} catch (error) {
  process.stdout.write(`ERROR ${error instanceof Error ? error.name : String(error)}\n`);
} finally {
  await inner.close?.();
}
