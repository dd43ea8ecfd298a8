import type { Sandbox } from '@refundkit/sandbox';

/** One order line as the sandbox sells it. */
interface CatalogueLine {
  /** What a person calls it: Keeta's product name, Shoplazza's title, KakaClo's SKU and warehouse. */
  readonly name: string;
  readonly unitPrice: string;
  readonly quantity: number;
  /** Units refunded so far. */
  readonly refunded: number;
}

/** One order: its currency and lines by line id. */
export interface CatalogueOrder {
  readonly currency: string;
  readonly lines: ReadonlyMap<string, CatalogueLine>;
}

/** The key of an order across providers (`keeta:756823555555859`). */
export function orderKey(provider: string, orderId: string): string {
  return `${provider}:${orderId}`;
}

/**
 * The sandbox's orders as it stands, in one shape for the three providers: the names and
 * prices the story prints, and what it computes the expected refunds from.
 */
export function catalogue(sandbox: Sandbox): ReadonlyMap<string, CatalogueOrder> {
  const { keeta, shoplazza, kakaclo } = sandbox.orders();
  const orders = new Map<string, CatalogueOrder>();
  for (const order of keeta.orders) {
    orders.set(orderKey('keeta', order.orderViewId), {
      currency: order.currency,
      lines: new Map(
        order.products.map((p) => [
          p.orderProductId,
          { name: p.name, unitPrice: p.unitPrice, quantity: p.count, refunded: p.refunded ?? 0 },
        ]),
      ),
    });
  }
  for (const order of shoplazza.orders) {
    orders.set(orderKey('shoplazza', order.id), {
      currency: order.currency,
      lines: new Map(
        order.lineItems.map((l) => [
          l.id,
          { name: l.title, unitPrice: l.price, quantity: l.quantity, refunded: l.refunded ?? 0 },
        ]),
      ),
    });
  }
  for (const order of kakaclo.orders) {
    orders.set(orderKey('kakaclo', order.id), {
      currency: order.currency,
      lines: new Map(
        order.items.map((i) => [
          i.itemId,
          {
            // One SKU can be on lines of several warehouses: the country tells them apart.
            name: `${i.skuCode} (${i.countryCode})`,
            unitPrice: i.unitPrice,
            quantity: i.quantity,
            refunded: i.refunded ?? 0,
          },
        ]),
      ),
    });
  }
  return orders;
}

/** `2 × Chicken burger, 1 × Fries`: lines by their names. */
export function describeLines(
  order: CatalogueOrder | undefined,
  lines: readonly { readonly lineId: string; readonly quantity: number }[],
): string {
  return lines
    .map((line) => `${line.quantity} × ${order?.lines.get(line.lineId)?.name ?? line.lineId}`)
    .join(', ');
}
