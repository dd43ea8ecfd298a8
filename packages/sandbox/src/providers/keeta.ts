import { createHash, timingSafeEqual } from 'node:crypto';
import { formatAmount, toMinor } from '../money.js';
import { keetaSignature } from './keeta-sign.js';
import {
  jsonInteger,
  refundEventParams,
  RefundAlreadySettledError,
  signedWebhook,
  UnknownRefundError,
  type KeetaRefundOutcome,
  type KeetaRefundRecord,
  type KeetaWebhook,
} from './keeta-webhook.js';
import type { KeetaOrder, KeetaProduct } from '../orders.js';
import type {
  ProviderAnswer,
  ProviderHandler,
  ProviderRequest,
  SandboxContext,
} from '../provider.js';
import type { SpecOperation, Violation } from '../spec.js';

/**
 * Keeta's success code (0) and the sandbox's own failure codes. Keeta publishes no table of
 * error codes (protocols.md), so these are fixed sandbox values; every failure is HTTP 200 with
 * `{code, message}` and the message names the field.
 */
export const KEETA_CODES = {
  /** Success. */
  success: 0,
  /** The body is not a JSON object, a field breaks the spec or a business rule on its value. */
  invalidParameter: 10001,
  /** `appId` or `accessToken` is not the configured one. */
  invalidCredentials: 10002,
  /** `sig` is not the signature of the request. */
  invalidSignature: 10003,
  /** `timestamp` is further from the sandbox clock than `keetaTimestampWindowSeconds`. */
  staleTimestamp: 10004,
  /** No such endpoint (path or method the spec does not document). */
  unknownEndpoint: 10005,
  /** No order with that `orderViewId` in that `shopId`. */
  orderNotFound: 20001,
  /** The order has no product with that `orderProductId`. */
  productNotFound: 20002,
  /** More units asked than bought minus already refunded. */
  notRefundable: 20003,
} as const;

/** First refund id handed out: the `afterSaleOrderId` of Keeta's refund webhook example. */
const FIRST_AFTER_SALE_ORDER_ID = 833441825390895n;

type Body = Record<string, unknown>;

interface RequestedProduct {
  orderProductId: unknown;
  refundCount: unknown;
}

interface RefundLine {
  product: KeetaProduct;
  /** Index of the product in the request (first occurrence), for messages. */
  index: number;
  quantity: number;
}

/**
 * Keeta: everything travels in a POST JSON body, authentication included (`appId`,
 * `accessToken`, `timestamp` in seconds and `sig`, a SHA-256 over the endpoint URL, the sorted
 * parameters and the AppSecret). HTTP 200 for every answer; `code` 0 is success. Ids are 64-bit
 * integers, matched exactly (bigint beyond 2^53). A partial refund is accepted at once and
 * recorded as `applied`; Keeta decides it asynchronously and reports by webhook event 1007,
 * which {@link KeetaProvider.refundWebhook} builds (and settles the refund with).
 */
export class KeetaProvider implements ProviderHandler {
  readonly name = 'keeta';
  #nextAfterSaleOrderId = FIRST_AFTER_SALE_ORDER_ID;
  /** Refunds applied, by `afterSaleOrderId` (digits), for their webhook. */
  readonly #refunds = new Map<string, KeetaRefundRecord>();

  constructor(
    readonly operations: readonly SpecOperation[],
    readonly context: SandboxContext,
  ) {}

  authenticate(request: ProviderRequest): ProviderAnswer | undefined {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return fail(
        KEETA_CODES.invalidParameter,
        body === undefined
          ? '(body): is required, a JSON object carrying appId, accessToken, timestamp and sig'
          : '(body): must be a JSON object carrying appId, accessToken, timestamp and sig',
      );
    }
    const params = body as Body;
    const credentials = this.context.credentials.keeta;

    const appId = params['appId'];
    if (appId === undefined) return fail(KEETA_CODES.invalidParameter, 'appId: is required');
    if (!isInteger(appId)) return fail(KEETA_CODES.invalidParameter, 'appId: must be an integer');
    if (String(appId) !== String(credentials.appId)) {
      return fail(KEETA_CODES.invalidCredentials, `appId: unknown application ${String(appId)}`);
    }

    const accessToken = params['accessToken'];
    if (accessToken === undefined) {
      return fail(KEETA_CODES.invalidParameter, 'accessToken: is required');
    }
    if (typeof accessToken !== 'string') {
      return fail(KEETA_CODES.invalidParameter, 'accessToken: must be a string');
    }
    if (!constantTimeEqual(accessToken, credentials.accessToken)) {
      return fail(KEETA_CODES.invalidCredentials, 'accessToken: invalid or expired access token');
    }

    const timestamp = params['timestamp'];
    if (timestamp === undefined) {
      return fail(KEETA_CODES.invalidParameter, 'timestamp: is required');
    }
    if (!isInteger(timestamp)) {
      return fail(KEETA_CODES.invalidParameter, 'timestamp: must be an integer (Unix seconds)');
    }
    const windowSeconds = this.context.keetaTimestampWindowSeconds;
    const now = this.context.now();
    const skewMs = BigInt(timestamp) * 1000n - BigInt(Math.floor(now));
    if (skewMs > BigInt(windowSeconds) * 1000n || skewMs < -BigInt(windowSeconds) * 1000n) {
      return fail(
        KEETA_CODES.staleTimestamp,
        `timestamp: ${String(timestamp)} is more than ${windowSeconds} s from the server time ${Math.floor(now / 1000)}`,
      );
    }

    const sig = params['sig'];
    if (sig === undefined) return fail(KEETA_CODES.invalidParameter, 'sig: is required');
    if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) {
      return fail(
        KEETA_CODES.invalidSignature,
        'sig: must be the lowercase hex SHA-256 signature (64 characters)',
      );
    }
    const expected = keetaSignature(this.#signedUrl(request), params, credentials.appSecret);
    if (!timingSafeEqual(Buffer.from(sig, 'utf8'), Buffer.from(expected, 'utf8'))) {
      return fail(
        KEETA_CODES.invalidSignature,
        'sig: signature does not match the request (SHA-256 of URL?sorted params + AppSecret)',
      );
    }
    return undefined;
  }

  invalid(_request: ProviderRequest, violations: Violation[]): ProviderAnswer {
    return fail(KEETA_CODES.invalidParameter, describe(violations));
  }

  /** Keeta names the order in the body, `orderViewId` (a JSON integer, maybe beyond 2^53). */
  orderOf(request: ProviderRequest): string | undefined {
    const body = request.body as Record<string, unknown> | null | undefined;
    const id = typeof body === 'object' && body !== null ? body['orderViewId'] : undefined;
    return typeof id === 'bigint' || typeof id === 'number' || typeof id === 'string'
      ? String(id)
      : undefined;
  }

  unknownRoute(method: string, path: string): ProviderAnswer {
    return fail(KEETA_CODES.unknownEndpoint, `no such endpoint: ${method} ${path}`);
  }

  /**
   * Refusals the pipeline answers itself (faults, 413, 415) keep their HTTP status and carry
   * it as the `code` of Keeta's `{code, message}`: Keeta documents no codes for them.
   */
  errorBody(_operation: SpecOperation, status: number, message: string): unknown {
    return { code: status, message };
  }

  handle(request: ProviderRequest): ProviderAnswer {
    return request.operation.operationId === 'applyPartialRefund'
      ? this.#apply(request)
      : this.#preview(request);
  }

  /**
   * Keeta's decision on a refund, as webhook event 1007 signed over `url`. The first call
   * settles the refund (ledger `refund_successfully` / `refund_failed`; a failed refund gives
   * its units back to the order); a later call with the same outcome is a redelivery: the
   * same event (same `timestamp` and `opTime`, signed over the URL given), nothing changed.
   * @throws UnknownRefundError for an id the sandbox never handed out;
   *   RefundAlreadySettledError when it was settled with the other outcome.
   */
  refundWebhook(afterSaleOrderId: string, outcome: KeetaRefundOutcome, url: string): KeetaWebhook {
    const record = this.#refunds.get(afterSaleOrderId);
    if (record === undefined) {
      throw new UnknownRefundError(
        `afterSaleOrderId: no Keeta refund ${afterSaleOrderId} was applied in this sandbox`,
      );
    }
    const { appId, appSecret } = this.context.credentials.keeta;
    if (record.settled !== undefined) {
      if (record.settled.outcome !== outcome) {
        throw new RefundAlreadySettledError(
          `afterSaleOrderId: Keeta refund ${afterSaleOrderId} was already settled as ${record.settled.outcome}, not ${outcome}`,
        );
      }
      return signedWebhook(record.settled.params, url, appSecret);
    }
    const params = refundEventParams(record, outcome, appId, this.context.now());
    const webhook = signedWebhook(params, url, appSecret);
    record.settled = { outcome, params };
    const status = outcome === 'succeeded' ? 'refund_successfully' : 'refund_failed';
    this.context.ledger.settle(afterSaleOrderId, status, 'keeta');
    if (outcome === 'failed') {
      const order = this.context.orders.keeta.get(record.orderViewId);
      for (const line of record.lines) {
        const product = order?.products.find((p) => p.orderProductId === line.orderProductId);
        if (product) product.refunded = Math.max(0, (product.refunded ?? 0) - line.refundCount);
      }
    }
    return webhook;
  }

  /** The URL the client must have signed: the configured base, or the one it called. */
  #signedUrl(request: ProviderRequest): string {
    const template = request.operation.template;
    const configured = this.context.keetaSignatureBaseUrl;
    if (configured !== undefined) return configured.replace(/\/+$/, '') + template;
    const base = request.url.endsWith(template)
      ? request.url.slice(0, -template.length)
      : request.url;
    return base + template;
  }

  #apply(request: ProviderRequest): ProviderAnswer {
    const body = request.body as Body;
    const order = this.#order(body);
    if (!isOrder(order)) return order;
    const requested = body['products'] as RequestedProduct[];
    if (requested.length === 0) {
      return fail(KEETA_CODES.invalidParameter, 'products: must list at least one product');
    }
    const lines = this.#lines(order, requested, 1);
    if (!Array.isArray(lines)) return lines;

    let total = 0n;
    const ledgerLines = lines.map((line) => {
      const amountMinor = unitMinor(line.product, order.currency) * BigInt(line.quantity);
      total += amountMinor;
      return {
        lineId: line.product.orderProductId,
        quantity: line.quantity,
        amountMinor: String(amountMinor),
      };
    });
    const refundId = String(this.#nextAfterSaleOrderId);
    const reason = body['partRefundReason'];
    const record: KeetaRefundRecord = {
      afterSaleOrderId: this.#nextAfterSaleOrderId,
      orderViewId: order.orderViewId,
      shopId: order.shopId,
      currency: order.currency,
      moneyMinor: total,
      lines: lines.map((line) => ({
        orderProductId: line.product.orderProductId,
        refundCount: line.quantity,
      })),
      applyReason: typeof reason === 'string' ? reason : '',
    };
    // One step: the ledger builds its entry, then the units leave the order.
    this.context.ledger.record(
      {
        provider: 'keeta',
        operation: 'applyPartialRefund',
        orderId: order.orderViewId,
        refundId,
        lines: ledgerLines,
        amountMinor: String(total),
        amount: formatAmount(total, order.currency),
        currency: order.currency,
        status: 'applied',
        appliedAt: new Date(this.context.now()).toISOString(),
        requestId: request.requestId,
        request: { method: request.method, path: request.path, body },
      },
      () => {
        this.#nextAfterSaleOrderId++;
        for (const line of lines) {
          line.product.refunded = (line.product.refunded ?? 0) + line.quantity;
        }
        this.#refunds.set(refundId, record);
      },
    );
    // The spec documents no `data` for this endpoint: the answer is the bare envelope.
    return { status: 200, body: { code: KEETA_CODES.success, message: 'Success' } };
  }

  #preview(request: ProviderRequest): ProviderAnswer {
    const body = request.body as Body;
    const order = this.#order(body);
    if (!isOrder(order)) return order;
    const requested = body['products'] as RequestedProduct[] | undefined;

    let products: object[];
    if (requested === undefined || requested.length === 0) {
      // "If left empty, the API will return all products eligible for refund, with the refund
      // amount set to zero": refundCount carries how many units can still be refunded.
      products = order.products
        .filter((product) => refundable(product) > 0)
        .map((product) => previewProduct(order, product, refundable(product), 0n));
    } else {
      const lines = this.#lines(order, requested, 0);
      if (!Array.isArray(lines)) return lines;
      products = lines.map((line) =>
        previewProduct(
          order,
          line.product,
          line.quantity,
          unitMinor(line.product, order.currency) * BigInt(line.quantity),
        ),
      );
    }
    // Left out: refundType (values undocumented), choiceGroupList, associatedChoiceGroupList
    // and spec (the seed has none), promotionInfoList (no promotions), and data.refundPrice /
    // valuationRule (the page does not document refundPrice's fields).
    return {
      status: 200,
      body: { code: KEETA_CODES.success, message: 'Success', data: { products } },
    };
  }

  /** The order named by `orderViewId` in `shopId`, or the not-found answer. */
  #order(body: Body): Required<KeetaOrder> | ProviderAnswer {
    const orderViewId = String(body['orderViewId']);
    const shopId = String(body['shopId']);
    const order = this.context.orders.keeta.get(orderViewId);
    if (order?.shopId !== shopId) {
      return fail(
        KEETA_CODES.orderNotFound,
        `orderViewId: order ${orderViewId} not found in shop ${shopId}`,
      );
    }
    return order;
  }

  /**
   * Resolves the requested products, one line per distinct product (duplicates summed), and
   * checks each total against the units bought minus those already refunded.
   */
  #lines(
    order: Required<KeetaOrder>,
    requested: RequestedProduct[],
    minCount: 0 | 1,
  ): RefundLine[] | ProviderAnswer {
    const lines = new Map<string, RefundLine>();
    for (const [index, entry] of requested.entries()) {
      const field = `products[${index}]`;
      const productId = String(entry.orderProductId);
      const product = order.products.find((p) => p.orderProductId === productId);
      if (!product) {
        return fail(
          KEETA_CODES.productNotFound,
          `${field}.orderProductId: product ${productId} is not in order ${order.orderViewId}`,
        );
      }
      const count = BigInt(entry.refundCount as number | bigint);
      if (count < BigInt(minCount)) {
        return fail(
          KEETA_CODES.invalidParameter,
          `${field}.refundCount: must be at least ${minCount}, got ${String(count)}`,
        );
      }
      const line = lines.get(productId);
      const total = BigInt(line?.quantity ?? 0) + count;
      const left = refundable(product);
      if (total > BigInt(left)) {
        const asked = line ? `${String(total)} in total` : String(total);
        return fail(
          KEETA_CODES.notRefundable,
          `${field}.refundCount: ${asked} requested but only ${left} of product ${productId} can still be refunded (bought ${product.count}, refunded ${product.refunded ?? 0})`,
        );
      }
      if (line) line.quantity = Number(total);
      else lines.set(productId, { product, index, quantity: Number(total) });
    }
    return [...lines.values()];
  }
}

function previewProduct(
  order: Required<KeetaOrder>,
  product: KeetaProduct,
  refundCount: number,
  refundMinor: bigint,
): object {
  return {
    id: jsonInteger(product.orderProductId),
    spuId: jsonInteger(product.spuId),
    skuId: jsonInteger(product.skuId),
    count: product.count,
    price: money(unitMinor(product, order.currency), order.currency),
    name: product.name,
    refundCount,
    refundPrice: money(refundMinor, order.currency),
  };
}

/** `"SAR 24.00"`, the format of Keeta's `amountStr`. */
function money(minor: bigint, currency: string): string {
  return `${currency} ${formatAmount(minor, currency)}`;
}

function unitMinor(product: KeetaProduct, currency: string): bigint {
  // The order book checked unitPrice against the currency when the order was added.
  return toMinor(product.unitPrice, currency);
}

function refundable(product: KeetaProduct): number {
  return product.count - (product.refunded ?? 0);
}

function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
}

function isOrder(value: Required<KeetaOrder> | ProviderAnswer): value is Required<KeetaOrder> {
  return 'orderViewId' in value;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

function fail(code: number, message: string): ProviderAnswer {
  return { status: 200, body: { code, message } };
}

function describe(violations: Violation[]): string {
  return violations.map((v) => `${v.field}: ${v.message}`).join('; ');
}
