/**
 * Acceptance item 4: `refundMany` of 300 refunds across the three providers against the
 * sandbox with its rate limiting ON ends with 0 answers of 429, because refund-core paces
 * its calls a little below the sandbox's limits. The second test turns refund-core's KakaClo
 * limiter off and sees the sandbox answer 429s: the first test's assertion can fail.
 *
 * The limits are scaled up from the published ones (2/s) so the batch takes ~15 s instead of
 * minutes; what is tested is that pacing holds, not the published numbers.
 */
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { startSandbox, type Sandbox, type SandboxOptions } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';
import { afterEach, describe, expect, it } from 'vitest';
import { kakacloAdapter } from '../../src/adapters/kakaclo/index.js';
import { keetaAdapter } from '../../src/adapters/keeta/index.js';
import { shoplazzaAdapter } from '../../src/adapters/shoplazza/index.js';
import {
  createRefunds,
  RateLimitError,
  type RefundRequest,
  type RefundsOptions,
} from '../../src/index.js';

/** Orders per provider: every refund of a batch has its own order. */
const PER_PROVIDER = 100;
const SHOPS = ['shop-a', 'shop-b'] as const;

const keetaOrderId = (i: number) => String(800_000_000_000_000 + i);
const keetaLineId = (i: number) => String(900_000_000 + i);
const shoplazzaOrderId = (i: number) => String(2_000_000 + i);
const kakacloOrderId = (i: number) => String(30_000 + i);
const kakacloItemId = (i: number) => String(500_000 + i);
const shopOf = (i: number) => SHOPS[i % SHOPS.length]!;

/** A seed with PER_PROVIDER fresh orders per provider (Shoplazza's split over two shops). */
function seed(): NonNullable<SandboxOptions['seed']> {
  const range = Array.from({ length: PER_PROVIDER }, (_, i) => i);
  return {
    keeta: {
      orders: range.map((i) => ({
        orderViewId: keetaOrderId(i),
        shopId: '466663',
        currency: 'SAR',
        products: [
          {
            orderProductId: keetaLineId(i),
            spuId: '9312039',
            skuId: '9312040',
            name: 'Burger',
            count: 2,
            unitPrice: '24.00',
          },
        ],
      })),
    },
    shoplazza: {
      orders: range.map((i) => ({
        shop: shopOf(i),
        id: shoplazzaOrderId(i),
        currency: 'USD',
        lineItems: [{ id: `LI-${i}`, title: 'Shirt', quantity: 2, price: '20.00' }],
      })),
    },
    kakaclo: {
      orders: range.map((i) => ({
        id: kakacloOrderId(i),
        currency: 'USD',
        shipped: false,
        items: [
          {
            itemId: kakacloItemId(i),
            skuCode: `SKU-${i}`,
            countryCode: 'CN',
            quantity: 2,
            unitPrice: '9.99',
          },
        ],
      })),
    },
  };
}

/** 3 × PER_PROVIDER requests, the providers interleaved as a real backlog would be. */
function batch(): RefundRequest[] {
  const requests: RefundRequest[] = [];
  for (let i = 0; i < PER_PROVIDER; i++) {
    requests.push(
      {
        provider: 'kakaclo',
        idempotencyKey: `outage-kakaclo-${i}`,
        orderId: kakacloOrderId(i),
        ...(i % 2 === 0
          ? { wholeOrder: true as const }
          : { lines: [{ lineId: kakacloItemId(i), quantity: 1 }] }),
      },
      {
        provider: 'shoplazza',
        apiVersion: '2022-01',
        idempotencyKey: `outage-shoplazza-${i}`,
        orderId: shoplazzaOrderId(i),
        shop: shopOf(i),
        amount: { currency: 'USD', amount: '20.00' },
        returnGoods: false,
        lines: [{ lineId: `LI-${i}`, quantity: 1 }],
      },
      {
        provider: 'keeta',
        idempotencyKey: `outage-keeta-${i}`,
        orderId: keetaOrderId(i),
        shopId: '466663',
        lines: [{ lineId: keetaLineId(i), quantity: 1 }],
        reason: { code: 200001 },
      },
    );
  }
  return requests;
}

/** The sandbox's limits: per token and shop for Shoplazza, per token for KakaClo. */
const SANDBOX_LIMITS = {
  shoplazza: { ratePerSecond: 20, burst: 10 },
  kakaclo: { ratePerSecond: 20, burst: 20 },
};

/** refund-core's: a little below the sandbox's, as its defaults are below the published ones. */
const CORE_LIMITS = {
  shoplazza: { ratePerSecond: 16, burst: 8 },
  kakaclo: { ratePerSecond: 16, burst: 16 },
};

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setUp(
  rateLimits: NonNullable<RefundsOptions['rateLimits']>,
  maxRetries?: number,
  sandboxLimits: SandboxOptions['rateLimits'] = SANDBOX_LIMITS,
) {
  sandbox = await startSandbox({ seed: seed(), rateLimits: sandboxLimits });
  const box = sandbox;
  const retries = maxRetries === undefined ? {} : { maxRetries };
  const shoplazza = (shop: string) =>
    createShoplazzaClient({
      baseUrl: box.shoplazzaBaseUrl(shop),
      accessToken: box.credentials.shoplazza.accessToken,
      ...retries,
    });
  const refunds = createRefunds({
    providers: {
      keeta: keetaAdapter(
        createKeetaClient({ baseUrl: box.baseUrls.keeta, ...box.credentials.keeta, ...retries }),
      ),
      shoplazza: shoplazzaAdapter(Object.fromEntries(SHOPS.map((s) => [s, shoplazza(s)]))),
      kakaclo: kakacloAdapter(
        createKakacloClient({
          baseUrl: box.baseUrls.kakaclo,
          ...box.credentials.kakaclo,
          ...retries,
        }),
      ),
    },
    rateLimits,
  });
  return { sandbox: box, refunds };
}

describe('refundMany against a rate-limited sandbox', () => {
  it('300 refunds: 0 answers of 429, 300 results in order, progress 1..300, one ledger entry each', async () => {
    const { sandbox: box, refunds } = await setUp(CORE_LIMITS);
    expect(box.rateLimits).toEqual(SANDBOX_LIMITS);
    const requests = batch();
    const progress: { done: number; total: number; index: number }[] = [];

    const items = await refunds.refundMany(requests, {
      concurrency: 16,
      onProgress: ({ done, total, item }) => progress.push({ done, total, index: item.index }),
    });

    expect(box.stats().rateLimited).toEqual({ total: 0, keeta: 0, shoplazza: 0, kakaclo: 0 });

    expect(items).toHaveLength(300);
    items.forEach((item, index) => {
      expect(item.index).toBe(index);
      if (!item.ok) throw new Error(`refund ${index} failed: ${String(item.error)}`);
      expect(item.result).toMatchObject({
        provider: requests[index]!.provider,
        idempotencyKey: requests[index]!.idempotencyKey,
        orderId: requests[index]!.orderId,
        replayed: false,
      });
      expect(['succeeded', 'pending']).toContain(item.result.status);
    });

    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([300]));
    expect(new Set(progress.map((p) => p.index)).size).toBe(300);

    const ledger = box.ledger();
    expect(ledger).toHaveLength(300);
    const perOrder = new Map<string, number>();
    for (const entry of ledger) {
      const order = `${entry.provider}:${entry.shop ?? ''}:${entry.orderId}`;
      perOrder.set(order, (perOrder.get(order) ?? 0) + 1);
    }
    expect(perOrder.size).toBe(300);
    expect([...perOrder.values()].every((count) => count === 1)).toBe(true);
    for (const item of items) {
      if (!item.ok || item.result.refundId === undefined) continue;
      const entries = box.ledger({ provider: item.result.provider, orderId: item.result.orderId });
      expect(entries.map((entry) => entry.refundId)).toEqual([item.result.refundId]);
    }
  }, 120_000);

  it("refund-core's default limits stay under the sandbox's published ones", async () => {
    // KakaClo: 60 refunds are 120 calls, past the default burst (100) at 1.8/s; Shoplazza:
    // 30 refunds of one shop, past its default burst (20). The sandbox: 2/s, bursts 120 and 40.
    const { sandbox: box, refunds } = await setUp({}, undefined, 'published');
    const requests = batch().filter(
      (request, i) =>
        (request.provider === 'kakaclo' && i < 180) ||
        (request.provider === 'shoplazza' && request.shop === 'shop-a' && i < 180),
    );
    expect(requests.filter((r) => r.provider === 'kakaclo')).toHaveLength(60);
    expect(requests.filter((r) => r.provider === 'shoplazza')).toHaveLength(30);

    const items = await refunds.refundMany(requests, { concurrency: 16 });

    expect(box.stats().rateLimited.total).toBe(0);
    expect(items.every((item) => item.ok)).toBe(true);
    expect(box.ledger()).toHaveLength(90);
  }, 90_000);

  it("with refund-core's KakaClo limiter off, the sandbox does answer 429", async () => {
    const { sandbox: box, refunds } = await setUp({ ...CORE_LIMITS, kakaclo: false }, 0);
    const requests = batch().filter((request) => request.provider === 'kakaclo');

    const items = await refunds.refundMany(requests, { concurrency: 16 });

    expect(box.stats().rateLimited.kakaclo).toBeGreaterThan(0);
    // Every refund the sandbox refused with 429 failed typed, and was not applied.
    const refused = items.filter((item) => !item.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const item of refused) expect(item.error).toBeInstanceOf(RateLimitError);
    expect(box.ledger({ provider: 'kakaclo' })).toHaveLength(items.length - refused.length);
  }, 60_000);
});
