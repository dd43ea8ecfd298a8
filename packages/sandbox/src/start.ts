import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRefusal } from './admin-access.js';
import { handleAdmin } from './admin.js';
import { DEFAULT_SEED } from './default-seed.js';
import { Faults } from './faults.js';
import { InFlight } from './in-flight.js';
import { InspectorEvents } from './inspector/events.js';
import { inspectorRoutes } from './inspector/routes.js';
import { InspectorSessions } from './inspector/sessions.js';
import { Ledger } from './ledger.js';
import { OrderBook } from './orders.js';
import type { ProviderHandler, SandboxContext, SandboxCredentials } from './provider.js';
import { KakacloProvider } from './providers/kakaclo.js';
import { KeetaProvider } from './providers/keeta.js';
import { KEETA_REFUND_WEBHOOK_STATUSES } from './providers/keeta-webhook.js';
import { ShoplazzaProvider } from './providers/shoplazza.js';
import { checkRateLimits, RateLimiter } from './rate-limit.js';
import { expand, MAX_REQUEST_LOG_SIZE, RequestLog } from './request-log.js';
import { toLogged } from './request-trace.js';
import type { Sandbox, SandboxOptions } from './sandbox.js';
import { handleRequest, PROVIDER_PREFIXES, type PipelineOptions } from './server.js';
import { compileOperations, loadSpec, type ProviderName, type Violation } from './spec.js';

/** Defaults, printed by the CLI: fixed, so a test or demo can hard-code them. */
export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  keeta: {
    appId: 123,
    appSecret: 'sandbox-keeta-app-secret',
    accessToken: 'sandbox-keeta-access-token',
  },
  shoplazza: { accessToken: 'sandbox-shoplazza-access-token' },
  kakaclo: { accessToken: 'sandbox-kakaclo-access-token' },
};

/**
 * Starts the sandbox on loopback and resolves once it listens.
 * @example
 * const sandbox = await startSandbox();
 * const kakaclo = createKakacloClient({ baseUrl: sandbox.baseUrls.kakaclo, ...sandbox.credentials.kakaclo });
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials: SandboxCredentials = {
    keeta: { ...DEFAULT_CREDENTIALS.keeta, ...options.credentials?.keeta },
    shoplazza: { ...DEFAULT_CREDENTIALS.shoplazza, ...options.credentials?.shoplazza },
    kakaclo: { ...DEFAULT_CREDENTIALS.kakaclo, ...options.credentials?.kakaclo },
  };
  const operations = {
    keeta: compileOperations('keeta', loadSpec('keeta')),
    shoplazza: compileOperations('shoplazza', loadSpec('shoplazza')),
    kakaclo: compileOperations('kakaclo', loadSpec('kakaclo')),
  };
  const rateLimits = checkRateLimits(options.rateLimits);
  const log = new RequestLog(checkRequestLogSize(options.requestLogSize));
  // Every configured credential value: masked wherever it appears in the log or the ledger.
  const secrets = [
    credentials.keeta.appSecret,
    credentials.keeta.accessToken,
    credentials.shoplazza.accessToken,
    credentials.kakaclo.accessToken,
    options.adminToken,
  ].filter((secret): secret is string => typeof secret === 'string' && secret !== '');
  const events = new InspectorEvents();
  const sessions = new InspectorSessions();
  const faults = new Faults(options.faultSeed ?? 1);
  if (options.faults) faults.add(options.faults);
  const now = options.clock ?? Date.now;
  const rateLimiter = new RateLimiter(rateLimits, () => now());

  let context!: SandboxContext;
  let handlers!: Record<ProviderName, ProviderHandler> & {
    kakaclo: KakacloProvider;
    keeta: KeetaProvider;
  };
  const build = () => {
    context = {
      orders: new OrderBook(options.seed ?? DEFAULT_SEED),
      ledger: new Ledger(secrets),
      now,
      credentials,
      keetaTimestampWindowSeconds: options.keetaTimestampWindowSeconds ?? 300,
      keetaSignatureBaseUrl: options.keetaSignatureBaseUrl,
      kakacloSettleAfterMs: options.kakacloSettleAfterMs,
      kakacloSettleStatus: options.kakacloSettleStatus ?? 'refund_successfully',
    };
    handlers = {
      keeta: new KeetaProvider(operations.keeta, context),
      shoplazza: new ShoplazzaProvider(operations.shoplazza, context),
      kakaclo: new KakacloProvider(operations.kakaclo, context),
    };
  };
  build();

  const inFlight = new InFlight();
  const sandbox: Omit<Sandbox, 'url' | 'baseUrls' | 'shoplazzaBaseUrl'> = {
    credentials,
    rateLimits,
    requests: (filter = {}) =>
      log
        .list()
        .filter(
          (r) =>
            (filter.provider === undefined || r.provider === filter.provider) &&
            (filter.orderId === undefined || r.orderId === filter.orderId) &&
            (filter.outcome === undefined || r.outcome === filter.outcome),
        )
        .map((r) => Object.freeze(expand(r))),
    stats: () => {
      const refused = rateLimiter.refused();
      return {
        rateLimited: { total: refused.keeta + refused.shoplazza + refused.kakaclo, ...refused },
      };
    },
    ledger: (filter) => {
      handlers.kakaclo.settleDue();
      return context.ledger.entries(filter);
    },
    orders: () => {
      handlers.kakaclo.settleDue();
      return context.orders.snapshot();
    },
    addFaults: (specs) => {
      faults.add(specs);
      events.changed('faults');
    },
    clearFaults: () => {
      faults.clear();
      events.changed('faults');
    },
    addOrder: (provider, order) => {
      context.orders.add(provider, order);
      events.changed('orders');
    },
    settleKakacloRefund: (refundNo, status) => {
      const settled = handlers.kakaclo.settle(refundNo, status);
      events.changed('ledger', 'orders');
      return settled;
    },
    keetaRefundWebhook: (afterSaleOrderId, outcome, webhookOptions) => {
      checkWebhookArguments(afterSaleOrderId, outcome, webhookOptions);
      const webhook = handlers.keeta.refundWebhook(afterSaleOrderId, outcome, webhookOptions.url);
      events.changed('ledger', 'orders');
      return webhook;
    },
    reset: () => {
      inFlight.cancelAll();
      faults.clear(options.faultSeed ?? 1);
      rateLimiter.reset();
      build();
      log.clear();
      events.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        inFlight.cancelAll();
        events.closeAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  const onAnswerViolation = (where: string, violations: Violation[]) => {
    const message = `sandbox answer breaks the spec (${where}): ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}`;
    if (options.onAnswerViolation === 'log') console.error(message);
    else throw new Error(message);
  };

  let requestCounter = 0;
  const pipeline: PipelineOptions = {
    handlers: () => handlers,
    faults,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    adminAccess: (req) =>
      adminRefusal(
        { peer: req.socket.remoteAddress, method: req.method ?? 'GET', headers: req.headers },
        { adminToken: options.adminToken, hasSession: (cookie) => sessions.has(cookie) },
      ),
    admin: async (request) => {
      const answer = await handleAdmin(request, { sandbox: full, faults, log });
      // A write through the API (the page's own fault buttons included): open pages refetch.
      if (request.method !== 'GET') events.changed('faults', 'ledger', 'orders');
      return answer;
    },
    inspector: inspectorRoutes({ events, sessions, adminToken: options.adminToken }),
    now,
    ledger: { size: () => context.ledger.size, idsSince: (size) => context.ledger.idsSince(size) },
    recordRequest:
      log.capacity === 0
        ? undefined
        : (trace) => {
            const record = log.add(toLogged(trace, secrets));
            if (record && events.listening) events.requestLogged(record);
          },
    onAnswerViolation,
    nextRequestId: () => `sbx_${++requestCounter}`,
    inFlight,
    rateLimiter,
  };
  const server: Server = createServer((req, res) => {
    handleRequest(pipeline, req, res).catch((error: unknown) => {
      if (res.headersSent) return void req.socket.destroy();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const shoplazzaBaseUrl = (shop: string) =>
    `${url}${PROVIDER_PREFIXES.shoplazza}/${encodeURIComponent(shop)}`;
  const full: Sandbox = {
    ...sandbox,
    url,
    shoplazzaBaseUrl,
    baseUrls: {
      keeta: `${url}${PROVIDER_PREFIXES.keeta}`,
      kakaclo: `${url}${PROVIDER_PREFIXES.kakaclo}`,
      shoplazza: shoplazzaBaseUrl('demo-store'),
    },
  };
  return full;
}

/** `requestLogSize`: an integer from 0 to {@link MAX_REQUEST_LOG_SIZE}, default 1000. */
function checkRequestLogSize(size: unknown): number {
  if (size === undefined) return 1000;
  if (
    typeof size !== 'number' ||
    !Number.isInteger(size) ||
    size < 0 ||
    size > MAX_REQUEST_LOG_SIZE
  ) {
    throw new TypeError(`requestLogSize: must be an integer from 0 to ${MAX_REQUEST_LOG_SIZE}`);
  }
  return size;
}

/** The arguments of `keetaRefundWebhook`, which may come from JSON (the admin API). */
function checkWebhookArguments(
  afterSaleOrderId: unknown,
  outcome: unknown,
  options: unknown,
): asserts options is { url: string } {
  if (typeof afterSaleOrderId !== 'string' || !/^\d{1,20}$/.test(afterSaleOrderId)) {
    throw new TypeError('afterSaleOrderId: must be a string of digits');
  }
  if (typeof outcome !== 'string' || !Object.hasOwn(KEETA_REFUND_WEBHOOK_STATUSES, outcome)) {
    throw new TypeError('outcome: must be succeeded or failed');
  }
  const url = (options as { url?: unknown } | null | undefined)?.url;
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+/i.test(url) || !URL.canParse(url)) {
    throw new TypeError('url: must be an absolute http(s) URL, the webhook URL that is signed');
  }
}
