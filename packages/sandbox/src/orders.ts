import { currencyDecimals, formatAmount, parseAmount, toMinor } from './money.js';
import { canonicalShop } from './shop-name.js';
import type { ProviderName } from './spec.js';

/** A line of a Keeta order (a product with a quantity). */
export interface KeetaProduct {
  /** The line's id in the order (`orderProductId` in Keeta's API), a decimal string. */
  orderProductId: string;
  /** Keeta's product (SPU) id, a decimal string. */
  spuId: string;
  /** Keeta's variant (SKU) id, a decimal string. */
  skuId: string;
  /** The product's name, as the preview shows it. */
  name: string;
  /** Units bought. */
  count: number;
  /** Unit price, a decimal string in the order's currency. */
  unitPrice: string;
  /** Units refunded so far (default 0). */
  refunded?: number;
}

/** A Keeta order. Ids are decimal strings so ids above 2^53 stay exact. */
export interface KeetaOrder {
  /** Keeta's order id (`orderViewId`). */
  orderViewId: string;
  /** The store the order belongs to (`shopId`). */
  shopId: string;
  /** ISO 4217 code of every amount in the order. */
  currency: string;
  /** The order's lines. */
  products: KeetaProduct[];
}

/** A line item of a Shoplazza order. */
export interface ShoplazzaLineItem {
  /** The line item's id, a decimal string. */
  id: string;
  /** The product title. */
  title: string;
  /** Units bought. */
  quantity: number;
  /** Unit price, a decimal string in the order's currency. */
  price: string;
  /** Units not yet shipped (default: all of them). */
  unshipped?: number;
  /** Units refunded so far (default 0). */
  refunded?: number;
}

/** A Shoplazza order, under one shop. */
export interface ShoplazzaOrder {
  /** The shop: a DNS label, matched case-insensitively (stored in lower case). */
  shop: string;
  /** The order id, a decimal string. */
  id: string;
  /** ISO 4217 code of every amount in the order. */
  currency: string;
  /** The order's line items. */
  lineItems: ShoplazzaLineItem[];
  /** Shipping charged, a decimal string (default "0"). */
  shipping?: string;
  /**
   * Tip charged, a decimal string. Only an order with a tip bounds 2024-07's `refund_tip`
   * (the default seed has none, so the spec's example refunding a tip succeeds).
   */
  tip?: string;
  /** Amount refunded so far, a decimal string (default "0"). */
  refundedAmount?: string;
  /** Shipping refunded so far (part of `refundedAmount`), a decimal string (default "0"). */
  refundedShipping?: string;
  /** Tip refunded so far (part of `refundedAmount`), a decimal string (default "0"). */
  refundedTip?: string;
}

/** A Shoplazza order as the order book keeps it: every amount present and normalised. */
export type StoredShoplazzaOrder = ShoplazzaOrder &
  Required<
    Pick<ShoplazzaOrder, 'shipping' | 'refundedAmount' | 'refundedShipping' | 'refundedTip'>
  >;

/** An item of a KakaClo order. */
export interface KakacloItem {
  /** The item's id in the order. */
  itemId: string;
  /** KakaClo's SKU code. */
  skuCode: string;
  /** The warehouse the SKU ships from (`CN` China, `US` overseas), as the order query gives it. */
  countryCode: string;
  /** Units bought. */
  quantity: number;
  /** Unit price, a decimal string in the order's currency. */
  unitPrice: string;
  /** Units refunded so far (default 0). */
  refunded?: number;
}

/** A KakaClo order; KakaClo refuses refunds once it has shipped. */
export interface KakacloOrder {
  /** The order id, a decimal string. */
  id: string;
  /** ISO 4217 code of every amount in the order. */
  currency: string;
  /** Whether the order has shipped (then every refund is refused). */
  shipped: boolean;
  /** The order's notes, echoed as `remark` by the refund query. */
  remark?: string;
  /** The order's items; a refund refunds all of them. */
  items: KakacloItem[];
}

/** Orders per provider, as a seed file or `startSandbox({ seed })` gives them. */
export interface Seed {
  /** Keeta's orders. */
  keeta?: {
    /** The orders. */
    orders: KeetaOrder[];
  };
  /** Shoplazza's orders, each under its shop. */
  shoplazza?: {
    /** The orders. */
    orders: ShoplazzaOrder[];
  };
  /** KakaClo's orders. */
  kakaclo?: {
    /** The orders. */
    orders: KakacloOrder[];
  };
}

/** The orders the sandbox serves, and what has been refunded of them. */
export class OrderBook {
  readonly keeta = new Map<string, Required<KeetaOrder>>();
  /** Shop → order id → order: two keys, never one joined string a `/` could forge. */
  readonly #shoplazza = new Map<string, Map<string, StoredShoplazzaOrder>>();
  readonly kakaclo = new Map<string, KakacloOrder>();

  constructor(seed: Seed = {}) {
    seed.keeta?.orders.forEach((order, i) => this.add('keeta', order, `keeta.orders[${i}]`));
    seed.shoplazza?.orders.forEach((order, i) =>
      this.add('shoplazza', order, `shoplazza.orders[${i}]`),
    );
    seed.kakaclo?.orders.forEach((order, i) => this.add('kakaclo', order, `kakaclo.orders[${i}]`));
  }

  /**
   * Adds (or replaces) an order after checking its shape.
   * @throws TypeError naming the bad field, e.g. `order.products[0].count`.
   */
  add(provider: ProviderName, order: unknown, path = 'order'): void {
    const check = new ShapeCheck(path);
    const o = check.object('', order);
    const currency = check.currency('currency', o['currency']);
    if (provider === 'keeta') {
      const products = check.array('products', o['products']).map((p, i) => {
        const f = `products[${i}]`;
        const product = check.object(f, p);
        return {
          orderProductId: check.digits(`${f}.orderProductId`, product['orderProductId']),
          spuId: check.digits(`${f}.spuId`, product['spuId'] ?? '1'),
          skuId: check.digits(`${f}.skuId`, product['skuId'] ?? '1'),
          name: check.string(`${f}.name`, product['name']),
          count: check.count(`${f}.count`, product['count']),
          unitPrice: check.amount(`${f}.unitPrice`, product['unitPrice'], currency),
          refunded: check.count(`${f}.refunded`, product['refunded'] ?? 0, 0),
        };
      });
      const built = {
        orderViewId: check.digits('orderViewId', o['orderViewId']),
        shopId: check.digits('shopId', o['shopId']),
        currency,
        products,
      };
      this.keeta.set(built.orderViewId, built);
    } else if (provider === 'shoplazza') {
      const lineItems = check.array('lineItems', o['lineItems']).map((l, i) => {
        const f = `lineItems[${i}]`;
        const line = check.object(f, l);
        const quantity = check.count(`${f}.quantity`, line['quantity']);
        return {
          id: check.string(`${f}.id`, line['id']),
          title: check.string(`${f}.title`, line['title'] ?? 'Item'),
          quantity,
          price: check.amount(`${f}.price`, line['price'], currency),
          unshipped: check.count(`${f}.unshipped`, line['unshipped'] ?? quantity, 0),
          refunded: check.count(`${f}.refunded`, line['refunded'] ?? 0, 0),
        };
      });
      const money = (field: string) =>
        formatAmount(toMinor(check.amount(field, o[field] ?? '0', currency), currency), currency);
      const built: StoredShoplazzaOrder = {
        shop: check.shop('shop', o['shop']),
        id: check.string('id', o['id']),
        currency,
        lineItems,
        shipping: money('shipping'),
        ...(o['tip'] === undefined ? {} : { tip: money('tip') }),
        refundedAmount: money('refundedAmount'),
        refundedShipping: money('refundedShipping'),
        refundedTip: money('refundedTip'),
      };
      const shop = this.#shoplazza.get(built.shop) ?? new Map<string, StoredShoplazzaOrder>();
      shop.set(built.id, built);
      this.#shoplazza.set(built.shop, shop);
    } else {
      const items = check.array('items', o['items']).map((it, i) => {
        const f = `items[${i}]`;
        const item = check.object(f, it);
        return {
          itemId: check.string(`${f}.itemId`, item['itemId']),
          skuCode: check.string(`${f}.skuCode`, item['skuCode']),
          countryCode: check.string(`${f}.countryCode`, item['countryCode'] ?? 'CN'),
          quantity: check.count(`${f}.quantity`, item['quantity']),
          unitPrice: check.amount(`${f}.unitPrice`, item['unitPrice'], currency),
          refunded: check.count(`${f}.refunded`, item['refunded'] ?? 0, 0),
        };
      });
      const built: KakacloOrder = {
        id: check.string('id', o['id']),
        currency,
        shipped: o['shipped'] === true,
        items,
        ...(typeof o['remark'] === 'string' ? { remark: o['remark'] } : {}),
      };
      this.kakaclo.set(built.id, built);
    }
  }

  /** A Shoplazza order by shop (any case) and id. */
  shoplazzaOrder(shop: string, id: string): StoredShoplazzaOrder | undefined {
    return this.#shoplazza.get(shop.toLowerCase())?.get(id);
  }

  /** Whether a Shoplazza shop (any case) has orders. */
  hasShop(shop: string): boolean {
    return this.#shoplazza.has(shop.toLowerCase());
  }

  /** A deep copy of every order as it stands now (refunded units and amounts included), in the seed's shape. */
  snapshot(): Required<Seed> {
    return structuredClone({
      keeta: { orders: [...this.keeta.values()] },
      shoplazza: { orders: [...this.#shoplazza.values()].flatMap((shop) => [...shop.values()]) },
      kakaclo: { orders: [...this.kakaclo.values()] },
    });
  }
}

/** Checks seed and admin input, throwing `TypeError('<path>.<field>: …')`. */
class ShapeCheck {
  constructor(readonly path: string) {}

  fail(field: string, message: string): never {
    throw new TypeError(`${field ? `${this.path}.${field}` : this.path}: ${message}`);
  }

  object(field: string, value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(field, 'must be an object');
    return value as Record<string, unknown>;
  }

  array(field: string, value: unknown): unknown[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(field, 'must be a non-empty array');
    return value as unknown[];
  }

  string(field: string, value: unknown): string {
    if (typeof value !== 'string' || value === '') this.fail(field, 'must be a non-empty string');
    return value;
  }

  digits(field: string, value: unknown): string {
    const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
    if (typeof text !== 'string' || !/^[1-9]\d{0,18}$/.test(text))
      this.fail(field, 'must be a positive integer id');
    return text;
  }

  count(field: string, value: unknown, min = 1): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.fail(field, `must be an integer ≥ ${min}`);
    }
    return value;
  }

  currency(field: string, value: unknown): string {
    try {
      if (typeof value === 'string') {
        currencyDecimals(value);
        return value;
      }
    } catch {
      // an unknown code: refused below, never given a default exponent
    }
    return this.fail(
      field,
      `must be an ISO 4217 code with a minor unit, such as "USD"; got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
    );
  }

  shop(field: string, value: unknown): string {
    const shop = typeof value === 'string' ? canonicalShop(value) : undefined;
    if (shop === undefined) {
      this.fail(field, 'must be a DNS label (letters, digits and inner hyphens, at most 63)');
    }
    return shop;
  }

  amount(field: string, value: unknown, currency: string): string {
    if (typeof value !== 'string' || parseAmount(value, currency) === undefined) {
      this.fail(
        field,
        `must be a decimal string with at most ${currencyDecimals(currency)} decimals for ${currency}`,
      );
    }
    return value;
  }
}
