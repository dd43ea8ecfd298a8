import { currencyDecimals, formatAmount, parseAmount, toMinor } from '../money.js';
import type { StoredShoplazzaOrder } from '../orders.js';
import type {
  ProviderAnswer,
  ProviderHandler,
  ProviderRequest,
  SandboxContext,
} from '../provider.js';
import { canonicalShop } from '../shop-name.js';
import type { SpecOperation, Violation } from '../spec.js';

/**
 * The 2024-07 `code` strings the sandbox answers with. `SUCCESS` and `InvalidParameter` are
 * documented and `Unauthorized` is the spec's illustrative 401 code; the others are the
 * sandbox's own, for refusals the 2024-07 page folds into HTTP 400 without naming a code.
 */
export const SHOPLAZZA_CODES = {
  /** Success (2024-07). */
  success: 'SUCCESS',
  /** The body breaks the spec or a rule on a field (HTTP 400). */
  invalidParameter: 'InvalidParameter',
  /** A missing or wrong `access-token` (HTTP 401). */
  unauthorized: 'Unauthorized',
  /** No such shop or endpoint. */
  notFound: 'NotFound',
  /** No such order in this shop. */
  orderNotFound: 'OrderNotFound',
  /** A `line_item_id` that is not a line of the order. */
  lineItemNotFound: 'LineItemNotFound',
  /** Nothing of the order is left to refund. */
  orderNotRefundable: 'OrderNotRefundable',
  /** More units than bought minus already refunded. */
  quantityExceeded: 'RefundQuantityExceeded',
  /** More money than is left to refund (order, shipping or tip). */
  amountExceeded: 'RefundAmountExceeded',
  /** A refusal the pipeline answers itself: 413. */
  payloadTooLarge: 'PayloadTooLarge',
  /** A refusal the pipeline answers itself: 415 (a body not declared `application/json`). */
  unsupportedMediaType: 'UnsupportedMediaType',
  /** The `rate_limit` fault (429). */
  tooManyRequests: 'TooManyRequests',
  /** The `server_error` fault (5xx). */
  internalError: 'InternalError',
} as const;

type Version = '2022-01' | '2024-07';
type Order = StoredShoplazzaOrder;
type Line = Order['lineItems'][number];

/**
 * One reason to refuse a refund: the 2022-01 status it maps to (404 / 406 / 422) and the
 * 2024-07 code (always HTTP 400 there, which documents no 404, 406 or 422).
 */
interface Problem {
  status: 404 | 406 | 422;
  code: string;
  message: string;
}

/** A line item being refunded, duplicates of the request summed. */
interface RefundUnits {
  line: Line;
  quantity: bigint;
  waitingShip: bigint;
}

/** Body of a 2022-01 partial refund, after the spec's schema check. */
interface PartialRefundBody {
  is_return: boolean;
  price: string;
  line_items?: { id: string; quantity: number | bigint }[];
}

/** Body of a 2024-07 refund, after the spec's schema check. */
interface RefundOrderBody {
  refund_total: string;
  refund_shipping_total?: string;
  refund_tip?: string;
  refund_additional_total?: string;
  refund_product_total?: string;
  refund_line_items?: {
    line_item_id?: string;
    quantity?: number | bigint;
    waiting_ship_quantity?: number | bigint;
    return_inventory?: boolean;
  }[];
  refund_payments?: { payment_line_id?: string; refund_price?: string }[];
  refund_additional_prices?: { name?: string; price?: string }[];
  note?: string;
}

/** A request's line entry in either version's field names. */
interface RequestedLine {
  field: string;
  id: string | undefined;
  quantity: number | bigint | undefined;
  waitingShip?: number | bigint | undefined;
}

/**
 * Shoplazza Admin OpenAPI, versions 2022-01 (`partialRefund`) and 2024-07 (`refundOrder`),
 * one store per path prefix (`/shoplazza/<shop>`). `access-token` header auth. Errors follow
 * the version: 2022-01 answers 400/401/404/406/422 with `{errors: [...]}` (`{error}` for 401),
 * 2024-07 folds every refusal into 400 `{code, message}` (401 `{code: "Unauthorized"}`).
 * Money is exact (bigint minor units); refunds apply at once and are recorded in the ledger.
 */
export class ShoplazzaProvider implements ProviderHandler {
  readonly name = 'shoplazza';
  /** Numbers the refund records this sandbox creates (restarts with `reset()`). */
  #sequence = 0;

  constructor(
    readonly operations: readonly SpecOperation[],
    readonly context: SandboxContext,
  ) {}

  /**
   * The store first (a store that does not exist is a platform answer, 404 in both versions,
   * before any API version's auth), then the `access-token` header.
   */
  authenticate(request: ProviderRequest): ProviderAnswer | undefined {
    const version = versionOf(request);
    const shop = request.shop ?? '';
    const canonical = canonicalShop(shop);
    if (canonical === undefined || !this.context.orders.hasShop(canonical)) {
      return version === '2022-01'
        ? { status: 404, body: { errors: [`Shop not found: no store "${shop}"`] } }
        : {
            status: 404,
            body: { code: SHOPLAZZA_CODES.notFound, message: `Shop not found: no store "${shop}"` },
          };
    }
    const token = request.headers['access-token'];
    if (token === this.context.credentials.shoplazza.accessToken) return undefined;
    const message =
      token === undefined || token === ''
        ? 'Unauthorized: missing access-token header'
        : 'Unauthorized: invalid access-token';
    return version === '2022-01'
      ? { status: 401, body: { error: message } }
      : { status: 401, body: { code: SHOPLAZZA_CODES.unauthorized, message } };
  }

  /**
   * 2022-01: a body that is not JSON, a missing required field or a wrong type is 400 (the
   * spec's "malformed"), any other schema violation 422 (the spec's "fails validation"); one
   * `errors` entry per violation. 2024-07: 400 `InvalidParameter`, violations joined by `; `.
   */
  invalid(request: ProviderRequest, violations: Violation[]): ProviderAnswer {
    const messages = violations.map((v) => `${v.field}: ${v.message}`);
    if (versionOf(request) === '2024-07') {
      return invalidParameter(messages.join('; '));
    }
    return { status: violations.some(isMalformed) ? 400 : 422, body: { errors: messages } };
  }

  /** 2022-01 names the order `{id}` in the path, 2024-07 `{order_id}`. */
  orderOf(request: ProviderRequest): string | undefined {
    return request.pathParams['order_id'] ?? request.pathParams['id'];
  }

  unknownRoute(method: string, path: string): ProviderAnswer {
    const message = `Not Found: no such endpoint ${method} ${path}`;
    return path.startsWith('/openapi/2022-01/')
      ? { status: 404, body: { errors: [message] } }
      : { status: 404, body: { code: SHOPLAZZA_CODES.notFound, message } };
  }

  /** Refusals the pipeline answers itself (faults, 413, 415), in the version's style. */
  errorBody(operation: SpecOperation, status: number, message: string): unknown {
    if (operation.operationId === 'partialRefund') return { errors: [message] };
    const code =
      status === 413
        ? SHOPLAZZA_CODES.payloadTooLarge
        : status === 415
          ? SHOPLAZZA_CODES.unsupportedMediaType
          : status === 429
            ? SHOPLAZZA_CODES.tooManyRequests
            : SHOPLAZZA_CODES.internalError;
    return { code, message };
  }

  handle(request: ProviderRequest): ProviderAnswer {
    return versionOf(request) === '2022-01'
      ? this.#partialRefund(request)
      : this.#refundOrder(request);
  }

  /** 2022-01: refund `price`, optionally tied to line items. */
  #partialRefund(request: ProviderRequest): ProviderAnswer {
    const body = request.body as PartialRefundBody;
    const orderId = request.pathParams['id'] ?? '';
    const order = this.#order(request.shop ?? '', orderId);
    if (!order) {
      return {
        status: 404,
        body: { errors: [`Order not found: no order ${orderId} in this store`] },
      };
    }
    const found = this.#check(order, body.price, 'price', lines2022(body));
    if (found.problems.length > 0) {
      return {
        status: found.problems[0]?.status ?? 422,
        body: { errors: found.problems.map((p) => p.message) },
      };
    }
    const refundId = uuid(this.#sequence + 1);
    const now = this.context.now();
    this.#apply(order, request, refundId, found.amount ?? 0n, found.units);

    const totals = orderTotals(order);
    const remaining = totals.total - totals.refunded;
    const currency = order.currency;
    return {
      status: 200,
      body: {
        Id: refundId,
        Status: 'finished',
        CreatedAt: isoSeconds(now),
        Note: '',
        RefundFailReason: '',
        AllRefunded: remaining === 0n,
        RefundStatus: 'finished',
        Order: {
          Id: order.id,
          Currency: currency,
          TotalPrice: formatAmount(totals.total, currency),
          TotalShipping: formatAmount(totals.shipping, currency),
          SubTotal: formatAmount(totals.subTotal, currency),
          TotalRefundPrice: formatAmount(totals.refunded, currency),
          UpdatedAt: isoSeconds(now),
        },
      },
    };
  }

  /** 2024-07: refund `refund_total`, split by products, shipping and fees, per payment line. */
  #refundOrder(request: ProviderRequest): ProviderAnswer {
    const body = request.body as RefundOrderBody;
    const orderId = request.pathParams['order_id'] ?? '';
    const order = this.#order(request.shop ?? '', orderId);
    if (!order) {
      return fail(SHOPLAZZA_CODES.orderNotFound, `order_id: no order ${orderId} in this store`);
    }
    const requested: RequestedLine[] = (body.refund_line_items ?? []).map((entry, index) => ({
      field: `refund_line_items[${index}]`,
      id: entry.line_item_id,
      quantity: entry.quantity,
      waitingShip: entry.waiting_ship_quantity,
    }));
    const found = this.#check(order, body.refund_total, 'refund_total', requested);
    const problems = [...found.problems];
    // Not-found and not-refundable come alone; validation problems are reported together.
    const parts = { shipping: 0n, tip: 0n };
    if (problems.every((p) => p.status === 422)) {
      problems.push(...paymentProblems(order, body, found.amount));
      problems.push(...subTotalProblems(order, body, parts));
    }
    if (problems.length > 0) {
      const code = problems[0]?.code ?? SHOPLAZZA_CODES.invalidParameter;
      return fail(code, problems.map((p) => p.message).join('; '));
    }
    const sequence = this.#sequence + 1;
    const refundRecordId = `R${String(sequence).padStart(12, '0')}`;
    this.#apply(order, request, refundRecordId, found.amount ?? 0n, found.units, parts);
    return {
      status: 200,
      body: {
        code: SHOPLAZZA_CODES.success,
        message: 'Refund processed successfully',
        data: {
          refund_record_id: refundRecordId,
          post_sale_id: `A${String(sequence).padStart(12, '0')}`,
        },
      },
    };
  }

  /** The order of the request's shop (checked by `authenticate`, any case) and id. */
  #order(shop: string, id: string): Order | undefined {
    return this.context.orders.shoplazzaOrder(shop, id);
  }

  /**
   * The rules both versions share, in order: the order must have something left to refund
   * (406), named line items must exist (404), then every validation problem together (422):
   * the amount's decimals and sign, quantities, waiting-to-ship units, and the amount against
   * what is left of the order.
   */
  #check(
    order: Order,
    amountText: string,
    amountField: string,
    requested: RequestedLine[],
  ): { problems: Problem[]; amount: bigint | undefined; units: RefundUnits[] } {
    const currency = order.currency;
    const totals = orderTotals(order);
    const left = totals.total - totals.refunded;
    const none = { amount: undefined, units: [] };
    if (left <= 0n) {
      return {
        ...none,
        problems: [
          {
            status: 406,
            code: SHOPLAZZA_CODES.orderNotRefundable,
            message: `After-sales is not included in current order: order ${order.id} is already fully refunded (${formatAmount(totals.refunded, currency)} ${currency})`,
          },
        ],
      };
    }

    const unknown = requested
      .filter((r) => r.id !== undefined && !order.lineItems.some((l) => l.id === r.id))
      .map((r) =>
        notFound(
          SHOPLAZZA_CODES.lineItemNotFound,
          `${r.field}.${lineIdField(r)}: line item "${r.id}" not found in order ${order.id}`,
        ),
      );
    if (unknown.length > 0) return { ...none, problems: unknown };

    const problems: Problem[] = [];
    const amount = amountOf(order, amountText, amountField, problems);
    if (amount !== undefined && amount <= 0n) {
      problems.push(invalidProblem(`${amountField}: must be greater than 0`));
    }

    const units = new Map<string, RefundUnits>();
    for (const r of requested) {
      if (r.id === undefined) {
        problems.push(invalidProblem(`${r.field}.${lineIdField(r)}: is required`));
        continue;
      }
      const line = order.lineItems.find((l) => l.id === r.id);
      if (!line) continue; // answered as not found above
      if (r.quantity === undefined) {
        problems.push(invalidProblem(`${r.field}.quantity: is required`));
        continue;
      }
      const quantity = BigInt(r.quantity);
      const waitingShip = BigInt(r.waitingShip ?? 0);
      if (quantity < 1n) {
        problems.push(invalidProblem(`${r.field}.quantity: must be at least 1`));
        continue;
      }
      if (waitingShip < 0n) {
        problems.push(invalidProblem(`${r.field}.waiting_ship_quantity: must not be negative`));
        continue;
      }
      if (waitingShip > quantity) {
        problems.push(
          invalidProblem(
            `${r.field}.waiting_ship_quantity: ${waitingShip} is more than the entry's quantity ${quantity}`,
          ),
        );
        continue;
      }
      const sum = units.get(line.id) ?? { line, quantity: 0n, waitingShip: 0n };
      sum.quantity += quantity;
      sum.waitingShip += waitingShip;
      units.set(line.id, sum);
      const refundable = BigInt(line.quantity - (line.refunded ?? 0));
      if (sum.quantity > refundable) {
        problems.push({
          status: 422,
          code: SHOPLAZZA_CODES.quantityExceeded,
          message: `${r.field}.quantity: ${sum.quantity} requested for line item "${line.id}" but only ${refundable} of ${line.quantity} can still be refunded`,
        });
      }
      const unshipped = BigInt(line.unshipped ?? line.quantity - (line.refunded ?? 0));
      if (sum.waitingShip > unshipped) {
        problems.push({
          status: 422,
          code: SHOPLAZZA_CODES.quantityExceeded,
          message: `${r.field}.waiting_ship_quantity: ${sum.waitingShip} requested for line item "${line.id}" but only ${unshipped} unit(s) of it are waiting to ship`,
        });
      }
    }

    if (amount !== undefined && amount > left) {
      problems.push({
        status: 422,
        code: SHOPLAZZA_CODES.amountExceeded,
        message: `${amountField}: ${amountText} is more than the ${formatAmount(left, currency)} ${currency} left to refund on order ${order.id} (total ${formatAmount(totals.total, currency)}, refunded ${formatAmount(totals.refunded, currency)})`,
      });
    }
    return { problems, amount, units: [...units.values()] };
  }

  /**
   * Records a checked refund in the ledger and applies it to the order, as one step: every
   * new value is computed first, the ledger builds its entry, then the order changes.
   */
  #apply(
    order: Order,
    request: ProviderRequest,
    refundId: string,
    amount: bigint,
    units: RefundUnits[],
    parts: { shipping: bigint; tip: bigint } = { shipping: 0n, tip: 0n },
  ): void {
    const currency = order.currency;
    const lines = units.map(({ line, quantity, waitingShip }) => {
      const refunded = (line.refunded ?? 0) + Number(quantity);
      // Units waiting to ship that were refunded leave the queue; what is left to ship can
      // never exceed what is left unrefunded.
      const unshipped = Math.min(
        (line.unshipped ?? line.quantity) - Number(waitingShip),
        line.quantity - refunded,
      );
      return { line, refunded, unshipped };
    });
    const add = (text: string, minor: bigint) =>
      formatAmount(toMinor(text, currency) + minor, currency);
    const refundedAmount = add(order.refundedAmount, amount);
    const refundedShipping = add(order.refundedShipping, parts.shipping);
    const refundedTip = add(order.refundedTip, parts.tip);
    this.context.ledger.record(
      {
        provider: 'shoplazza',
        operation: request.operation.operationId,
        shop: order.shop,
        orderId: order.id,
        refundId,
        lines: units.map(({ line, quantity }) => ({
          lineId: line.id,
          quantity: Number(quantity),
          amountMinor: String(toMinor(line.price, currency) * quantity),
        })),
        amountMinor: String(amount),
        amount: formatAmount(amount, currency),
        currency,
        status: 'applied',
        appliedAt: new Date(this.context.now()).toISOString(),
        requestId: request.requestId,
        request: { method: request.method, path: request.path, body: request.body },
      },
      () => {
        this.#sequence++;
        for (const { line, refunded, unshipped } of lines) {
          line.refunded = refunded;
          line.unshipped = unshipped;
        }
        order.refundedAmount = refundedAmount;
        order.refundedShipping = refundedShipping;
        order.refundedTip = refundedTip;
      },
    );
  }
}

function versionOf(request: ProviderRequest): Version {
  return request.operation.operationId === 'partialRefund' ? '2022-01' : '2024-07';
}

/** Ajv violations that make a 2022-01 body "malformed" (400) rather than invalid (422). */
function isMalformed(violation: Violation): boolean {
  return ['json', 'required', 'type'].includes(violation.keyword);
}

function lines2022(body: PartialRefundBody): RequestedLine[] {
  return (body.line_items ?? []).map((entry, index) => ({
    field: `line_items[${index}]`,
    id: entry.id,
    quantity: entry.quantity,
  }));
}

function lineIdField(line: RequestedLine): string {
  return line.field.startsWith('line_items') ? 'id' : 'line_item_id';
}

/** Exact totals of an order in minor units: lines, shipping, their sum with the tip, refunded so far. */
function orderTotals(order: Order): {
  subTotal: bigint;
  shipping: bigint;
  total: bigint;
  refunded: bigint;
} {
  const currency = order.currency;
  const subTotal = order.lineItems.reduce(
    (sum, line) => sum + toMinor(line.price, currency) * BigInt(line.quantity),
    0n,
  );
  const shipping = toMinor(order.shipping, currency);
  const tip = order.tip === undefined ? 0n : toMinor(order.tip, currency);
  return {
    subTotal,
    shipping,
    total: subTotal + shipping + tip,
    refunded: toMinor(order.refundedAmount, currency),
  };
}

/** An amount in the order's currency, or a problem when it has too many decimals. */
function amountOf(
  order: Order,
  text: string,
  field: string,
  problems: Problem[],
): bigint | undefined {
  const minor = parseAmount(text, order.currency);
  if (minor === undefined) {
    problems.push(
      invalidProblem(
        `${field}: "${text}" has more decimals than ${order.currency} allows (at most ${currencyDecimals(order.currency)})`,
      ),
    );
  }
  return minor;
}

/**
 * 2024-07 only: every other amount must fit the currency, and `refund_total` must equal the
 * exact sum of `refund_payments[].refund_price` when payments are given.
 */
function paymentProblems(
  order: Order,
  body: RefundOrderBody,
  total: bigint | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const field of [
    'refund_shipping_total',
    'refund_tip',
    'refund_additional_total',
    'refund_product_total',
  ] as const) {
    const value = body[field];
    if (value !== undefined) amountOf(order, value, field, problems);
  }
  (body.refund_additional_prices ?? []).forEach((fee, index) => {
    if (fee.price !== undefined) {
      amountOf(order, fee.price, `refund_additional_prices[${index}].price`, problems);
    }
  });
  if (body.refund_payments === undefined) return problems;
  let sum = 0n;
  let complete = true;
  for (const [index, payment] of body.refund_payments.entries()) {
    const field = `refund_payments[${index}].refund_price`;
    if (payment.refund_price === undefined) {
      problems.push(invalidProblem(`${field}: is required`));
      complete = false;
      continue;
    }
    const minor = amountOf(order, payment.refund_price, field, problems);
    if (minor === undefined) complete = false;
    else sum += minor;
  }
  if (complete && total !== undefined && sum !== total) {
    problems.push(
      invalidProblem(
        `refund_total: ${formatAmount(total, order.currency)} does not equal the sum of refund_payments[].refund_price (${formatAmount(sum, order.currency)})`,
      ),
    );
  }
  return problems;
}

/**
 * 2024-07 only: `refund_shipping_total` and `refund_tip` may not exceed the shipping and tip
 * the order charged (the tip only where the order has one) minus what was refunded of them
 * before. Fills `parts` with the amounts
 * (in minor units) to add to the order's refunded shipping and tip.
 */
function subTotalProblems(
  order: Order,
  body: RefundOrderBody,
  parts: { shipping: bigint; tip: bigint },
): Problem[] {
  const problems: Problem[] = [];
  const currency = order.currency;
  const bounds = [
    ['refund_shipping_total', 'shipping', order.shipping, order.refundedShipping],
    ['refund_tip', 'tip', order.tip, order.refundedTip],
  ] as const;
  for (const [field, part, chargedText, refundedText] of bounds) {
    const text = body[field];
    if (chargedText === undefined) continue; // no tip seeded: nothing to bound it by
    const minor = text === undefined ? undefined : parseAmount(text, currency);
    if (minor === undefined) continue; // absent, or already refused for its decimals
    const charged = toMinor(chargedText, currency);
    const refunded = toMinor(refundedText, currency);
    if (minor > charged - refunded) {
      problems.push({
        status: 422,
        code: SHOPLAZZA_CODES.amountExceeded,
        message: `${field}: ${text} is more than the ${formatAmount(charged - refunded, currency)} ${currency} of ${part} left to refund on order ${order.id} (charged ${chargedText}, refunded ${refundedText})`,
      });
    }
    parts[part] = minor;
  }
  return problems;
}

function invalidProblem(message: string): Problem {
  return { status: 422, code: SHOPLAZZA_CODES.invalidParameter, message };
}

function notFound(code: string, message: string): Problem {
  return { status: 404, code, message };
}

function invalidParameter(message: string): ProviderAnswer {
  return fail(SHOPLAZZA_CODES.invalidParameter, message);
}

/** A 2024-07 refusal: HTTP 400 with a string `code`. */
function fail(code: string, message: string): ProviderAnswer {
  return { status: 400, body: { code, message } };
}

/** A UUID-shaped refund order id, as in the 2022-01 example, numbered for reproducibility. */
function uuid(sequence: number): string {
  return `5a0d0000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/** ISO 8601 in UTC without milliseconds, as the 2022-01 example writes times. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
