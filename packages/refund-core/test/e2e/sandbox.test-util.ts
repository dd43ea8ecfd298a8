/**
 * Wiring for the end-to-end tests: a real sandbox (one per test file, reset before each
 * test), the real clients pointed at it through a fetch wrapper that records every request
 * they send, the real adapters, and a fresh refund-core (in-memory store) per test.
 */
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { startSandbox, type Sandbox, type SandboxOptions } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { kakacloAdapter } from '../../src/adapters/kakaclo/index.js';
import { keetaAdapter } from '../../src/adapters/keeta/index.js';
import { shoplazzaAdapter } from '../../src/adapters/shoplazza/index.js';
import {
  createRefunds,
  type ProviderName,
  type RefundEvent,
  type Refunds,
  type RefundsOptions,
} from '../../src/index.js';

/** One request a client sent to the sandbox. */
export interface SentRequest {
  readonly provider: ProviderName;
  /** The sandbox's operation id (`refundOrder`, `applyPartialRefund`, `partialRefund`, …). */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
}

/** The refund writes, one per provider API: what must be sent at most once per key. */
const WRITES = new Set(['applyPartialRefund', 'partialRefund', 'refundOrder']);

/** Which provider operation a request is, from its method and path. */
function classify(method: string, path: string): SentRequest {
  const [, provider = ''] = /^\/(keeta|shoplazza|kakaclo)\//.exec(path) ?? [];
  let operation = 'other';
  if (path.endsWith('/order/refund/part/apply')) operation = 'applyPartialRefund';
  else if (path.endsWith('/order/refund/part/products/preview')) operation = 'previewPartialRefund';
  else if (/\/openapi\/2022-01\/orders\/[^/]+\/partial_refund$/.test(path))
    operation = 'partialRefund';
  else if (/\/openapi\/2024-07\/orders\/[^/]+\/refund$/.test(path)) operation = 'refundOrder';
  else if (/\/openapi\/v2\/order\/orders\/refund\/[^/]+$/.test(path)) operation = 'queryRefund';
  else if (method === 'POST' && /\/openapi\/v2\/order\/orders\/[^/]+\/refund$/.test(path)) {
    operation = 'refundOrder';
  }
  return { provider: provider as ProviderName, operation, method, path };
}

/** A `fetch` that records each request before passing it on to the real one. */
function recordingFetch(
  log: SentRequest[],
  onRequest: ((sent: SentRequest) => void) | undefined,
): typeof fetch {
  return (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const sent = classify(method, url.pathname);
    log.push(sent);
    onRequest?.(sent);
    return fetch(input, init);
  };
}

/** Starts a sandbox for the file (port 0), resets it before each test, closes it after. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ ...options, port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox?.reset();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox has not started');
    return sandbox;
  };
}

/** What a test works with. */
export interface World {
  readonly sandbox: Sandbox;
  readonly refunds: Refunds;
  /** Every request the clients sent, in order. */
  readonly requests: SentRequest[];
  /** What refund-core reported. */
  readonly events: RefundEvent[];
  /** How many refund writes were sent (to one provider, or to all). */
  writes(provider?: ProviderName): number;
}

/** Options of {@link wire}. */
export interface WireOptions {
  /** Each client's `timeoutMs` (the clients' default otherwise). */
  readonly timeoutMs?: number;
  /** Each client's `maxRetries` (the clients' default otherwise). */
  readonly maxRetries?: number;
  /** Called as each request leaves a client, before it is sent (to add faults mid-refund). */
  readonly onRequest?: (sent: SentRequest) => void;
  /** Passed to `createRefunds` (over the default providers). */
  readonly refunds?: Omit<RefundsOptions, 'providers'>;
}

/** Builds the three real clients, their adapters and a fresh refund-core over `sandbox`. */
export function wire(sandbox: Sandbox, options: WireOptions = {}): World {
  const requests: SentRequest[] = [];
  const events: RefundEvent[] = [];
  const http = {
    fetch: recordingFetch(requests, options.onRequest),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
  const refunds = createRefunds({
    ...options.refunds,
    providers: {
      keeta: keetaAdapter(
        createKeetaClient({
          baseUrl: sandbox.baseUrls.keeta,
          ...sandbox.credentials.keeta,
          ...http,
        }),
      ),
      shoplazza: shoplazzaAdapter(
        createShoplazzaClient({
          baseUrl: sandbox.baseUrls.shoplazza,
          accessToken: sandbox.credentials.shoplazza.accessToken,
          ...http,
        }),
      ),
      kakaclo: kakacloAdapter(
        createKakacloClient({
          baseUrl: sandbox.baseUrls.kakaclo,
          ...sandbox.credentials.kakaclo,
          ...http,
        }),
      ),
    },
    logger: (event) => {
      events.push(event);
      options.refunds?.logger?.(event);
    },
  });
  return {
    sandbox,
    refunds,
    requests,
    events,
    writes: (provider) =>
      requests.filter(
        (r) => WRITES.has(r.operation) && (provider === undefined || r.provider === provider),
      ).length,
  };
}

/** The sandbox's default Keeta order and shop (seeded by `DEFAULT_SEED`). */
export const KEETA_ORDER = { orderId: '756823555555859', shopId: '466663' } as const;
/** Chicken burger (3 units, SAR 24.00) and Fries (1 unit) of {@link KEETA_ORDER}. */
export const KEETA_LINES = { burger: '1234534224', fries: '1234534225' } as const;
/** The sandbox's default Shoplazza order (USD, shipping 10.00) in `demo-store`. */
export const SHOPLAZZA_ORDER = '1232123';
/** Its lines: the linen shirt (2 × 81.00) and the canvas tote (3 × 35.00, 1 unshipped). */
export const SHOPLAZZA_LINES = {
  shirt: '31d95f28-baf0-47c9-ad53-dbf3833f1b85',
  tote: 'LI123',
} as const;
/** KakaClo's unshipped USD order with items 120001 (2 units) and 120002 (3 units). */
export const KAKACLO_ORDER = '10001';
/** KakaClo's unshipped KWD order (one item, 2 units): for whole-order refunds. */
export const KAKACLO_WHOLE_ORDER = '10004';
