import { currencyDecimals, fromMinorUnits, parseJson } from '@refundkit/http';
import { verifyKeetaSignature } from '@refundkit/keeta';
import { WebhookError } from '../../errors.js';
import type { RefundLine } from '../../request.js';
import type { RefundStatusEvent } from '../../webhook-event.js';

/**
 * Keeta's refund status codes in event 1007. Keeta does not publish them (protocols.md); these
 * are the values refundkit's sandbox sends. Confirm Keeta's with your Keeta contact and pass
 * them as `statuses`.
 */
export const KEETA_WEBHOOK_STATUSES: KeetaWebhookStatuses = {
  succeeded: [20],
  failed: [30],
  pending: [],
};

/** Which `status` codes of event 1007 mean which unified status. */
export interface KeetaWebhookStatuses {
  /** Codes that mean the refund went through (default `[20]`). */
  readonly succeeded: readonly number[];
  /** Codes that mean it was refused (default `[30]`). */
  readonly failed: readonly number[];
  /** Codes that mean it is still undecided (default none). */
  readonly pending: readonly number[];
}

/** What {@link verifyKeetaWebhook} needs. */
export interface KeetaWebhookOptions {
  /** The webhook URL exactly as registered with Keeta (the signature covers it). */
  readonly url: string;
  /** The app's AppSecret (never logged, never in an error). */
  readonly appSecret: string;
  /** Status codes; {@link KEETA_WEBHOOK_STATUSES} by default. */
  readonly statuses?: KeetaWebhookStatuses;
  /**
   * Refuse events whose signed `timestamp` is further than this from now (a replayed old
   * event). Off by default: Keeta does not say whether a redelivery keeps the original
   * timestamp, and a refused redelivery would leave a refund pending.
   */
  readonly maxAgeSeconds?: number;
  /** The clock for `maxAgeSeconds` (epoch ms), `Date.now` by default. */
  readonly clock?: () => number;
}

/**
 * Verifies Keeta's refund webhook (event 1007) and maps it to a {@link RefundStatusEvent}
 * for `refunds.applyWebhook`. The signature is checked first, over the raw body's parameters
 * (read losslessly, so ids above 2^53 keep their digits); no field is interpreted before it
 * passes.
 *
 * @param rawBody - the request body exactly as received (a string or bytes), not a parsed object.
 * @throws WebhookError: `signature` (forged, or another URL or secret), `shape` (not the
 *   documented fields), `status` (a code not in `statuses`). Nothing is changed by any of them.
 * @example
 * const event = await verifyKeetaWebhook(await request.text(), { url, appSecret });
 * await refunds.applyWebhook(event);
 */
export async function verifyKeetaWebhook(
  rawBody: string | Uint8Array,
  options: KeetaWebhookOptions,
): Promise<RefundStatusEvent> {
  let params: unknown;
  try {
    const text =
      typeof rawBody === 'string'
        ? rawBody
        : new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
    params = parseJson(text);
  } catch {
    throw new WebhookError('keeta', 'shape', 'the body is not UTF-8 JSON');
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new WebhookError('keeta', 'shape', 'the body is not a JSON object');
  }
  const body = params as Record<string, unknown>;
  const valid = await verifyKeetaSignature({
    url: options.url,
    params: body,
    appSecret: options.appSecret,
    sig: body['sig'],
  });
  if (!valid) {
    throw new WebhookError('keeta', 'signature', 'sig does not match the body, URL and app secret');
  }
  if (options.maxAgeSeconds !== undefined) {
    const timestamp = body['timestamp'];
    const now = (options.clock ?? Date.now)() / 1000;
    if (typeof timestamp !== 'number' || Math.abs(now - timestamp) > options.maxAgeSeconds) {
      throw new WebhookError(
        'keeta',
        'stale',
        `timestamp: more than ${options.maxAgeSeconds} s from now (a replayed event?)`,
      );
    }
  }
  const orderId = id(body, 'orderViewId');
  const shopId = id(body, 'shopId');
  const refundId = id(body, 'afterSaleOrderId');
  const code = body['status'];
  if (typeof code !== 'number')
    throw new WebhookError('keeta', 'shape', 'status: must be an integer');
  const statuses = options.statuses ?? KEETA_WEBHOOK_STATUSES;
  const status = statuses.succeeded.includes(code)
    ? 'succeeded'
    : statuses.failed.includes(code)
      ? 'failed'
      : statuses.pending.includes(code)
        ? 'pending'
        : undefined;
  if (status === undefined) {
    throw new WebhookError('keeta', 'status', `status: ${code} is not a known refund status code`);
  }
  const products = body['refundProducts'];
  if (!Array.isArray(products)) {
    throw new WebhookError('keeta', 'shape', 'refundProducts: must be an array');
  }
  const lines: RefundLine[] = products.map((product: unknown, index) => {
    if (product === null || typeof product !== 'object') {
      throw new WebhookError('keeta', 'shape', `refundProducts[${index}]: must be an object`);
    }
    const entry = product as Record<string, unknown>;
    const quantity = entry['refundCount'] ?? entry['count'];
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1) {
      throw new WebhookError(
        'keeta',
        'shape',
        `refundProducts[${index}].refundCount: must be a positive integer`,
      );
    }
    return { lineId: id(entry, 'orderProductId', `refundProducts[${index}].`), quantity };
  });
  const amount = money(body['money'], body['currency']);
  return {
    provider: 'keeta',
    orderKey: `keeta:${shopId}:${orderId}`,
    orderId,
    refundId,
    status,
    lines,
    ...(amount === undefined ? {} : { amount }),
    raw: { ...body, orderViewId: orderId, shopId, afterSaleOrderId: refundId, sig: undefined },
  };
}

function id(body: Record<string, unknown>, field: string, prefix = ''): string {
  const value = body[field];
  if (typeof value === 'bigint' && value > 0n) return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value)) return value;
  throw new WebhookError('keeta', 'shape', `${prefix}${field}: must be a positive integer id`);
}

/** Keeta's webhook `money` is an integer in minor units beside its `currency` (3620 HKD). */
function money(value: unknown, currency: unknown) {
  if (value === undefined || currency === undefined) return undefined;
  const decimals = typeof currency === 'string' ? currencyDecimals(currency) : undefined;
  const minor =
    typeof value === 'bigint'
      ? value
      : Number.isSafeInteger(value)
        ? BigInt(value as number)
        : undefined;
  if (decimals === undefined || minor === undefined || minor < 0n) {
    throw new WebhookError(
      'keeta',
      'shape',
      'money/currency: must be integer minor units and an ISO 4217 code',
    );
  }
  return { currency: (currency as string).toUpperCase(), amount: fromMinorUnits(minor, decimals) };
}
