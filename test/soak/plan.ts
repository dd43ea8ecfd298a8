/**
 * The soak's seeded plan: which refunds, on which orders, how each key is repeated, and which
 * faults the sandbox injects. Everything here is drawn from one seed, so the same seed gives
 * the same plan (timing under concurrency may still change which request a fault hits).
 */
import currencyCodes from 'currency-codes';
import type { RefundRequest } from '@refundkit/refund-core';
import type { FaultSpec, Seed } from '@refundkit/sandbox';

/** The request shapes the soak covers. */
export type Variant =
  'keeta' | 'shoplazza-2022-01' | 'shoplazza-2024-07' | 'kakaclo-lines' | 'kakaclo-whole';

/**
 * What one key may touch at the provider: its own lines of one order (or the whole order).
 * No two keys share a line, so a ledger entry names its key by the lines it refunded.
 */
export interface Slot {
  readonly provider: RefundRequest['provider'];
  /** Shoplazza's store label, as the ledger records it. */
  readonly shop?: string;
  readonly orderId: string;
  /** Units the key asks for, per line id; `'whole'` for a KakaClo whole-order refund. */
  readonly units: Readonly<Record<string, number>> | 'whole';
}

/** One idempotency key and how the simulated caller uses it. */
export interface PlannedKey {
  readonly key: string;
  readonly variant: Variant;
  readonly request: RefundRequest;
  readonly slot: Slot;
  /** Which engine (instance) each identical call of the first attempt goes to, fired at once. */
  readonly firstAttempt: readonly number[];
  /** Identical calls after the key settled (each should replay). */
  readonly repeats: number;
  /** The same key with a different body (a changed note), sent after it settled. */
  readonly conflicting?: RefundRequest;
  /** The caller gives up on an `unknown` outcome and leaves the key to `recover()`. */
  readonly leaveForRecover: boolean;
  /**
   * The first call goes to an instance that dies (its store stops answering, its lease is
   * never renewed) right after recording `sending` (before the provider call) or after the
   * provider call (before the answer is stored).
   */
  readonly crash?: 'before_send' | 'after_send';
}

/** The whole plan of one soak run. */
export interface SoakPlan {
  readonly seed: number;
  readonly refunds: number;
  readonly keys: readonly PlannedKey[];
  readonly orders: Seed;
  readonly faults: readonly FaultSpec[];
  /** The client timeout; `latency` faults hold answers past it. */
  readonly clientTimeoutMs: number;
  /**
   * The longest the sandbox may take to apply a request it received (its `latency` faults,
   * plus a margin): refund-core's `lateApplyWindowMs`.
   */
  readonly lateApplyWindowMs: number;
}

/** How many refunds the engines serve (engine 0 resends proven-not-applied, engine 1 reports). */
const ENGINES = 2;

const CLIENT_TIMEOUT_MS = 250;
const LATENCY_MS = 400;
const SHOPLAZZA_SHOP = 'demo-store';

/** A small seeded generator (mulberry32): the same seed, the same sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Formats minor units in a currency's ISO 4217 exponent (from `currency-codes`). */
function formatMinor(minor: bigint, currency: string): string {
  const digits = currencyCodes.code(currency)?.digits;
  if (digits === undefined) throw new RangeError(`unknown currency ${currency}`);
  if (digits === 0) return minor.toString();
  const text = minor.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Faults on every provider: probabilities per matching request, drawn by the sandbox. */
function faultRules(): FaultSpec[] {
  const writes: [provider: 'keeta' | 'shoplazza' | 'kakaclo', operation: string][] = [
    ['keeta', 'applyPartialRefund'],
    ['shoplazza', 'partialRefund'],
    ['shoplazza', 'refundOrder'],
    ['kakaclo', 'refundOrder'],
  ];
  const reads: [provider: 'keeta' | 'kakaclo', operation: string][] = [
    ['keeta', 'previewPartialRefund'],
    ['kakaclo', 'queryRefund'],
  ];
  const rules: FaultSpec[] = [];
  for (const [provider, operation] of writes) {
    const on = { provider, operation };
    rules.push(
      { kind: 'latency', ...on, probability: 0.03, latencyMs: LATENCY_MS },
      { kind: 'drop_after_apply', ...on, probability: 0.05 },
      { kind: 'malformed_json', ...on, probability: 0.04 },
      { kind: 'server_error', ...on, probability: 0.04, status: 503 },
      { kind: 'reset_before_processing', ...on, probability: 0.04 },
      { kind: 'rate_limit', ...on, probability: 0.03, retryAfterSeconds: 0 },
      { kind: 'html_error', ...on, probability: 0.01 },
    );
  }
  for (const [provider, operation] of reads) {
    const on = { provider, operation };
    rules.push(
      { kind: 'server_error', ...on, probability: 0.02, status: 500 },
      { kind: 'reset_before_processing', ...on, probability: 0.01 },
      { kind: 'latency', ...on, probability: 0.01, latencyMs: LATENCY_MS },
    );
  }
  return rules;
}

interface OrderUnderConstruction {
  readonly id: string;
  readonly currency: string;
  linesLeft: number;
  readonly lines: { id: string; quantity: number; unitMinor: bigint }[];
}

/**
 * Draws the plan: `refunds` keys over the five variants, each on its own lines of an order
 * (1–4 keys per order, so refunds of one order contend for its lock), every line holding
 * at least twice what its key asks, so a double refund would be applied and seen.
 */
export function buildPlan(refunds: number, seed: number): SoakPlan {
  if (!Number.isSafeInteger(refunds) || refunds < 1) {
    throw new RangeError(`refunds: must be a positive integer, got ${String(refunds)}`);
  }
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const weights: [Variant, number][] = [
    ['keeta', 0.3],
    ['shoplazza-2022-01', 0.17],
    ['shoplazza-2024-07', 0.17],
    ['kakaclo-lines', 0.26],
    ['kakaclo-whole', 0.1],
  ];
  const drawVariant = (): Variant => {
    let r = random();
    for (const [variant, weight] of weights) {
      if ((r -= weight) < 0) return variant;
    }
    return 'keeta';
  };

  const open = new Map<Variant, OrderUnderConstruction>();
  const built: Record<Variant, OrderUnderConstruction[]> = {
    keeta: [],
    'shoplazza-2022-01': [],
    'shoplazza-2024-07': [],
    'kakaclo-lines': [],
    'kakaclo-whole': [],
  };
  let nextId = 1;
  const keys: PlannedKey[] = [];
  for (let i = 0; i < refunds; i++) {
    const variant = drawVariant();
    let order = open.get(variant);
    if (!order || order.linesLeft === 0) {
      const currency = variant === 'kakaclo-whole' ? 'USD' : pick(['USD', 'USD', 'JPY', 'KWD']);
      const serial = nextId++;
      order = {
        // Keeta's ids are decimal digits; the others take any string, digits work everywhere.
        id: String(700_000_000 + serial),
        currency: variant.startsWith('kakaclo') ? 'USD' : currency,
        linesLeft: variant === 'kakaclo-whole' ? 1 : int(1, 4),
        lines: [],
      };
      open.set(variant, order);
      built[variant].push(order);
    }
    order.linesLeft--;
    const quantity = int(1, 2);
    const line = {
      id: String(800_000_000 + nextId++),
      quantity: quantity * 2 + int(0, 1),
      unitMinor: BigInt(int(50, 5000)),
    };
    order.lines.push(line);
    const key = `soak-${seed}-${String(i).padStart(5, '0')}`;
    const request = requestFor(variant, key, order, line, quantity);
    const slot: Slot = {
      provider: request.provider,
      ...(request.provider === 'shoplazza' ? { shop: SHOPLAZZA_SHOP } : {}),
      orderId: order.id,
      units: variant === 'kakaclo-whole' ? 'whole' : { [line.id]: quantity },
    };
    const burst = random() < 0.15 ? int(2, 5) : 1;
    const conflict = random() < 0.05;
    const crash = random();
    keys.push({
      key,
      variant,
      request,
      slot,
      firstAttempt: Array.from({ length: burst }, () => int(0, ENGINES - 1)),
      repeats: random() < 0.3 ? int(1, 3) : 0,
      ...(conflict ? { conflicting: { ...request, note: 'a different refund' } } : {}),
      leaveForRecover: random() < 0.3,
      ...(crash < 0.03
        ? { crash: 'before_send' as const }
        : crash < 0.06
          ? { crash: 'after_send' as const }
          : {}),
    });
  }
  return {
    seed,
    refunds,
    keys,
    orders: seedOf(built),
    faults: faultRules(),
    clientTimeoutMs: CLIENT_TIMEOUT_MS,
    lateApplyWindowMs: LATENCY_MS + 200,
  };
}

function requestFor(
  variant: Variant,
  key: string,
  order: OrderUnderConstruction,
  line: { id: string; unitMinor: bigint },
  quantity: number,
): RefundRequest {
  const amount = {
    currency: order.currency,
    amount: formatMinor(line.unitMinor * BigInt(quantity), order.currency),
  };
  switch (variant) {
    case 'keeta':
      return {
        provider: 'keeta',
        idempotencyKey: key,
        orderId: order.id,
        shopId: '466663',
        lines: [{ lineId: line.id, quantity }],
        reason: { code: 200001, text: key },
      };
    case 'shoplazza-2022-01':
      return {
        provider: 'shoplazza',
        apiVersion: '2022-01',
        idempotencyKey: key,
        orderId: order.id,
        amount,
        returnGoods: false,
        lines: [{ lineId: line.id, quantity }],
      };
    case 'shoplazza-2024-07':
      return {
        provider: 'shoplazza',
        apiVersion: '2024-07',
        idempotencyKey: key,
        orderId: order.id,
        amount,
        productAmount: amount,
        payments: [{ paymentLineId: `pay-${order.id}`, amount }],
        lines: [{ lineId: line.id, quantity }],
        note: key,
      };
    case 'kakaclo-lines':
      return {
        provider: 'kakaclo',
        idempotencyKey: key,
        orderId: order.id,
        lines: [{ lineId: line.id, quantity }],
        reason: { code: 'Out Of Stock', text: key },
      };
    case 'kakaclo-whole':
      return {
        provider: 'kakaclo',
        idempotencyKey: key,
        orderId: order.id,
        wholeOrder: true,
        reason: { text: key },
      };
  }
}

function seedOf(built: Record<Variant, OrderUnderConstruction[]>): Seed {
  const price = (o: OrderUnderConstruction, minor: bigint) => formatMinor(minor, o.currency);
  return {
    keeta: {
      orders: built.keeta.map((o) => ({
        orderViewId: o.id,
        shopId: '466663',
        currency: o.currency,
        products: o.lines.map((l) => ({
          orderProductId: l.id,
          spuId: '1',
          skuId: '1',
          name: `Product ${l.id}`,
          count: l.quantity,
          unitPrice: price(o, l.unitMinor),
        })),
      })),
    },
    shoplazza: {
      orders: [...built['shoplazza-2022-01'], ...built['shoplazza-2024-07']].map((o) => ({
        shop: SHOPLAZZA_SHOP,
        id: o.id,
        currency: o.currency,
        lineItems: o.lines.map((l) => ({
          id: l.id,
          title: `Item ${l.id}`,
          quantity: l.quantity,
          price: price(o, l.unitMinor),
        })),
      })),
    },
    kakaclo: {
      orders: [...built['kakaclo-lines'], ...built['kakaclo-whole']].map((o) => ({
        id: o.id,
        currency: o.currency,
        shipped: false,
        items: o.lines.map((l) => ({
          itemId: l.id,
          skuCode: `SKU-${l.id}`,
          countryCode: 'CN',
          quantity: l.quantity,
          unitPrice: price(o, l.unitMinor),
        })),
      })),
    },
  };
}
