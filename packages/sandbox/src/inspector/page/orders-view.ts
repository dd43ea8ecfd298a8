import type { OrderBalance } from '../../balances.js';
import { h, replaceChildren } from './dom.js';
import { providerName } from './format.js';
import type { Store } from './store.js';

/** Renders every order, grouped by provider and shop: units and exact money (server-computed). */
export function renderOrders(container: HTMLElement, store: Store): void {
  const groups = new Map<string, OrderBalance[]>();
  for (const order of store.balances) {
    const key = `${providerName(order.provider)} · ${order.shop === undefined ? 'account' : `shop ${order.shop}`}`;
    const group = groups.get(key) ?? [];
    group.push(order);
    groups.set(key, group);
  }
  replaceChildren(
    container,
    [...groups].map(([title, orders]) =>
      h(
        'section',
        { class: 'shop', 'aria-label': title },
        h('h3', null, title),
        ...orders.map(orderTable),
      ),
    ),
  );
}

function orderTable(order: OrderBalance): HTMLElement {
  const extra: string[] = [];
  if (order.shipping !== undefined) extra.push(`shipping ${order.shipping}`);
  if (order.tip !== undefined) extra.push(`tip ${order.tip}`);
  if (order.shipped !== undefined)
    extra.push(order.shipped ? 'shipped: not refundable' : 'not shipped');
  const money = (amount: string) => `${amount} ${order.currency}`;
  return h(
    'div',
    {
      class: 'order table-wrap',
      id: `order-${order.provider}-${order.shop ?? ''}-${order.orderId}`,
    },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, `Order ${order.orderId}`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, `Order ${order.orderId}`),
          h('th', { scope: 'col', class: 'num' }, 'Unit price'),
          h('th', { scope: 'col', class: 'num' }, 'Bought'),
          h('th', { scope: 'col', class: 'num' }, 'Refunded'),
          h('th', { scope: 'col', class: 'num' }, 'Left'),
          h('th', { scope: 'col', class: 'num' }, 'Bought amount'),
          h('th', { scope: 'col', class: 'num' }, 'Refunded amount'),
          h('th', { scope: 'col', class: 'num' }, 'Left amount'),
        ),
      ),
      h(
        'tbody',
        null,
        ...order.lines.map((line) =>
          h(
            'tr',
            null,
            h(
              'td',
              null,
              h('span', { class: 'mono' }, line.lineId),
              ' ',
              h('span', { class: 'muted' }, line.name),
            ),
            h('td', { class: 'num mono' }, line.unitPrice),
            h('td', { class: 'num' }, line.bought),
            h('td', { class: 'num' }, line.refunded),
            h('td', { class: 'num' }, line.remaining),
            h('td', { class: 'num mono' }, money(line.boughtAmount)),
            h('td', { class: 'num mono' }, money(line.refundedAmount)),
            h('td', { class: 'num mono' }, money(line.remainingAmount)),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h(
            'td',
            { colspan: '5' },
            'Order total',
            extra.length > 0 ? h('span', { class: 'muted' }, ` (${extra.join(', ')})`) : undefined,
          ),
          h('td', { class: 'num mono' }, money(order.bought)),
          h('td', { class: 'num mono' }, money(order.refunded)),
          h('td', { class: 'num mono' }, money(order.remaining)),
        ),
      ),
    ),
  );
}
