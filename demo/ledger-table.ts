import type { LedgerEntry } from '@refundkit/sandbox';
import type { OrderVerdict, Tally } from './asked.ts';
import { describeLines, orderKey, type CatalogueOrder } from './catalogue.ts';

/** A table column: its title, and whether it lines up on the right (amounts). */
interface Column {
  readonly title: string;
  readonly right?: boolean;
}

/** Rows under a header, each column as wide as its widest cell, two spaces apart. */
function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        columns[i]?.right ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.title)), ...rows.map(render)];
}

/** The sandbox's ledger, one row per refund it applied, lines by name. */
export function ledgerTable(
  entries: readonly LedgerEntry[],
  orders: ReadonlyMap<string, CatalogueOrder>,
): string[] {
  return table(
    [
      { title: 'entry' },
      { title: 'provider' },
      { title: 'order' },
      { title: 'refunded' },
      { title: 'amount', right: true },
      { title: 'status' },
    ],
    entries.map((e) => [
      e.id,
      e.provider,
      e.orderId,
      describeLines(orders.get(orderKey(e.provider, e.orderId)), e.lines),
      `${e.amount} ${e.currency}`,
      e.status,
    ]),
  );
}

/**
 * Per order: what the story asked for against what the ledger holds (refunds and the exact
 * total; the units per line are compared too), with a ✓ or ✗.
 */
export function verdictTable(
  verdicts: readonly OrderVerdict[],
  mark: (ok: boolean) => string,
): string[] {
  const rows = table(
    [
      { title: 'order' },
      { title: 'asked for' },
      { title: '', right: true },
      { title: 'in the ledger' },
      { title: '', right: true },
    ],
    verdicts.map((v) => [
      `${v.provider} ${v.orderId}`,
      refunds(v.asked),
      `${v.asked.amount} ${v.currency}`,
      refunds(v.ledger),
      `${v.ledger.amount} ${v.currency}`,
    ]),
  );
  // The marks go in after the layout: colour codes would throw the widths off.
  return rows.map((row, i) => {
    const verdict = i === 0 ? undefined : verdicts[i - 1];
    return verdict === undefined ? `  ${row}` : `${mark(verdict.ok)} ${row}`;
  });
}

function refunds(tally: Tally): string {
  return `${tally.refunds} refund${tally.refunds === 1 ? '' : 's'}`;
}

/** `2 refunds, 58.50 SAR` */
export function describeTally(tally: Tally, currency: string): string {
  return `${refunds(tally)}, ${tally.amount} ${currency}`;
}
