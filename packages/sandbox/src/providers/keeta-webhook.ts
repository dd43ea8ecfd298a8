import { stringifyJson } from '../json.js';
import { keetaSignature } from './keeta-sign.js';

/**
 * The `status` values of the sandbox's Keeta refund webhook (event 1007). Keeta does not
 * document its status codes (protocols.md), so these are the sandbox's own choice: a client
 * must map them in configuration, not trust them as Keeta's.
 */
export const KEETA_REFUND_WEBHOOK_STATUSES = {
  /** The refund was paid out. */
  succeeded: 20,
  /** The refund was turned down. */
  failed: 30,
} as const;

/** How Keeta decided a partial refund. */
export type KeetaRefundOutcome = keyof typeof KEETA_REFUND_WEBHOOK_STATUSES;

/** A webhook as Keeta would POST it: the raw JSON body and its headers. */
export interface KeetaWebhook {
  /** The raw JSON text (ids beyond 2^53 as bare digits): verify it as received. */
  body: string;
  /** The headers Keeta sends with it. */
  headers: {
    /** Always JSON. */
    'content-type': 'application/json';
  };
}

/** Thrown by `keetaRefundWebhook` for an `afterSaleOrderId` the sandbox never handed out. */
export class UnknownRefundError extends Error {
  /** The class name, for logs and `instanceof`-free checks. */
  override readonly name = 'UnknownRefundError';
}

/** Thrown by `keetaRefundWebhook` when the refund was already settled with the other outcome. */
export class RefundAlreadySettledError extends Error {
  /** The class name, for logs and `instanceof`-free checks. */
  override readonly name = 'RefundAlreadySettledError';
}

/** A Keeta refund the sandbox applied, as the webhook reports it. */
export interface KeetaRefundRecord {
  afterSaleOrderId: bigint;
  orderViewId: string;
  shopId: string;
  currency: string;
  /** Total in minor units. */
  moneyMinor: bigint;
  lines: readonly { orderProductId: string; refundCount: number }[];
  /** The `partRefundReason` sent with the apply (`''` when none). */
  applyReason: string;
  /** Set once a webhook settled it: the outcome and the event's unsigned parameters. */
  settled?: { outcome: KeetaRefundOutcome; params: Record<string, unknown> };
}

/**
 * The parameters of event 1007 (`partialProductRefundStatusChangeNotification`) for a refund
 * decided at `nowMs`, common parameters included, `sig` not yet: ids as JSON integers
 * (bigint beyond 2^53), `money` in minor units with its `currency`, `opTime` in ms and
 * `timestamp` in seconds. `handleReason` is the sandbox's text (Keeta documents none).
 */
export function refundEventParams(
  record: KeetaRefundRecord,
  outcome: KeetaRefundOutcome,
  appId: number,
  nowMs: number,
): Record<string, unknown> {
  return {
    appId,
    timestamp: Math.floor(nowMs / 1000),
    orderViewId: jsonInteger(record.orderViewId),
    shopId: jsonInteger(record.shopId),
    status: KEETA_REFUND_WEBHOOK_STATUSES[outcome],
    afterSaleOrderId: jsonInteger(String(record.afterSaleOrderId)),
    money: jsonInteger(String(record.moneyMinor)),
    currency: record.currency,
    applyReason: record.applyReason,
    handleReason: outcome === 'succeeded' ? '' : 'Refund rejected (sandbox)',
    opTime: Math.floor(nowMs),
    refundProducts: record.lines.map((line) => ({
      orderProductId: jsonInteger(line.orderProductId),
      refundCount: line.refundCount,
    })),
  };
}

/** The event signed over `url` (the receiver's webhook URL, exactly as given) as raw JSON. */
export function signedWebhook(
  params: Record<string, unknown>,
  url: string,
  appSecret: string,
): KeetaWebhook {
  const sig = keetaSignature(url, params, appSecret);
  return {
    body: stringifyJson({ ...params, sig }),
    headers: { 'content-type': 'application/json' },
  };
}

/** A decimal id as a JSON integer: a number while exact, a bigint beyond 2^53. */
export function jsonInteger(digits: string): number | bigint {
  const value = BigInt(digits);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
