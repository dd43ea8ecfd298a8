import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin.js';
import { DEFAULT_SEED } from './default-seed.js';
import { Faults, type FaultSpec } from './faults.js';
import { Ledger, type LedgerEntry } from './ledger.js';
import { OrderBook, type Seed } from './orders.js';
import type { ProviderHandler, SandboxContext, SandboxCredentials } from './provider.js';
import { KakacloProvider } from './providers/kakaclo.js';
import { KeetaProvider } from './providers/keeta.js';
import { ShoplazzaProvider } from './providers/shoplazza.js';
import { handleRequest, PROVIDER_PREFIXES } from './server.js';
import { compileOperations, loadSpec, type ProviderName, type Violation } from './spec.js';

/** Options of {@link startSandbox}; every one has a default. */
export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** The orders to serve. Default: {@link DEFAULT_SEED}. */
  seed?: Seed;
  /** Credentials to accept; unspecified ones keep their defaults. */
  credentials?: { [P in ProviderName]?: Partial<SandboxCredentials[P]> };
  /** Faults active from the start. */
  faults?: FaultSpec[];
  /** Seed of the random numbers behind probabilistic faults. Default 1. */
  faultSeed?: number;
  /** Sandbox clock in ms since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** Keeta: accepted distance of `timestamp` from the clock. Default 300 s. */
  keetaTimestampWindowSeconds?: number;
  /** Keeta: verify signatures against this base URL instead of the sandbox's own. */
  keetaSignatureBaseUrl?: string;
  /** KakaClo: settle a refund this many ms after it was created. Default: only by admin call. */
  kakacloSettleAfterMs?: number;
  /** KakaClo: the status refunds settle to on their own. Default `refund_successfully`. */
  kakacloSettleStatus?: 'refund_successfully' | 'refund_failed';
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * What to do when one of the sandbox's own answers breaks the spec: `throw` (default, the
   * request fails with a 500 naming the violation) or `log`.
   */
  onAnswerViolation?: 'throw' | 'log';
}

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

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /**
   * The `baseUrl` to give each client. Shoplazza's takes the shop as a path segment:
   * `shoplazzaBaseUrl('demo-store')`.
   */
  readonly baseUrls: { keeta: string; kakaclo: string; shoplazza: string };
  /** Shoplazza's base URL for one shop. */
  shoplazzaBaseUrl(shop: string): string;
  /** The credentials it accepts. */
  readonly credentials: SandboxCredentials;
  /** Every refund applied, oldest first. */
  ledger(filter?: { provider?: ProviderName; orderId?: string; shop?: string }): LedgerEntry[];
  /** Adds fault rules. */
  addFaults(faults: FaultSpec[]): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Adds or replaces an order. @throws TypeError naming the bad field. */
  addOrder(provider: ProviderName, order: unknown): void;
  /** Settles a pending KakaClo refund. @returns false when none is pending under that number. */
  settleKakacloRefund(refundNo: string, status: 'refund_successfully' | 'refund_failed'): boolean;
  /** Back to the seed: orders restored, ledger and faults emptied. */
  reset(): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

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
  const faults = new Faults(options.faultSeed ?? 1);
  if (options.faults) faults.add(options.faults);

  let context!: SandboxContext;
  let handlers!: Record<ProviderName, ProviderHandler> & { kakaclo: KakacloProvider };
  const build = () => {
    context = {
      orders: new OrderBook(options.seed ?? DEFAULT_SEED),
      ledger: new Ledger(),
      now: options.clock ?? Date.now,
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

  const sandbox: Omit<Sandbox, 'url' | 'baseUrls' | 'shoplazzaBaseUrl'> = {
    credentials,
    ledger: (filter) => {
      handlers.kakaclo.settleDue();
      return context.ledger.entries(filter);
    },
    addFaults: (specs) => void faults.add(specs),
    clearFaults: () => faults.clear(),
    addOrder: (provider, order) => context.orders.add(provider, order),
    settleKakacloRefund: (refundNo, status) => handlers.kakaclo.settle(refundNo, status),
    reset: () => {
      faults.clear(options.faultSeed ?? 1);
      build();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  const onAnswerViolation = (where: string, violations: Violation[]) => {
    const message = `sandbox answer breaks the spec (${where}): ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}`;
    if (options.onAnswerViolation === 'log') console.error(message);
    else throw new Error(message);
  };

  const server: Server = createServer((req, res) => {
    handleRequest(
      {
        handlers,
        faults,
        maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
        admin: (request) => handleAdmin(request, { sandbox: full, faults }),
        onAnswerViolation,
      },
      req,
      res,
    ).catch((error: unknown) => {
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
