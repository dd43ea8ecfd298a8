/**
 * The inspector page (`GET /__sandbox/`): loads the request log, ledger, order balances and
 * fault rules from the admin API, keeps them current from the live events
 * (`GET /__sandbox/events`), and renders the view the URL's hash names. Bundled by
 * `scripts/build-inspector.ts`; no framework, no inline script.
 */
import type { OrderBalance } from '../../balances.js';
import type { FaultRule } from '../../faults.js';
import type { LedgerEntry } from '../../ledger.js';
import type { LoggedRequest, LoggedRequestSummary } from '../../request-log.js';
import type { InspectorPart } from '../events.js';
import { AdminError, call, NeedsToken } from './api.js';
import { byId, tableBody } from './dom.js';
import { faultFromForm, renderFaults } from './faults-view.js';
import type { RequestFilter } from './filter.js';
import { renderLedger } from './ledger-view.js';
import { renderOrders } from './orders-view.js';
import { renderDetail, renderRequests } from './requests-view.js';
import { Store } from './store.js';

type View = 'requests' | 'orders' | 'ledger' | 'faults';
const VIEWS: readonly View[] = ['requests', 'orders', 'ledger', 'faults'];

const store = new Store();
const page = {
  live: byId('live', HTMLElement),
  nav: byId('views-nav', HTMLElement),
  filters: byId('request-filters', HTMLFormElement),
  requests: tableBody('requests-table'),
  shown: byId('requests-shown', HTMLElement),
  detail: byId('request-detail', HTMLElement),
  ledger: tableBody('ledger-table'),
  orders: byId('orders-list', HTMLElement),
  faults: tableBody('faults-table'),
  faultsEmpty: byId('faults-empty', HTMLElement),
  faultForm: byId('fault-form', HTMLFormElement),
  faultError: byId('fault-error', HTMLElement),
  faultsClear: byId('faults-clear', HTMLButtonElement),
  loginForm: byId('login-form', HTMLFormElement),
  loginError: byId('login-error', HTMLElement),
};

/** Where the hash points: a view, and a request or ledger entry in it. */
let route: { view: View; item: string | undefined } = { view: 'requests', item: undefined };
/** Views whose data changed since they were last rendered. */
const dirty = new Set<View>(VIEWS);
let renderTimer: number | undefined;

function readRoute(): typeof route {
  const [name, item] = location.hash.replace(/^#/, '').split('/');
  const view = VIEWS.includes(name as View) ? (name as View) : 'requests';
  return { view, item: item === undefined || item === '' ? undefined : decodeURIComponent(item) };
}

function filter(): RequestFilter {
  const data = new FormData(page.filters);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { provider: text('provider'), order: text('order'), outcome: text('outcome') };
}

/** Renders soon, once per burst of changes (live batches arrive many a second). */
function scheduleRender(...views: View[]): void {
  for (const view of views) dirty.add(view);
  renderTimer ??= window.setTimeout(() => {
    renderTimer = undefined;
    render();
  }, 16);
}

function render(): void {
  byId('count-requests', HTMLElement).textContent = String(store.requests.length);
  byId('count-ledger', HTMLElement).textContent = String(store.ledger.length);
  byId('count-faults', HTMLElement).textContent = String(store.faults.length);
  if (!dirty.has(route.view)) return;
  dirty.delete(route.view);
  if (route.view === 'requests') {
    const selected = route.item;
    renderRequests(page.requests, page.shown, store, filter(), selected);
  } else if (route.view === 'ledger') {
    renderLedger(page.ledger, store, route.item);
  } else if (route.view === 'orders') {
    renderOrders(page.orders, store);
  } else {
    renderFaults(page.faults, page.faultsEmpty, store);
  }
}

/** Shows the view the hash names, and the request or ledger entry it points at. */
function showRoute(): void {
  const previous = route;
  route = readRoute();
  for (const view of VIEWS) byId(`view-${view}`, HTMLElement).hidden = view !== route.view;
  for (const link of page.nav.querySelectorAll('a')) {
    if (link.dataset['view'] === route.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  dirty.add(route.view);
  render();
  if (route.view === 'requests' && route.item !== undefined && route.item !== previous.item) {
    void showDetail(route.item);
  }
  if (route.view === 'ledger' && route.item !== undefined) {
    document.getElementById(`ledger-${route.item}`)?.scrollIntoView({ block: 'center' });
  }
}

async function showDetail(id: string): Promise<void> {
  let request: LoggedRequest | undefined;
  try {
    request = await call<LoggedRequest>('GET', `/__sandbox/requests/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
  }
  if (route.item === id) renderDetail(page.detail, request, id);
}

// ---- data ----

async function loadRequests(): Promise<void> {
  const list = await call<{ capacity: number; requests: LoggedRequestSummary[] }>(
    'GET',
    '/__sandbox/requests',
  );
  store.replaceRequests(list.requests, list.capacity);
  scheduleRender('requests', 'ledger', 'faults');
}

/** Requests logged since the newest one held (after a reconnection). */
async function catchUp(): Promise<void> {
  const list = await call<{ capacity: number; added: number; requests: LoggedRequestSummary[] }>(
    'GET',
    `/__sandbox/requests?after=${store.lastSeq}`,
  );
  // Fewer logged than we hold: another sandbox on this port (a restart), or a missed reset.
  if (list.added < store.lastSeq) {
    await loadRequests();
    return;
  }
  store.capacity = list.capacity;
  store.addRequests(list.requests);
  scheduleRender('requests', 'ledger', 'faults');
}

const loaders: Record<InspectorPart, () => Promise<void>> = {
  ledger: async () => {
    store.ledger = (await call<{ entries: LedgerEntry[] }>('GET', '/__sandbox/ledger')).entries;
    scheduleRender('ledger');
  },
  orders: async () => {
    store.balances = (await call<{ orders: OrderBalance[] }>('GET', '/__sandbox/balances')).orders;
    scheduleRender('orders');
  },
  faults: async () => {
    store.faults = (await call<{ faults: FaultRule[] }>('GET', '/__sandbox/faults')).faults;
    scheduleRender('faults');
  },
};

const stale = new Set<InspectorPart>();
let refreshTimer: number | undefined;

/** Fetches parts again, once for a burst of changes. */
function refresh(...parts: InspectorPart[]): void {
  for (const part of parts) stale.add(part);
  refreshTimer ??= window.setTimeout(() => {
    refreshTimer = undefined;
    const due = [...stale];
    stale.clear();
    void Promise.all(due.map((part) => loaders[part]())).catch(showDown);
  }, 50);
}

async function loadAll(): Promise<void> {
  await Promise.all([loadRequests(), loaders.ledger(), loaders.orders(), loaders.faults()]);
}

// ---- live updates ----

function connect(): void {
  const events = new EventSource('/__sandbox/events');
  let opened = false;
  events.addEventListener('open', () => {
    page.live.dataset['state'] = 'live';
    page.live.textContent = `live · ${location.host}`;
    // Whatever happened before this stream (or while it was down) is fetched once.
    if (opened) void catchUp().catch(showDown);
    opened = true;
    refresh('ledger', 'orders', 'faults');
  });
  events.addEventListener('error', () => {
    showDown();
  });
  events.addEventListener('requests', (event) => {
    const batch = JSON.parse((event as MessageEvent<string>).data) as LoggedRequestSummary[];
    store.addRequests(batch);
    if (batch.some((r) => r.ledger.length > 0)) refresh('ledger', 'orders');
    if (batch.some((r) => r.faults.length > 0)) refresh('faults');
    scheduleRender('requests', 'faults', 'ledger');
  });
  events.addEventListener('changed', (event) => {
    refresh(...(JSON.parse((event as MessageEvent<string>).data) as InspectorPart[]));
  });
  events.addEventListener('resync', () => void loadRequests().catch(showDown));
  events.addEventListener('reset', () => {
    store.replaceRequests([], store.capacity);
    void loadAll().catch(showDown);
  });
}

function showDown(): void {
  page.live.dataset['state'] = 'down';
  page.live.textContent = 'disconnected: reconnecting…';
}

// ---- controls ----

function wireControls(): void {
  window.addEventListener('hashchange', showRoute);
  page.filters.addEventListener('input', () => {
    scheduleRender('requests');
  });
  page.filters.addEventListener('submit', (event) => {
    event.preventDefault();
  });
  // Up and down arrows move between the log's rows, as in a list.
  page.requests.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...page.requests.querySelectorAll<HTMLAnchorElement>('a.req')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[at + (event.key === 'ArrowDown' ? 1 : -1)];
    if (at >= 0 && next) {
      event.preventDefault();
      next.focus();
    }
  });
  page.faultForm.addEventListener('submit', (event) => {
    event.preventDefault();
    page.faultError.textContent = '';
    call('POST', '/__sandbox/faults', { faults: [faultFromForm(page.faultForm)] }).then(
      () => loaders.faults(),
      (error: unknown) => {
        page.faultError.textContent = error instanceof Error ? error.message : String(error);
      },
    );
  });
  page.faultsClear.addEventListener('click', () => {
    void call('DELETE', '/__sandbox/faults').then(() => loaders.faults());
  });
  page.faults.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-remove]');
    const id = button?.dataset['remove'];
    if (id === undefined) return;
    void call('DELETE', `/__sandbox/faults/${encodeURIComponent(id)}`).then(() => loaders.faults());
  });
}

/** With an admin token: the token, once, for a session cookie; then the page loads again. */
function askForToken(): void {
  for (const view of VIEWS) byId(`view-${view}`, HTMLElement).hidden = true;
  page.nav.hidden = true;
  byId('view-login', HTMLElement).hidden = false;
  page.live.textContent = 'needs the admin token';
  byId('login-token', HTMLElement).focus();
  page.loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = new FormData(page.loginForm).get('token');
    void fetch('/__sandbox/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }).then((response) => {
      if (response.ok) location.reload();
      else page.loginError.textContent = 'That is not the admin token.';
    });
  });
}

async function start(): Promise<void> {
  try {
    await loadAll();
  } catch (error) {
    if (error instanceof NeedsToken) {
      askForToken();
      return;
    }
    throw error;
  }
  wireControls();
  showRoute();
  connect();
}

void start();
