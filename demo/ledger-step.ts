import type { Tally } from './asked.ts';
import { catalogue, describeLines, orderKey, type CatalogueOrder } from './catalogue.ts';
import { describeTally, ledgerTable, verdictTable } from './ledger-table.ts';
import type { Step } from './step.ts';

/**
 * The end: the sandbox's ledger (every refund it applied, as the providers would have it)
 * and, per order, the comparison with what the story asked for: the proof that each order
 * was refunded exactly as asked, once, with no refund lost and none doubled.
 */
export const ledgerStep: Step = {
  name: 'The ledger: each order refunded exactly as asked',
  why: "The sandbox's ledger holds what the providers would: every refund applied. It is compared, order by order, with what the story asked for.",
  topic: 'the ledger checked order by order',
  run({ sandbox, out, asked, checks }) {
    const orders = catalogue(sandbox);
    const ledger = sandbox.ledger();
    out.line(`the sandbox's ledger, every refund it applied (${ledger.length}):`);
    for (const row of ledgerTable(ledger, orders)) out.line(`  ${row}`);
    out.line();
    const verdicts = asked.verdicts(ledger, orders);
    out.line(
      'per order, what the story asked for against the ledger (units per line compared too):',
    );
    const mark = (ok: boolean) => (ok ? out.style('ok', '✓') : out.style('bad', '✗'));
    for (const row of verdictTable(verdicts, mark)) out.line(row);
    for (const v of verdicts.filter((verdict) => !verdict.ok)) {
      const order = orders.get(orderKey(v.provider, v.orderId));
      checks.failed(
        `${v.provider} order ${v.orderId}: asked for ${describe(v.asked, v.currency, order)}; ` +
          `the ledger has ${describe(v.ledger, v.currency, order)}`,
      );
    }
    const wrong = verdicts.filter((v) => !v.ok).length;
    return Promise.resolve(
      wrong === 0
        ? `each of the ${verdicts.length} orders refunded exactly as asked (${ledger.length} refunds)`
        : `${wrong} of ${verdicts.length} orders not refunded as asked`,
    );
  },
};

/** `3 refunds, 58.50 SAR (2 × Chicken burger, 1 × Fries)` */
function describe(tally: Tally, currency: string, order: CatalogueOrder | undefined): string {
  const lines = Object.entries(tally.units).map(([lineId, quantity]) => ({ lineId, quantity }));
  return `${describeTally(tally, currency)} (${describeLines(order, lines) || 'nothing'})`;
}
