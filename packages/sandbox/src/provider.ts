import type { Ledger } from './ledger.js';
import type { OrderBook } from './orders.js';
import type { ProviderName, SpecOperation, Violation } from './spec.js';

/** A request as a provider handler sees it, after routing and JSON parsing. */
export interface ProviderRequest {
  /** The sandbox's id of this request (`sbx_12`), its `x-request-id` and request-log id. */
  requestId: string;
  operation: SpecOperation;
  pathParams: Record<string, string>;
  /** The parsed body (integers beyond 2^53 as `bigint`); `undefined` when there was none. */
  body: unknown;
  /** Request headers, lower-cased names (Node's `IncomingHttpHeaders`, without the Node types). */
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** The path as received, prefix included (for the ledger). */
  path: string;
  /** The URL as the client addressed it (Host header + path): what Keeta signs. */
  url: string;
  /** Shoplazza: the shop segment of the path, as received (not decoded, not yet checked). */
  shop?: string;
}

/** An answer: status, JSON body, extra headers. */
export interface ProviderAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The credentials the sandbox accepts. */
export interface SandboxCredentials {
  /** Keeta's, all in the signed JSON body. */
  keeta: {
    /** `appId`. */
    appId: number;
    /** The app secret: the key of the `sig` (never sent itself). */
    appSecret: string;
    /** `accessToken`. */
    accessToken: string;
  };
  /** Shoplazza's. */
  shoplazza: {
    /** The `access-token` header. */
    accessToken: string;
  };
  /** KakaClo's. */
  kakaclo: {
    /** The `Authorization: Bearer` token. */
    accessToken: string;
  };
}

/** What every provider handler shares: state, ledger, clock and settings. */
export interface SandboxContext {
  orders: OrderBook;
  ledger: Ledger;
  /** Sandbox clock in ms since the epoch. */
  now(): number;
  credentials: SandboxCredentials;
  /** Keeta: how far `timestamp` may be from the clock, in seconds. */
  keetaTimestampWindowSeconds: number;
  /** Keeta: verify `sig` against this base URL instead of the one the request arrived at. */
  keetaSignatureBaseUrl: string | undefined;
  /** KakaClo: a refund settles this long after it was created (`undefined`: only by admin call). */
  kakacloSettleAfterMs: number | undefined;
  /** KakaClo: the status a refund settles to on its own. */
  kakacloSettleStatus: 'refund_successfully' | 'refund_failed';
}

/** One provider's wire conventions and business rules. */
export interface ProviderHandler {
  readonly name: ProviderName;
  readonly operations: readonly SpecOperation[];
  /** Auth and protocol checks before schema validation; an answer refuses the request. */
  authenticate(request: ProviderRequest): ProviderAnswer | undefined;
  /** This provider's answer to a body that is not JSON or breaks the spec, naming the field. */
  invalid(request: ProviderRequest, violations: Violation[]): ProviderAnswer;
  /** This provider's answer to a path or method the spec does not document. */
  unknownRoute(method: string, path: string): ProviderAnswer;
  /**
   * The order a request is about (a path parameter or a body field, per provider), for the
   * request log; `undefined` when it names none (KakaClo's refund query) or not readably.
   */
  orderOf(request: ProviderRequest): string | undefined;
  /** The operation itself: may change orders and record refunds in the ledger. */
  handle(request: ProviderRequest): ProviderAnswer;
  /**
   * The body of a refusal the pipeline itself answers with `status` (a 429 or 5xx fault, 413
   * too large, 415 not JSON) in this provider's error style, so a client's error parsing is
   * exercised there too.
   */
  errorBody(operation: SpecOperation, status: number, message: string): unknown;
}
