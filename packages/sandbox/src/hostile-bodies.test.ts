/**
 * Hostile requests at every provider route, as an attacker with plain HTTP would send them.
 * After each one: the answer is a provider-style error or a valid success, the sandbox still
 * serves, and the ledger agrees with the orders (units per line and exact money per order).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keetaSign, send, type RawAnswer } from './http.test-util.js';
import { parseAmount } from './money.js';
import { startSandbox } from './start.js';
import type { Sandbox } from './sandbox.js';

const NOW_S = 1_700_000_000;
const MAX_BODY = 4096;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => NOW_S * 1000, maxBodyBytes: MAX_BODY });
});
afterAll(() => sandbox.close());

type Style = 'keeta' | 'kakaclo' | 'shoplazza2022' | 'shoplazza2024';

interface Route {
  name: string;
  style: Style;
  method: 'GET' | 'POST';
  /** Path after the provider's base URL; `{id}` is replaced by the (maybe hostile) id. */
  path: string;
  ids: string[];
  /** A valid body for this route, to mutate. */
  valid: () => Record<string, unknown>;
}

const ROUTES: Route[] = [
  {
    name: 'keeta apply',
    style: 'keeta',
    method: 'POST',
    path: '/order/refund/part/apply',
    ids: [''],
    valid: () => ({
      orderViewId: 756823555555859,
      shopId: 466663,
      products: [{ orderProductId: 1234534224, refundCount: 1 }],
      partRefundType: 200001,
    }),
  },
  {
    name: 'keeta preview',
    style: 'keeta',
    method: 'POST',
    path: '/order/refund/part/products/preview',
    ids: [''],
    valid: () => ({ orderViewId: 756823555555860, shopId: 466663 }),
  },
  {
    name: 'shoplazza 2022-01',
    style: 'shoplazza2022',
    method: 'POST',
    path: '/openapi/2022-01/orders/{id}/partial_refund',
    ids: ['1232123', '1232124', '%ZZ', '1232123%2F1'],
    valid: () => ({
      is_return: false,
      price: '35.00',
      line_items: [{ id: 'LI123', quantity: 1 }],
    }),
  },
  {
    name: 'shoplazza 2024-07',
    style: 'shoplazza2024',
    method: 'POST',
    path: '/openapi/2024-07/orders/{id}/refund',
    ids: ['1232123', '1232125', '%E0%A4', 'x'],
    valid: () => ({
      refund_total: '10.00',
      refund_shipping_total: '2.00',
      refund_line_items: [{ line_item_id: 'LI123', quantity: 1, waiting_ship_quantity: 1 }],
    }),
  },
  {
    name: 'kakaclo refund',
    style: 'kakaclo',
    method: 'POST',
    path: '/openapi/v2/order/orders/{id}/refund',
    ids: ['10001', '10004', '10003', '%ZZ'],
    valid: () => ({
      orderItems: [
        { itemId: '120001', skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' },
      ],
    }),
  },
  {
    name: 'kakaclo query',
    style: 'kakaclo',
    method: 'GET',
    path: '/openapi/v2/order/orders/refund/{id}',
    ids: ['10001', '1560897343230267394', '%ZZ', '%C0%AF'],
    valid: () => ({}),
  },
];

/** One hostile change to a valid request. */
type Attack =
  | { kind: 'valid' }
  | { kind: 'replace'; path: readonly string[]; value: unknown; raw?: string }
  | { kind: 'deep'; depth: number; array: boolean }
  | { kind: 'contentType'; type: string | null }
  | { kind: 'badUtf8' }
  | { kind: 'oversized' }
  | { kind: 'notJson'; text: string };

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-9223372036854775809',
  '18446744073709551616',
  '0.000000000000000000001',
  '1.5',
  '-1',
  '0',
  '9007199254740993',
];

const attack: fc.Arbitrary<Attack> = fc.oneof(
  fc.constant<Attack>({ kind: 'valid' }),
  fc.record({
    kind: fc.constant('replace' as const),
    path: fc.constantFrom(
      ['products', '0', 'refundCount'],
      ['products', '0', 'orderProductId'],
      ['orderViewId'],
      ['shopId'],
      ['products'],
      ['price'],
      ['line_items', '0', 'quantity'],
      ['line_items'],
      ['refund_total'],
      ['refund_shipping_total'],
      ['refund_tip'],
      ['refund_line_items', '0', 'quantity'],
      ['refund_line_items', '0', 'waiting_ship_quantity'],
      ['orderItems', '0', 'quantity'],
      ['orderItems', '0', 'countryCode'],
      ['orderItems'],
      ['extra'],
    ),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.string()),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    path: fc.constantFrom(
      ['products', '0', 'refundCount'],
      ['price'],
      ['refund_total'],
      ['refund_line_items', '0', 'quantity'],
      ['orderItems', '0', 'quantity'],
      ['line_items', '0', 'quantity'],
    ),
    value: fc.constant(0),
    raw: fc.constantFrom(...HUGE_NUMBERS),
  }),
  fc.record({
    kind: fc.constant('deep' as const),
    depth: fc.oneof(fc.integer({ min: 20, max: 40 }), fc.integer({ min: 500, max: 1900 })),
    array: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('contentType' as const),
    type: fc.constantFrom(
      null,
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'text/html',
      'application/jsonx',
      'json',
    ),
  }),
  fc.constant<Attack>({ kind: 'badUtf8' }),
  fc.constant<Attack>({ kind: 'oversized' }),
  fc.record({
    kind: fc.constant('notJson' as const),
    text: fc.constantFrom('{', '[1,2', 'null', '"str"', '[]', '42', '{"a":1}{', '\u0000', ''),
  }),
);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** The request an attack makes: body bytes and content type. */
function build(
  route: Route,
  url: string,
  a: Attack,
): { body: Uint8Array<ArrayBuffer> | string; type: string | null } {
  const body = route.valid();
  const keeta = route.style === 'keeta';
  const sign = (value: Record<string, unknown>) => {
    if (!keeta) return value;
    const { appId, accessToken, appSecret } = sandbox.credentials.keeta;
    const params = { appId, accessToken, timestamp: NOW_S, ...value };
    return { ...params, sig: keetaSign(url, params, appSecret) };
  };
  switch (a.kind) {
    case 'valid':
      return { body: JSON.stringify(sign(body)), type: 'application/json' };
    case 'replace': {
      if (a.raw !== undefined) {
        setPath(body, a.path, '__RAW__');
        return {
          body: JSON.stringify(sign(body)).replace('"__RAW__"', a.raw),
          type: 'application/json',
        };
      }
      setPath(body, a.path, a.value);
      return { body: JSON.stringify(sign(body)), type: 'application/json' };
    }
    case 'deep': {
      const [open, close] = a.array ? ['[', ']'] : ['{"a":', '}'];
      const nested = open.repeat(a.depth) + (a.array ? '' : '1') + close.repeat(a.depth);
      const text = JSON.stringify(sign(body));
      return { body: `${text.slice(0, -1)},"x":${nested}}`, type: 'application/json' };
    }
    case 'contentType':
      return { body: JSON.stringify(sign(body)), type: a.type };
    case 'badUtf8': {
      const text = new TextEncoder().encode(JSON.stringify(sign({ ...body, note: 'XX' })));
      const at = text.indexOf(0x58); // the first X
      text[at] = 0xc3;
      text[at + 1] = 0x28; // an invalid two-byte sequence
      return { body: text, type: 'application/json' };
    }
    case 'oversized':
      return {
        body: JSON.stringify(sign({ ...body, note: 'x'.repeat(MAX_BODY + 10) })),
        type: 'application/json',
      };
    case 'notJson':
      return { body: a.text, type: 'application/json' };
  }
}

function isProviderStyle(style: Style, answer: RawAnswer): boolean {
  const body = answer.json;
  if (body === null || typeof body !== 'object') return false;
  const fields = body as Record<string, unknown>;
  switch (style) {
    case 'keeta':
      return (
        [200, 413, 415].includes(answer.status) &&
        Number.isInteger(fields['code']) &&
        typeof fields['message'] === 'string'
      );
    case 'kakaclo':
      return (
        [200, 401, 404, 413, 415].includes(answer.status) &&
        Number.isInteger(fields['code']) &&
        typeof fields['message'] === 'string'
      );
    case 'shoplazza2022':
      if (answer.status === 200) return typeof fields['Id'] === 'string';
      return (
        [400, 404, 406, 413, 415, 422].includes(answer.status) &&
        Array.isArray(fields['errors']) &&
        (fields['errors'] as unknown[]).every((e) => typeof e === 'string')
      );
    case 'shoplazza2024':
      return (
        [200, 400, 404, 413, 415].includes(answer.status) &&
        typeof fields['code'] === 'string' &&
        (answer.status === 200) === (fields['code'] === 'SUCCESS') &&
        typeof fields['message'] === 'string'
      );
  }
}

/** Per order: units refunded per line and money, from the ledger and from the orders. */
function ledgerAgreesWithOrders(): void {
  const entries = sandbox.ledger().filter((e) => e.status !== 'refund_failed');
  const orders = sandbox.orders();
  const fromLedger = (provider: string, orderId: string, shop?: string) => {
    const mine = entries.filter(
      (e) =>
        e.provider === provider && e.orderId === orderId && (shop === undefined || e.shop === shop),
    );
    const units: Record<string, number> = {};
    for (const line of mine.flatMap((e) => e.lines)) {
      units[line.lineId] = (units[line.lineId] ?? 0) + line.quantity;
    }
    return { units, money: mine.reduce((sum, e) => sum + BigInt(e.amountMinor), 0n) };
  };
  for (const order of orders.keeta.orders) {
    const { units, money } = fromLedger('keeta', order.orderViewId);
    const expected: Record<string, number> = {};
    let value = 0n;
    for (const p of order.products) {
      if (p.refunded) expected[p.orderProductId] = p.refunded;
      value += parseAmount(p.unitPrice, order.currency)! * BigInt(p.refunded ?? 0);
    }
    expect({ order: order.orderViewId, units, money }).toEqual({
      order: order.orderViewId,
      units: expected,
      money: value,
    });
  }
  for (const order of orders.kakaclo.orders) {
    const { units, money } = fromLedger('kakaclo', order.id);
    const expected: Record<string, number> = {};
    let value = 0n;
    for (const item of order.items) {
      if (item.refunded) expected[item.itemId] = item.refunded;
      value += parseAmount(item.unitPrice, order.currency)! * BigInt(item.refunded ?? 0);
    }
    expect({ order: order.id, units, money }).toEqual({
      order: order.id,
      units: expected,
      money: value,
    });
  }
  for (const order of orders.shoplazza.orders) {
    const { units, money } = fromLedger('shoplazza', order.id, order.shop);
    const expected: Record<string, number> = {};
    for (const line of order.lineItems) if (line.refunded) expected[line.id] = line.refunded;
    expect({ order: order.id, units, money }).toEqual({
      order: order.id,
      units: expected,
      money: parseAmount(order.refundedAmount ?? '0', order.currency),
    });
  }
}

describe('hostile bodies at every provider route', () => {
  it('always a provider-style answer, the sandbox serving, the ledger equal to the orders', async () => {
    let runs = 0;
    let successes = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.nat(), attack, async (route, idPick, a) => {
        if (++runs % 40 === 0) sandbox.reset();
        const id = route.ids[idPick % route.ids.length]!;
        const base =
          route.style === 'keeta'
            ? sandbox.baseUrls.keeta
            : route.style === 'kakaclo'
              ? sandbox.baseUrls.kakaclo
              : sandbox.shoplazzaBaseUrl('demo-store');
        const url = `${base}${route.path.replace('{id}', id)}`;
        const { body, type } = build(route, url, route.method === 'GET' ? { kind: 'valid' } : a);
        const headers: Record<string, string> = {
          authorization: `Bearer ${sandbox.credentials.kakaclo.accessToken}`,
          'access-token': sandbox.credentials.shoplazza.accessToken,
        };
        if (type !== null) headers['content-type'] = type;
        const response = await fetch(url, {
          method: route.method,
          headers,
          ...(route.method === 'GET' ? {} : { body }),
        });
        const text = await response.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const answer = { status: response.status, headers: response.headers, text, json };
        expect(
          isProviderStyle(route.style, answer),
          `${route.name} ${id} ${JSON.stringify(a).slice(0, 200)} → ${answer.status} ${text.slice(0, 300)}`,
        ).toBe(true);
        if (
          answer.status === 200 &&
          [0, 10000, 'SUCCESS'].includes((json as { code?: unknown }).code as never)
        ) {
          successes++;
        }
        const alive = await send(`${sandbox.url}/__sandbox/faults`, { method: 'GET' });
        expect(alive.status).toBe(200);
        ledgerAgreesWithOrders();
      }),
      { seed: 42, numRuns: 1000 },
    );
    // The run is only meaningful if some hostile-looking requests still went through.
    expect(successes).toBeGreaterThan(10);
    // A budget for 1000 HTTP round trips on a loaded CI machine, not a speed assertion.
  }, 120_000);
});
