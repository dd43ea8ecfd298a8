// A consumer's first program, type-checked against the published .d.ts files and run on
// Node 22 and 24. `fetch` is injected so it needs no network; everything else is real.
import { OutcomeUnknownError, RefundkitError, parseJson } from '@refundkit/http';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient, verifyKeetaSignature } from '@refundkit/keeta';
import { startSandbox } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import { createRefunds } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { SqliteIdempotencyStore } from '@refundkit/refund-core/sqlite';
import { migrationSql, PostgresIdempotencyStore } from '@refundkit/store-postgres';

// No @types/node here on purpose: the published types must not need them.
declare const process: { version: string };
console.log(`node ${process.version.split('.')[0]}`);

function answer(body: string, sent: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    sent.push(await request.text());
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`quickstart: ${what}`);
}

// Keeta: signing (Web Crypto), an id above 2^53 in and out, the envelope.
const keetaSent: string[] = [];
const keeta = createKeetaClient({
  appId: 123,
  appSecret: 'app-secret-abc',
  accessToken: 'merchant-token-xyz',
  fetch: answer(
    '{"code":0,"message":"ok","data":{"products":[{"id":1152921504606846977}]}}',
    keetaSent,
  ),
});
const preview = await keeta.previewPartialRefund({ orderViewId: 2n ** 60n + 1n, shopId: 466663 });
check(String(preview?.products?.[0]?.id) === '1152921504606846977', 'keeta id round trip');
check(keetaSent[0]!.includes('"orderViewId":1152921504606846977'), 'keeta exact id on the wire');
const { sig, ...params } = parseJson(keetaSent[0]!) as Record<string, unknown>;
check(params['accessToken'] === 'merchant-token-xyz', 'keeta common parameters');
check(
  await verifyKeetaSignature({
    url: 'https://open.mykeeta.com/api/open/order/refund/part/products/preview',
    params,
    appSecret: 'app-secret-abc',
    sig,
  }),
  'keeta signature verifies',
);
console.log('keeta ok');

// Shoplazza: shop name check, exact money sum, the 2024-07 envelope.
const shoplazza = createShoplazzaClient({
  shop: 'mystore',
  accessToken: 'shop-token-123',
  currency: 'USD',
  fetch: answer(
    '{"code":"SUCCESS","message":"ok","data":{"refund_record_id":"r1","post_sale_id":"p1"}}',
    [],
  ),
});
const refund = await shoplazza.refundOrder('1232123', {
  refund_total: '0.30',
  refund_payments: [
    { payment_line_id: 'a', refund_price: '0.10' },
    { payment_line_id: 'b', refund_price: '0.20' },
  ],
});
check(refund.refund_record_id === 'r1', 'shoplazza data');
try {
  createShoplazzaClient({ shop: 'evil.com/', accessToken: 'shop-token-123' });
  check(false, 'shoplazza host injection refused');
} catch (error) {
  check(error instanceof RefundkitError, 'shoplazza typed error');
}
console.log('shoplazza ok');

// KakaClo: a 19-digit refund id, and a refund that must not be resent after a timeout.
const kakaclo = createKakacloClient({
  accessToken: 'kakaclo-token-456',
  fetch: answer('{"code":10000,"message":"ok","data":1560897343230267394}', []),
});
const { refundId } = await kakaclo.refundOrder('10001');
check(refundId === '1560897343230267394', 'kakaclo exact refund id');
let calls = 0;
const hanging = createKakacloClient({
  accessToken: 'kakaclo-token-456',
  timeoutMs: 50,
  fetch: () => {
    calls++;
    return new Promise<Response>(() => {
      // Never settles: the client's own timeout must end the call.
    });
  },
});
try {
  await hanging.refundOrder('10001');
  check(false, 'kakaclo timeout');
} catch (error) {
  check(error instanceof OutcomeUnknownError && calls === 1, 'kakaclo outcome unknown, sent once');
  check(!JSON.stringify(error).includes('kakaclo-token-456'), 'kakaclo token not in error');
}
console.log('kakaclo ok');

// The sandbox, on this Node, with a client over real HTTP.
const sandbox = await startSandbox();
const local = createKakacloClient({
  baseUrl: sandbox.baseUrls.kakaclo,
  ...sandbox.credentials.kakaclo,
});
const applied = await local.refundOrder('10001');
check(sandbox.ledger()[0]?.refundId === applied.refundId, 'sandbox ledger matches the client');
console.log('sandbox ok');

// refund-core over the same client: one key, one refund, the second call replayed.
const refunds = createRefunds({ providers: { kakaclo: kakacloAdapter(local) } });
const request = {
  provider: 'kakaclo',
  idempotencyKey: 'quickstart-1',
  orderId: '10004',
  wholeOrder: true,
} as const;
const first = await refunds.refund(request);
const again = await refunds.refund(request);
check(first.status === 'pending' && !first.replayed, 'refund-core first call');
check(again.replayed && again.refundId === first.refundId, 'refund-core replay');
check(sandbox.ledger({ orderId: '10004' }).length === 1, 'refund-core one ledger entry');

// The SQLite store (node:sqlite, unflagged from Node 22.13): a "restart" still replays.
const path = `./quickstart-${Date.now()}.sqlite`;
const before = new SqliteIdempotencyStore({ path });
const durable = { ...request, idempotencyKey: 'quickstart-2', orderId: '10001' } as const;
const stored = await createRefunds({
  providers: { kakaclo: kakacloAdapter(local) },
  store: before,
}).refund(durable);
await before.close();
const after = new SqliteIdempotencyStore({ path });
const replayed = await createRefunds({
  providers: { kakaclo: kakacloAdapter(local) },
  store: after,
}).refund(durable);
await after.close();
// 10001 was refunded whole above, so KakaClo refuses this one: a refusal is stored too.
check(stored.status === 'failed' && !stored.replayed, 'refund-core sqlite first call');
check(replayed.replayed && replayed.status === 'failed', 'refund-core sqlite replay');
await sandbox.close();
console.log('refund-core ok');

// store-postgres loads with its pg peer and prints its migration (no server needed here).
check(migrationSql({ schema: 'refunds' }).includes('CREATE TABLE'), 'store-postgres migration');
check(typeof PostgresIdempotencyStore === 'function', 'store-postgres store class');
console.log('store-postgres ok');
