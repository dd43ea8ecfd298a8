import { isDeepStrictEqual } from 'node:util';
import type { ProviderName } from '@refundkit/refund-core';
import type { LedgerEntry } from '@refundkit/sandbox';
import { orderKey, type CatalogueOrder } from './catalogue.ts';
import { minor, decimal, times } from './money.ts';

/** A refund the story asked for and expects applied exactly once. */
export interface Ask {
  readonly provider: ProviderName;
  readonly orderId: string;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
  /**
   * The amount, when the request states it (Shoplazza: it may include shipping). Else it is
   * the lines' unit prices × quantities.
   */
  readonly amount?: string;
}

/** What one order got: refunds, units per line, total. */
export interface Tally {
  readonly refunds: number;
  readonly amount: string;
  /** Units per line id, lines in id order. */
  readonly units: Readonly<Record<string, number>>;
}

/** One order: what the story asked for, what the ledger holds, and whether they agree. */
export interface OrderVerdict {
  readonly provider: ProviderName;
  readonly orderId: string;
  readonly currency: string;
  readonly asked: Tally;
  readonly ledger: Tally;
  readonly ok: boolean;
}

/**
 * Every refund the story asked for, so the end can compare them with the sandbox's ledger
 * order by order (count, units per line, exact amount) rather than print the ledger and
 * claim it is right.
 */
export class AskedRefunds {
  readonly #asks: Ask[] = [];

  add(ask: Ask): void {
    this.#asks.push(ask);
  }

  /**
   * Per order that was asked for or appears in the ledger, in the order first seen.
   * @param orders - the sandbox's orders, for currencies and unit prices.
   */
  verdicts(
    ledger: readonly LedgerEntry[],
    orders: ReadonlyMap<string, CatalogueOrder>,
  ): OrderVerdict[] {
    const keys = new Map<string, { provider: ProviderName; orderId: string }>();
    for (const { provider, orderId } of [...this.#asks, ...ledger]) {
      keys.set(orderKey(provider, orderId), { provider, orderId });
    }
    return [...keys].map(([key, { provider, orderId }]) => {
      const order = orders.get(key);
      const asks = this.#asks.filter((a) => orderKey(a.provider, a.orderId) === key);
      const entries = ledger.filter((e) => orderKey(e.provider, e.orderId) === key);
      // The story asks only for orders the sandbox sells; a stranger order is in the ledger.
      const currency = order?.currency ?? entries[0]?.currency ?? 'USD';
      const asked = tally(
        asks.map((ask) => ({
          lines: ask.lines,
          amount: ask.amount ?? askedValue(ask, order, currency),
        })),
        currency,
      );
      const got = tally(
        entries.map((entry) => ({ lines: entry.lines, amount: entry.amount })),
        currency,
      );
      return {
        provider,
        orderId,
        currency,
        asked,
        ledger: got,
        ok: isDeepStrictEqual(asked, got),
      };
    });
  }
}

/** Unit prices × quantities of an ask that states no amount. */
function askedValue(ask: Ask, order: CatalogueOrder | undefined, currency: string): string {
  let total = 0n;
  for (const line of ask.lines) {
    const unitPrice = order?.lines.get(line.lineId)?.unitPrice;
    // A line the sandbox does not sell cannot be priced: the verdict then shows "0".
    if (unitPrice !== undefined)
      total += minor(times(unitPrice, line.quantity, currency), currency);
  }
  return decimal(total, currency);
}

function tally(
  refunds: readonly {
    lines: readonly { readonly lineId: string; readonly quantity: number }[];
    amount: string;
  }[],
  currency: string,
): Tally {
  const units = new Map<string, number>();
  let total = 0n;
  for (const refund of refunds) {
    total += minor(refund.amount, currency);
    for (const line of refund.lines) {
      units.set(line.lineId, (units.get(line.lineId) ?? 0) + line.quantity);
    }
  }
  return {
    refunds: refunds.length,
    amount: decimal(total, currency),
    units: Object.fromEntries([...units].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
