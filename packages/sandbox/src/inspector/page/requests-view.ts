import type { LoggedRequest, LoggedRequestSummary } from '../../request-log.js';
import { h, replaceChildren } from './dom.js';
import { newestMatching, type RequestFilter } from './filter.js';
import { clock, httpStatus, joined, providerName, verdictLabel } from './format.js';
import type { Store } from './store.js';

/** Rows rendered at most: the newest matching ones, so 10,000 logged requests stay fast. */
const MAX_ROWS = 200;

/** Renders the log table (newest first) and the "showing N of M" line. */
export function renderRequests(
  tbody: HTMLTableSectionElement,
  shown: HTMLElement,
  store: Store,
  filter: RequestFilter,
  selectedId: string | undefined,
): void {
  const { rows, matching } = newestMatching(store.requests, filter, MAX_ROWS);
  replaceChildren(
    tbody,
    rows.map((request) => row(request, request.id === selectedId)),
  );
  const total = store.requests.length;
  const newest = rows.length < matching ? 'the newest ' : '';
  shown.textContent = filtered(filter)
    ? `Showing ${newest}${rows.length} of ${matching} matching requests (${total} in the log, which keeps the last ${store.capacity}).`
    : `Showing ${newest}${rows.length} of ${total} requests (the log keeps the last ${store.capacity}).`;
  // For tests and the benchmark: which filter the rows on screen answer, and how many match.
  shown.dataset['filter'] = `${filter.provider}|${filter.order.trim()}|${filter.outcome}`;
  shown.dataset['matching'] = String(matching);
  if (rows.length === 0) {
    replaceChildren(tbody, [
      h(
        'tr',
        null,
        h(
          'td',
          { colspan: '6', class: 'muted' },
          store.capacity === 0
            ? 'The request log is off (requestLogSize 0, --request-log 0).'
            : total === 0
              ? 'No request yet: point a client at this sandbox.'
              : 'No request matches the filters.',
        ),
      ),
    ]);
  }
}

function filtered(filter: RequestFilter): boolean {
  return filter.provider !== '' || filter.order.trim() !== '' || filter.outcome !== '';
}

function row(request: LoggedRequestSummary, selected: boolean): HTMLTableRowElement {
  const why = request.message ?? request.violations[0]?.message;
  return h(
    'tr',
    { 'data-id': request.id, class: selected ? 'selected' : undefined },
    h('td', { class: 'time' }, clock(request.at)),
    h(
      'td',
      null,
      h(
        'a',
        {
          class: 'req mono',
          href: `#requests/${request.id}`,
          'aria-current': selected ? 'true' : undefined,
        },
        request.id,
      ),
      h('span', { class: 'why mono' }, `${request.method} ${request.path}`),
    ),
    h(
      'td',
      null,
      h('span', { class: `badge ${request.outcome}` }, verdictLabel(request)),
      ...request.faults
        .map((fault) => [' ', h('span', { class: 'badge fault' }, `⚡ ${fault.kind}`)])
        .flat(),
      why === undefined ? undefined : h('span', { class: 'why' }, why),
    ),
    h('td', { class: 'num' }, httpStatus(request.status)),
    h('td', null, joined(providerName(request.provider), request.operation)),
    h('td', { class: 'mono ids' }, joined(request.shop, request.orderId)),
  );
}

/** Renders one request's details: verdict, violations, faults, ledger entries, bodies. */
export function renderDetail(
  panel: HTMLElement,
  request: LoggedRequest | undefined,
  id: string,
): void {
  if (request === undefined) {
    replaceChildren(panel, [
      h('h3', null, id),
      h(
        'p',
        { class: 'muted' },
        'This request is no longer in the log (it keeps the newest only).',
      ),
    ]);
    return;
  }
  const fields: [string, Node | string][] = [
    ['Received', `${request.at} (UTC)`],
    ['Request', h('code', null, `${request.method} ${request.path}`)],
    ['Provider', joined(providerName(request.provider), request.operation)],
  ];
  if (request.shop !== undefined) fields.push(['Shop', request.shop]);
  if (request.orderId !== undefined) fields.push(['Order', request.orderId]);
  fields.push(['HTTP', httpStatus(request.status)]);
  fields.push(['Verdict', h('span', { class: `badge ${request.outcome}` }, verdictLabel(request))]);
  if (request.message !== undefined) fields.push(['Message', request.message]);
  replaceChildren(panel, [
    h('h3', null, request.id),
    h(
      'dl',
      null,
      ...fields.flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
    ),
    request.violations.length === 0
      ? undefined
      : h(
          'section',
          { 'aria-label': 'Violations' },
          h('h4', null, 'Violations'),
          h(
            'ul',
            { class: 'violations' },
            ...request.violations.map((v) =>
              h(
                'li',
                null,
                h('code', null, v.field),
                ` ${v.message} `,
                h('span', { class: 'muted' }, `(${v.keyword})`),
              ),
            ),
          ),
        ),
    request.faults.length === 0
      ? undefined
      : h(
          'p',
          null,
          'Faults fired: ',
          ...request.faults.flatMap((f, i) => [
            i > 0 ? ', ' : undefined,
            h('a', { href: '#faults' }, `${f.id} (${f.kind})`),
          ]),
        ),
    request.ledger.length === 0
      ? undefined
      : h(
          'p',
          null,
          'Ledger: ',
          ...request.ledger.flatMap((entry, i) => [
            i > 0 ? ', ' : undefined,
            h('a', { href: `#ledger/${entry}` }, entry),
          ]),
        ),
    h('h4', null, 'Body (credentials masked)'),
    request.body === undefined
      ? h('p', { class: 'muted' }, request.bodyNote ?? 'no body')
      : h('pre', null, JSON.stringify(request.body, null, 2)),
    h('h4', null, 'Answer'),
    request.answer === undefined
      ? h(
          'p',
          { class: 'muted' },
          request.status === 0 ? 'none: the connection was closed' : 'not JSON',
        )
      : h('pre', null, JSON.stringify(request.answer, null, 2)),
    h('h4', null, 'Headers (credentials masked)'),
    h(
      'pre',
      null,
      Object.entries(request.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
    ),
  ]);
}
