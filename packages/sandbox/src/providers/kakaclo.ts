import { formatAmount, toMinor } from '../money.js';
import type { KakacloOrder } from '../orders.js';
import type {
  ProviderAnswer,
  ProviderHandler,
  ProviderRequest,
  SandboxContext,
} from '../provider.js';
import type { SpecOperation, Violation } from '../spec.js';

/** KakaClo's success code; the sandbox's failure codes are its own (KakaClo documents none). */
export const KAKACLO_CODES = {
  /** Success (KakaClo's documented code). */
  success: 10000,
  /** The body breaks the spec or a rule on a field (the message names it). */
  invalidParameter: 40000,
  /** A missing or wrong bearer token (HTTP 401). */
  unauthorized: 40100,
  /** No such order, item, refund or endpoint. */
  notFound: 40400,
  /** The order has shipped, or nothing of it is left to refund. */
  notRefundable: 40900,
} as const;

type RefundStatus = 'pending_review' | 'refund_successfully' | 'refund_failed';

interface KakacloRefund {
  refundNo: bigint;
  orderId: string;
  status: RefundStatus;
  createdAt: number;
  remark: string | undefined;
}

/** First refund number handed out: 19 digits, above 2^53, as in KakaClo's example. */
const FIRST_REFUND_NO = 1560897343230267394n;

/**
 * KakaClo: bearer token, `{code, message, data}` envelope with `code` 10000 on success (HTTP
 * 200 for business failures too), refunds of unshipped orders only, settled asynchronously:
 * a refund starts `pending_review` and settles after `kakacloSettleAfterMs` or on an admin
 * call. Refund ids are 19-digit integers, sent as bare JSON numbers, so a client that parses
 * with `JSON.parse` loses digits.
 */
export class KakacloProvider implements ProviderHandler {
  readonly name = 'kakaclo';
  readonly #refunds = new Map<string, KakacloRefund>();
  #nextRefundNo = FIRST_REFUND_NO;

  constructor(
    readonly operations: readonly SpecOperation[],
    readonly context: SandboxContext,
  ) {}

  authenticate(request: ProviderRequest): ProviderAnswer | undefined {
    const expected = `Bearer ${this.context.credentials.kakaclo.accessToken}`;
    if (request.headers.authorization === expected) return undefined;
    return fail(
      KAKACLO_CODES.unauthorized,
      request.headers.authorization
        ? 'invalid access token'
        : 'missing Authorization: Bearer token',
      401,
    );
  }

  invalid(_request: ProviderRequest, violations: Violation[]): ProviderAnswer {
    return fail(KAKACLO_CODES.invalidParameter, describe(violations));
  }

  /** `refundOrder` names its order in the path; `queryRefund`'s `{id}` is a refund number. */
  orderOf(request: ProviderRequest): string | undefined {
    return request.operation.operationId === 'refundOrder' ? request.pathParams['id'] : undefined;
  }

  unknownRoute(method: string, path: string): ProviderAnswer {
    return fail(KAKACLO_CODES.notFound, `no such endpoint: ${method} ${path}`, 404);
  }

  /** Refusals the pipeline answers itself (faults, 413, 415): the status as `code`. */
  errorBody(_operation: SpecOperation, status: number, message: string): unknown {
    return { code: status, message };
  }

  handle(request: ProviderRequest): ProviderAnswer {
    this.settleDue();
    return request.operation.operationId === 'refundOrder'
      ? this.#refund(request)
      : this.#query(request);
  }

  /** Settles the pending refunds whose delay has passed. */
  settleDue(): void {
    const delay = this.context.kakacloSettleAfterMs;
    if (delay === undefined) return;
    for (const refund of this.#refunds.values()) {
      if (refund.status === 'pending_review' && this.context.now() - refund.createdAt >= delay) {
        this.settle(String(refund.refundNo), this.context.kakacloSettleStatus);
      }
    }
  }

  /**
   * Settles one refund (the admin call). A failed refund gives its units back.
   * @returns false when no pending refund has that number.
   */
  settle(refundNo: string, status: 'refund_successfully' | 'refund_failed'): boolean {
    const refund = this.#refunds.get(refundNo);
    if (refund?.status !== 'pending_review') return false;
    refund.status = status;
    const entry = this.context.ledger.settle(refundNo, status, 'kakaclo');
    if (status === 'refund_failed' && entry) {
      const order = this.context.orders.kakaclo.get(refund.orderId);
      for (const line of entry.lines) {
        const item = order?.items.find((i) => i.itemId === line.lineId);
        if (item) item.refunded = (item.refunded ?? 0) - line.quantity;
      }
    }
    return true;
  }

  #refund(request: ProviderRequest): ProviderAnswer {
    const orderId = request.pathParams['id'] ?? '';
    const order = this.context.orders.kakaclo.get(orderId);
    if (!order) return fail(KAKACLO_CODES.notFound, `order ${orderId} not found`);
    if (order.shipped)
      return fail(
        KAKACLO_CODES.notRefundable,
        `order ${orderId} has shipped and cannot be refunded`,
      );
    const body = (request.body ?? {}) as { remark?: string; orderItems?: RequestItem[] };
    const lines =
      body.orderItems === undefined ? wholeOrder(order) : this.#lines(order, body.orderItems);
    if (!Array.isArray(lines)) return lines;

    const refundNo = this.#nextRefundNo;
    const total = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
    // One step: the ledger builds its entry, then the units leave the order.
    this.context.ledger.record(
      {
        provider: 'kakaclo',
        operation: 'refundOrder',
        orderId,
        refundId: String(refundNo),
        lines: lines.map((l) => ({
          lineId: l.item.itemId,
          quantity: l.quantity,
          amountMinor: String(l.amountMinor),
        })),
        amountMinor: String(total),
        amount: formatAmount(total, order.currency),
        currency: order.currency,
        status: 'pending_review',
        appliedAt: new Date(this.context.now()).toISOString(),
        requestId: request.requestId,
        request: { method: request.method, path: request.path, body: request.body },
      },
      () => {
        this.#nextRefundNo++;
        for (const line of lines) line.item.refunded = (line.item.refunded ?? 0) + line.quantity;
        this.#refunds.set(String(refundNo), {
          refundNo,
          orderId,
          status: 'pending_review',
          createdAt: this.context.now(),
          remark: body.remark ?? order.remark,
        });
      },
    );
    return { status: 200, body: { code: KAKACLO_CODES.success, message: 'ok', data: refundNo } };
  }

  #lines(order: KakacloOrder, items: RequestItem[]): RefundLine[] | ProviderAnswer {
    if (items.length === 0)
      return fail(KAKACLO_CODES.invalidParameter, 'orderItems: must not be empty');
    const wanted = new Map<string, number>();
    const lines: RefundLine[] = [];
    for (const [index, requested] of items.entries()) {
      const item = findItem(order, requested, `orderItems[${index}]`);
      if ('status' in item) return item;
      const quantity = requested.quantity ?? item.quantity - (item.refunded ?? 0);
      if (!Number.isSafeInteger(quantity) || quantity < 1) {
        return fail(
          KAKACLO_CODES.invalidParameter,
          `orderItems[${index}].quantity: must be a positive integer`,
        );
      }
      const total = (wanted.get(item.itemId) ?? 0) + quantity;
      wanted.set(item.itemId, total);
      const left = item.quantity - (item.refunded ?? 0);
      if (total > left) {
        return fail(
          KAKACLO_CODES.notRefundable,
          `orderItems[${index}].quantity: ${total} requested but only ${left} of item ${item.itemId} can be refunded`,
        );
      }
      lines.push({
        item,
        quantity,
        amountMinor: toMinor(item.unitPrice, order.currency) * BigInt(quantity),
      });
    }
    return lines;
  }

  #query(request: ProviderRequest): ProviderAnswer {
    const id = request.pathParams['id'] ?? '';
    // The docs do not say whether {id} is the order id or the refund id; accept both.
    const records = [...this.#refunds.values()].filter(
      (r) => r.orderId === id || String(r.refundNo) === id,
    );
    if (records.length === 0 && !this.context.orders.kakaclo.has(id)) {
      return fail(KAKACLO_CODES.notFound, `no order or refund ${id}`);
    }
    return {
      status: 200,
      body: {
        code: KAKACLO_CODES.success,
        message: 'ok',
        data: {
          total: records.length,
          pageNumber: 1,
          pageSize: Math.max(10, records.length),
          list: records.map((r) => ({
            refundNo: String(r.refundNo),
            refundStatus: r.status,
            id: r.orderId,
            ...(r.remark === undefined ? {} : { remark: r.remark }),
          })),
        },
      },
    };
  }
}

interface RequestItem {
  itemId?: string;
  skuCode?: string;
  quantity?: number;
  countryCode?: string;
}

interface RefundLine {
  item: KakacloOrder['items'][number];
  quantity: number;
  amountMinor: bigint;
}

type Item = KakacloOrder['items'][number];

/**
 * The order item a request entry names. By `itemId` when given (a `skuCode` or `countryCode`
 * sent along must agree with it); otherwise by `skuCode` and the warehouse `countryCode`,
 * which the page describes as the SKU's delivery warehouse: when the SKU is on lines of
 * several warehouses, `countryCode` is required to choose.
 */
function findItem(
  order: KakacloOrder,
  requested: RequestItem,
  field: string,
): Item | ProviderAnswer {
  if (requested.itemId !== undefined) {
    const item = order.items.find((i) => i.itemId === requested.itemId);
    if (!item) return fail(KAKACLO_CODES.notFound, `${field}: no such item in order ${order.id}`);
    if (requested.skuCode !== undefined && requested.skuCode !== item.skuCode) {
      return fail(
        KAKACLO_CODES.invalidParameter,
        `${field}.skuCode: item ${item.itemId} is SKU ${item.skuCode}, not ${requested.skuCode}`,
      );
    }
    if (requested.countryCode !== undefined && requested.countryCode !== item.countryCode) {
      return fail(
        KAKACLO_CODES.invalidParameter,
        `${field}.countryCode: item ${item.itemId} ships from ${item.countryCode}, not ${requested.countryCode}`,
      );
    }
    return item;
  }
  if (requested.skuCode === undefined) {
    return fail(KAKACLO_CODES.invalidParameter, `${field}: give itemId or skuCode`);
  }
  const sku = requested.skuCode;
  const ofSku = order.items.filter((i) => i.skuCode === sku);
  if (requested.countryCode !== undefined) {
    const item = ofSku.find((i) => i.countryCode === requested.countryCode);
    return (
      item ??
      fail(
        KAKACLO_CODES.notFound,
        `${field}: no item of SKU ${sku} from ${requested.countryCode} in order ${order.id}`,
      )
    );
  }
  if (ofSku.length > 1) {
    return fail(
      KAKACLO_CODES.invalidParameter,
      `${field}.countryCode: is required: SKU ${sku} is on more than one item of order ${order.id} (${ofSku.map((i) => i.countryCode).join(', ')})`,
    );
  }
  const [only] = ofSku;
  return only ?? fail(KAKACLO_CODES.notFound, `${field}: no such item in order ${order.id}`);
}

function wholeOrder(order: KakacloOrder): RefundLine[] | ProviderAnswer {
  const lines = order.items
    .map((item) => ({ item, quantity: item.quantity - (item.refunded ?? 0) }))
    .filter((line) => line.quantity > 0)
    .map((line) => ({
      ...line,
      amountMinor: toMinor(line.item.unitPrice, order.currency) * BigInt(line.quantity),
    }));
  return lines.length > 0
    ? lines
    : fail(KAKACLO_CODES.notRefundable, `order ${order.id} is already fully refunded`);
}

function fail(code: number, message: string, status = 200): ProviderAnswer {
  return { status, body: { code, message } };
}

function describe(violations: Violation[]): string {
  return violations.map((v) => `${v.field}: ${v.message}`).join('; ');
}
