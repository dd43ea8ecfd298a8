/**
 * refund-core against the peer server, per provider: the client called directly making the
 * provider calls refund-core's adapter makes for one refund, and `refunds.refund()` over
 * each store. Every call is a new idempotency key and a new order, so refund-core claims,
 * locks the order, reads the order's other records, snapshots, checkpoints, sends and
 * completes each time (nothing is replayed). The direct contestant makes the same HTTP
 * calls (KakaClo: the refund list, then the refund; Keeta: the preview, then the refund;
 * Shoplazza 2024-07: the refund), so the ratio is refund-core's own cost, not extra requests.
 */
import type { RefundRequest, Refunds, RefundsOptions } from '@refundkit/refund-core';
import type { Contestant } from './contestants.ts';
import { asObject } from './contestants.ts';
import { fixture, type Fixture, type Provider } from './fixtures.ts';
import { importPackage, importSubpath } from './resolve.ts';

type KeetaModule = typeof import('@refundkit/keeta');
type ShoplazzaModule = typeof import('@refundkit/shoplazza');
type KakacloModule = typeof import('@refundkit/kakaclo');
type Adapter = NonNullable<RefundsOptions['providers']['kakaclo']>;

/** One provider's refund, made directly and through refund-core. */
export interface CoreScenario {
  provider: Provider;
  /** The peer routes one refund touches, each once. */
  routes: readonly string[];
  /** The client called directly, same calls as the adapter. */
  direct: Contestant;
  /** A refund-core contestant over `refunds` (its own store). */
  through(name: string, refunds: Refunds): Contestant;
  /** The adapter, for `createRefunds`. */
  adapter: Adapter;
  /** The request's body fields that legitimately differ per call (ids, signature). */
  volatile: readonly string[];
}

/** Order ids and keys: one counter for the whole process, so no two calls share one. */
let sequence = 0;
const next = () => ++sequence;

/** The three scenarios against the peer server at `origin`. */
export async function coreScenarios(
  origin: string,
  fixtures: readonly Fixture[],
): Promise<CoreScenario[]> {
  const [{ createKakacloClient }, { createKeetaClient }, { createShoplazzaClient }] =
    await Promise.all([
      importPackage<KakacloModule>('@refundkit/kakaclo'),
      importPackage<KeetaModule>('@refundkit/keeta'),
      importPackage<ShoplazzaModule>('@refundkit/shoplazza'),
    ]);
  const [{ kakacloAdapter }, { keetaAdapter }, { shoplazzaAdapter }] = await Promise.all([
    importSubpath<{ kakacloAdapter: (c: unknown) => Adapter }>(
      '@refundkit/refund-core',
      './kakaclo',
    ),
    importSubpath<{ keetaAdapter: (c: unknown) => Adapter }>('@refundkit/refund-core', './keeta'),
    importSubpath<{ shoplazzaAdapter: (c: unknown) => Adapter }>(
      '@refundkit/refund-core',
      './shoplazza',
    ),
  ]);
  const settled = (want: RefundRequest['provider'], status: string) => (refunds: Refunds) =>
    async function (request: RefundRequest): Promise<boolean> {
      const result = await refunds.refund(request);
      return result.provider === want && result.status === status;
    };

  // KakaClo: the spec's `someItems` refund; refund-core reads the order's refunds first.
  const kakaclo = createKakacloClient({ baseUrl: `${origin}/kakaclo`, accessToken: 'bench' });
  // The spec example names every line by item id, SKU and warehouse country.
  const kakacloBody = fixture(fixtures, 'kakaclo.refundOrder').request as unknown as {
    refundReason: string;
    remark: string;
    orderItems: { itemId: string; skuCode: string; quantity: number; countryCode: string }[];
  };
  const kakacloRefundId = String(
    asObject(fixture(fixtures, 'kakaclo.refundOrder').answer)?.['data'],
  );
  const kakacloRequest = (n: number): RefundRequest => ({
    provider: 'kakaclo',
    idempotencyKey: `bench-kakaclo-${n}`,
    orderId: String(20_000_000 + n),
    reason: { code: kakacloBody.refundReason, text: kakacloBody.remark },
    lines: kakacloBody.orderItems.map((item) => ({
      lineId: item.itemId,
      skuCode: item.skuCode,
      quantity: item.quantity,
      countryCode: item.countryCode,
    })),
  });

  // Keeta: the spec's `standardReason` partial refund; refund-core previews it first.
  const keeta = createKeetaClient({
    appId: 123,
    appSecret: 'abc',
    accessToken: 'abc',
    baseUrl: `${origin}/keeta`,
  });
  const keetaShop = '466663';
  const keetaLine = '1234534224';
  const keetaData = asObject(fixture(fixtures, 'keeta.applyPartialRefund').answer)?.['data'];
  const keetaRequest = (n: number): RefundRequest => ({
    provider: 'keeta',
    idempotencyKey: `bench-keeta-${n}`,
    orderId: String(756_823_000_000_000 + n),
    shopId: keetaShop,
    lines: [{ lineId: keetaLine, quantity: 1 }],
    reason: { code: 200001 },
  });

  // Shoplazza 2024-07: the spec's `itemsShippingAndFees` refund; nothing is read first.
  const shoplazza = createShoplazzaClient({ baseUrl: `${origin}/shoplazza`, accessToken: 'bench' });
  const shoplazzaFixture = fixture(fixtures, 'shoplazza.refundOrder');
  const shoplazzaBody = shoplazzaFixture.request as Parameters<typeof shoplazza.refundOrder>[1];
  const recordId = asObject(asObject(shoplazzaFixture.answer)?.['data'])?.['refund_record_id'];
  const usd = (amount: string) => ({ currency: 'USD', amount });
  const shoplazzaRequest = (n: number): RefundRequest => ({
    provider: 'shoplazza',
    apiVersion: '2024-07',
    idempotencyKey: `bench-shoplazza-${n}`,
    orderId: String(30_000_000 + n),
    note: 'Refund for damaged items',
    amount: usd('90.00'),
    productAmount: usd('70.00'),
    shipping: usd('10.00'),
    tip: usd('5.00'),
    additionalFees: [{ name: 'Handling Fee', amount: usd('5.00') }],
    payments: [{ paymentLineId: 'PAY123', amount: usd('90.00') }],
    lines: [{ lineId: 'LI123', quantity: 2, waitingShipQuantity: 1, returnInventory: true }],
  });

  const scenario = (
    provider: Provider,
    routes: string[],
    adapter: Adapter,
    volatile: string[],
    direct: () => Promise<boolean>,
    request: (n: number) => RefundRequest,
    status: string,
  ): CoreScenario => ({
    provider,
    routes,
    adapter,
    volatile,
    direct: { name: 'client directly', role: 'bare', call: direct },
    through(name, refunds) {
      const refund = settled(provider, status)(refunds);
      return { name, role: 'client', call: () => refund(request(next())) };
    },
  });

  return [
    scenario(
      'kakaclo',
      ['kakaclo.queryRefund', 'kakaclo.refundOrder'],
      kakacloAdapter(kakaclo),
      [],
      async () => {
        const orderId = String(20_000_000 + next());
        await kakaclo.queryRefund(orderId);
        return (await kakaclo.refundOrder(orderId, kakacloBody)).refundId === kakacloRefundId;
      },
      kakacloRequest,
      'pending',
    ),
    scenario(
      'keeta',
      ['keeta.previewPartialRefund', 'keeta.applyPartialRefund'],
      keetaAdapter(keeta),
      ['timestamp', 'sig', 'orderViewId'],
      async () => {
        const orderViewId = String(756_823_000_000_000 + next());
        await keeta.previewPartialRefund({ orderViewId, shopId: keetaShop });
        const data = await keeta.applyPartialRefund({
          orderViewId,
          shopId: keetaShop,
          products: [{ orderProductId: keetaLine, refundCount: 1 }],
          partRefundType: 200001,
        });
        return data === keetaData;
      },
      keetaRequest,
      'pending',
    ),
    scenario(
      'shoplazza',
      ['shoplazza.refundOrder'],
      shoplazzaAdapter(shoplazza),
      [],
      async () => {
        const orderId = String(30_000_000 + next());
        const result = await shoplazza.refundOrder(orderId, shoplazzaBody, { currency: 'USD' });
        return result.refund_record_id === recordId;
      },
      shoplazzaRequest,
      'succeeded',
    ),
  ];
}
