import { formatAmount, toMinor } from './money.js';
import type { Seed } from './orders.js';
import type { ProviderName } from './spec.js';

/** One order line: units and exact money bought, refunded and left. */
interface LineBalance {
  readonly lineId: string;
  readonly name: string;
  readonly unitPrice: string;
  readonly bought: number;
  readonly refunded: number;
  readonly remaining: number;
  /** Decimal strings in the order's currency, computed in minor units (never floats). */
  readonly boughtAmount: string;
  readonly refundedAmount: string;
  readonly remainingAmount: string;
}

/** One order: what was bought, what has been refunded, what remains. */
export interface OrderBalance {
  readonly provider: ProviderName;
  /** Keeta: the `shopId`; Shoplazza: the shop; KakaClo: none (one account). */
  readonly shop?: string;
  readonly orderId: string;
  readonly currency: string;
  readonly lines: readonly LineBalance[];
  /** Shoplazza: shipping and tip are part of the totals and refunded as money. */
  readonly shipping?: string;
  readonly tip?: string;
  /** KakaClo refunds unshipped orders only. */
  readonly shipped?: boolean;
  readonly bought: string;
  readonly refunded: string;
  readonly remaining: string;
}

interface RawLine {
  lineId: string;
  name: string;
  unitPrice: string;
  bought: number;
  refunded: number;
}

/**
 * Every order's balance, from `sandbox.orders()`: Keeta and KakaClo refund units, so their
 * money refunded is units × unit price; Shoplazza refunds money (shipping and tip included),
 * so its order totals use its `refundedAmount`. All sums in bigint minor units.
 */
export function orderBalances(orders: Required<Seed>): OrderBalance[] {
  const balances: OrderBalance[] = [];
  for (const order of orders.keeta.orders) {
    const lines = order.products.map((p) => ({
      lineId: p.orderProductId,
      name: p.name,
      unitPrice: p.unitPrice,
      bought: p.count,
      refunded: p.refunded ?? 0,
    }));
    balances.push(unitBalance('keeta', order.shopId, order.orderViewId, order.currency, lines));
  }
  for (const order of orders.shoplazza.orders) {
    const { currency } = order;
    const lines = order.lineItems.map((l) => ({
      lineId: l.id,
      name: l.title,
      unitPrice: l.price,
      bought: l.quantity,
      refunded: l.refunded ?? 0,
    }));
    const balance = unitBalance('shoplazza', order.shop, order.id, currency, lines);
    const shipping = toMinor(order.shipping ?? '0', currency);
    const tip = toMinor(order.tip ?? '0', currency);
    const bought = toMinor(balance.bought, currency) + shipping + tip;
    const refunded = toMinor(order.refundedAmount ?? '0', currency);
    balances.push({
      ...balance,
      shipping: formatAmount(shipping, currency),
      ...(order.tip === undefined ? {} : { tip: formatAmount(tip, currency) }),
      bought: formatAmount(bought, currency),
      refunded: formatAmount(refunded, currency),
      remaining: formatAmount(bought - refunded, currency),
    });
  }
  for (const order of orders.kakaclo.orders) {
    const lines = order.items.map((item) => ({
      lineId: item.itemId,
      name: `${item.skuCode} (${item.countryCode})`,
      unitPrice: item.unitPrice,
      bought: item.quantity,
      refunded: item.refunded ?? 0,
    }));
    balances.push({
      ...unitBalance('kakaclo', undefined, order.id, order.currency, lines),
      shipped: order.shipped,
    });
  }
  return balances;
}

function unitBalance(
  provider: ProviderName,
  shop: string | undefined,
  orderId: string,
  currency: string,
  raw: RawLine[],
): OrderBalance {
  let bought = 0n;
  let refunded = 0n;
  const lines = raw.map((line): LineBalance => {
    const price = toMinor(line.unitPrice, currency);
    const lineBought = price * BigInt(line.bought);
    const lineRefunded = price * BigInt(line.refunded);
    bought += lineBought;
    refunded += lineRefunded;
    return {
      ...line,
      remaining: line.bought - line.refunded,
      boughtAmount: formatAmount(lineBought, currency),
      refundedAmount: formatAmount(lineRefunded, currency),
      remainingAmount: formatAmount(lineBought - lineRefunded, currency),
    };
  });
  return {
    provider,
    ...(shop === undefined ? {} : { shop }),
    orderId,
    currency,
    lines,
    bought: formatAmount(bought, currency),
    refunded: formatAmount(refunded, currency),
    remaining: formatAmount(bought - refunded, currency),
  };
}
