import { h, replaceChildren } from './dom.js';
import { dateTime, joined, providerName } from './format.js';
import type { Store } from './store.js';

/** Renders the ledger, each entry linked to the request that caused it while it is logged. */
export function renderLedger(
  tbody: HTMLTableSectionElement,
  store: Store,
  highlightId: string | undefined,
): void {
  if (store.ledger.length === 0) {
    replaceChildren(tbody, [
      h('tr', null, h('td', { colspan: '8', class: 'muted' }, 'No refund applied yet.')),
    ]);
    return;
  }
  replaceChildren(
    tbody,
    store.ledger.map((entry) =>
      h(
        'tr',
        { id: `ledger-${entry.id}`, class: entry.id === highlightId ? 'highlight' : undefined },
        h('td', { class: 'mono' }, entry.id),
        h('td', { class: 'time' }, dateTime(entry.appliedAt)),
        h('td', null, joined(providerName(entry.provider), entry.operation)),
        h(
          'td',
          { class: 'mono' },
          joined(entry.shop, entry.orderId),
          h('span', { class: 'why' }, `refund ${entry.refundId}`),
        ),
        h(
          'td',
          { class: 'mono' },
          entry.lines.map((line) => `${line.lineId} × ${line.quantity}`).join(', '),
        ),
        h('td', { class: 'num mono' }, `${entry.amount} ${entry.currency}`),
        h('td', null, entry.status),
        h(
          'td',
          { class: 'mono' },
          store.hasRequest(entry.requestId)
            ? h('a', { href: `#requests/${entry.requestId}` }, entry.requestId)
            : h('span', { class: 'muted', title: 'no longer in the request log' }, entry.requestId),
        ),
      ),
    ),
  );
}
