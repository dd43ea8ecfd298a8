/**
 * `refundMany` over a scripted adapter: one item per request in request order, bounded
 * concurrency, progress, and an abort that stops starting new refunds.
 */
import { LocalValidationError, ApiError } from '@refundkit/http';
import { describe, expect, it } from 'vitest';
import type { ProviderAdapter, SentRefund } from './adapter.js';
import { CAPABILITIES } from './capabilities.js';
import { createRefunds, type RefundsOptions } from './refunds.js';
import type { RefundRequest } from './request.js';

/** Sends take `delay` ms; an order id starting with `bad` is refused by the "provider". */
function fakeAdapter(delay = 5) {
  const state = { running: 0, maxRunning: 0, sent: [] as string[] };
  const adapter: ProviderAdapter = {
    provider: 'kakaclo',
    capabilities: CAPABILITIES.kakaclo,
    prepare: (request) => ({ request, orderKey: `kakaclo:${request.orderId}`, bucket: 'kakaclo' }),
    snapshot: () => Promise.resolve({ refundNos: [] }),
    send: async (prepared) => {
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      state.running--;
      state.sent.push(prepared.request.idempotencyKey);
      if (prepared.request.orderId.startsWith('bad')) {
        throw new ApiError({
          provider: 'kakaclo',
          operation: 'refundOrder',
          status: 200,
          code: 20003,
        });
      }
      return {
        status: 'pending',
        refundId: `r-${prepared.request.orderId}`,
        raw: {},
      } satisfies SentRefund;
    },
    reconcile: () => Promise.resolve({ outcome: 'inconclusive', evidence: 'scripted' }),
    unknownAdvice: () => ({ check: 'c', where: 'w' }),
  };
  return { adapter, state };
}

function engine(adapter: ProviderAdapter, options: Partial<RefundsOptions> = {}) {
  return createRefunds({
    providers: { kakaclo: adapter },
    rateLimits: { kakaclo: false },
    ...options,
  });
}

const requests = (count: number): RefundRequest[] =>
  Array.from({ length: count }, (_, i) => ({
    provider: 'kakaclo',
    idempotencyKey: `k-${i}`,
    orderId: i % 5 === 4 ? `bad-${i}` : `o-${i}`,
    wholeOrder: true,
  }));

describe('refundMany', () => {
  it('returns one item per request, in request order, whatever finishes first', async () => {
    const fake = fakeAdapter();
    const batch = requests(20);
    const items = await engine(fake.adapter).refundMany(batch, { concurrency: 4 });
    expect(items.map((item) => item.index)).toEqual(batch.map((_, i) => i));
    items.forEach((item, i) => {
      expect(item.ok).toBe(true);
      if (item.ok) {
        expect(item.result.idempotencyKey).toBe(`k-${i}`);
        expect(item.result.status).toBe(i % 5 === 4 ? 'failed' : 'pending');
      }
    });
  });

  it('an invalid request is that item’s error, not the batch’s', async () => {
    const batch = [...requests(2), { provider: 'kakaclo', orderId: 'x' } as RefundRequest];
    const items = await engine(fakeAdapter().adapter).refundMany(batch);
    expect(items.map((item) => item.ok)).toEqual([true, true, false]);
    const last = items[2]!;
    expect(!last.ok && last.error).toBeInstanceOf(LocalValidationError);
  });

  it('runs at most `concurrency` refunds at once', async () => {
    const fake = fakeAdapter(10);
    await engine(fake.adapter).refundMany(requests(12), { concurrency: 3 });
    expect(fake.state.maxRunning).toBe(3);
    expect(fake.state.sent).toHaveLength(12);
  });

  it('reports progress once per refund, done counting up to total', async () => {
    const seen: [number, number][] = [];
    await engine(fakeAdapter().adapter).refundMany(requests(7), {
      onProgress: ({ done, total }) => seen.push([done, total]),
    });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((done) => [done, 7]));
  });

  it('an abort stops starting refunds; those not started carry the abort reason', async () => {
    const fake = fakeAdapter();
    const controller = new AbortController();
    const reason = new Error('operator stopped the batch');
    const items = await engine(fake.adapter).refundMany(requests(10), {
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 3) controller.abort(reason);
      },
    });
    expect(items.slice(0, 3).every((item) => item.ok)).toBe(true);
    expect(items.slice(3).map((item) => (item.ok ? 'ok' : item.error))).toEqual(
      Array.from({ length: 7 }, () => reason),
    );
    expect(fake.state.sent).toHaveLength(3);
  });

  it('an onProgress that throws does not lose the batch', async () => {
    const fake = fakeAdapter();
    const items = await engine(fake.adapter).refundMany(requests(5), {
      onProgress: () => {
        throw new Error('progress bar crashed');
      },
    });
    expect(items).toHaveLength(5);
    expect(fake.state.sent).toHaveLength(5);
  });

  it.each([0, -1, 1.5])(
    'refuses concurrency %s with a LocalValidationError naming it',
    async (concurrency) => {
      const error = await engine(fakeAdapter().adapter)
        .refundMany(requests(1), { concurrency })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalValidationError);
      expect((error as LocalValidationError).field).toBe('concurrency');
    },
  );
});
