/**
 * `status`, `waitForFinal` and `preview` of the engine, over a small scripted adapter and
 * the memory store (no HTTP).
 */
import { LocalValidationError } from '@refundkit/http';
import { describe, expect, it, vi } from 'vitest';
import type { ProviderAdapter, Refreshed, SentRefund } from './adapter.js';
import { CAPABILITIES } from './capabilities.js';
import { RefundNotFoundError, UnsupportedOperationError } from './errors.js';
import { createRefunds, type RefundsOptions } from './refunds.js';
import type { KakacloRefundRequest } from './request.js';
import { MemoryIdempotencyStore } from './stores/memory-store.js';

const SENT: SentRefund = { status: 'pending', refundId: 'r-1', raw: {} };

/** A KakaClo-shaped adapter: sends succeed (or hang), refresh answers from a script. */
function fakeAdapter(refreshes: Refreshed[] = [{ status: 'pending', raw: {} }], hang = false) {
  const calls = { snapshot: 0, send: 0, refresh: 0 };
  const adapter: ProviderAdapter = {
    provider: 'kakaclo',
    capabilities: CAPABILITIES.kakaclo,
    prepare: (request) => ({ request, orderKey: `kakaclo:${request.orderId}`, bucket: 'kakaclo' }),
    snapshot: () => {
      calls.snapshot++;
      return hang ? new Promise(() => undefined) : Promise.resolve({ refundNos: [] });
    },
    send: () => {
      calls.send++;
      return Promise.resolve(SENT);
    },
    reconcile: () => Promise.resolve({ outcome: 'inconclusive', evidence: 'scripted' }),
    unknownAdvice: () => ({ check: 'c', where: 'w' }),
    refresh: () => {
      calls.refresh++;
      return Promise.resolve(refreshes[Math.min(calls.refresh, refreshes.length) - 1]!);
    },
  };
  return { adapter, calls };
}

function engine(adapter: ProviderAdapter, options: Partial<RefundsOptions> = {}) {
  return createRefunds({
    providers: { kakaclo: adapter },
    rateLimits: { kakaclo: false },
    ...options,
  });
}

const REQUEST: KakacloRefundRequest = {
  provider: 'kakaclo',
  idempotencyKey: 'k-1',
  orderId: '10001',
  wholeOrder: true,
};

describe('status()', () => {
  it('throws RefundNotFoundError for a key never used', async () => {
    await expect(
      engine(fakeAdapter().adapter).status({ idempotencyKey: 'nope' }),
    ).rejects.toBeInstanceOf(RefundNotFoundError);
  });

  it('refreshes a pending refund from the provider and stores it once final', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter([
      { status: 'pending', raw: {} },
      { status: 'succeeded', raw: { refundStatus: 'refund_successfully' } },
    ]);
    const refunds = engine(fake.adapter, { store });
    await refunds.refund(REQUEST);
    expect(await refunds.status(REQUEST)).toMatchObject({ status: 'pending' });
    expect(await refunds.status(REQUEST)).toMatchObject({ status: 'succeeded', refundId: 'r-1' });
    // Final now: stored, and neither a status nor a replay asks the provider again.
    expect(await refunds.status(REQUEST)).toMatchObject({ status: 'succeeded' });
    expect(await refunds.refund(REQUEST)).toMatchObject({ status: 'succeeded', replayed: true });
    expect(fake.calls.refresh).toBe(2);
    expect(fake.calls.send).toBe(1);
  });

  it('a refund the provider reports failed is failed, with a failure', async () => {
    const fake = fakeAdapter([{ status: 'failed', raw: {} }]);
    const refunds = engine(fake.adapter);
    await refunds.refund(REQUEST);
    expect(await refunds.status(REQUEST)).toMatchObject({
      status: 'failed',
      failure: { reason: 'provider_refused' },
    });
  });

  it('a refund in flight elsewhere: unknown, saying when to ask again, and nothing sent', async () => {
    const store = new MemoryIdempotencyStore();
    const fake = fakeAdapter(undefined, true);
    void engine(fake.adapter, { store }).refund(REQUEST);
    await vi.waitFor(() => expect(fake.calls.snapshot).toBe(1));
    const reader = fakeAdapter();
    const result = await engine(reader.adapter, { store }).status(REQUEST);
    expect(result).toMatchObject({
      status: 'unknown',
      idempotencyKey: REQUEST.idempotencyKey,
      unknown: { check: 'it is being sent or reconciled right now' },
    });
    expect(result.unknown?.where).toMatch(/^ask again after \d{4}-/);
    expect(reader.calls.send).toBe(0);
  });

  it('a status query never sends a refund, even for a dead owner that sent nothing', async () => {
    let now = 1_700_000_000_000;
    const store = new MemoryIdempotencyStore({ clock: () => now });
    const dead = fakeAdapter(undefined, true);
    void engine(dead.adapter, { store }).refund(REQUEST);
    await vi.waitFor(() => expect(dead.calls.snapshot).toBe(1));
    now += 60_001; // the owner died before sending: phase claimed, lease expired

    const reader = fakeAdapter();
    await engine(reader.adapter, { store })
      .status(REQUEST)
      .catch(() => undefined);
    expect(reader.calls.send).toBe(0);
  });

  it('refuses a ref without an idempotency key, naming it', async () => {
    const error = await engine(fakeAdapter().adapter)
      .status({} as { idempotencyKey: string })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe('idempotencyKey');
  });
});

describe('waitForFinal()', () => {
  it('polls until the refund is final', async () => {
    const fake = fakeAdapter([
      { status: 'pending', raw: {} },
      { status: 'succeeded', raw: {} },
    ]);
    const refunds = engine(fake.adapter);
    await refunds.refund(REQUEST);
    const result = await refunds.waitForFinal(REQUEST, { timeoutMs: 10_000, intervalMs: 500 });
    expect(result.status).toBe('succeeded');
    expect(fake.calls.refresh).toBe(2);
  });

  it('returns the pending result when the time is up', async () => {
    const fake = fakeAdapter();
    const refunds = engine(fake.adapter);
    await refunds.refund(REQUEST);
    expect((await refunds.waitForFinal(REQUEST, { timeoutMs: 0 })).status).toBe('pending');
    expect(fake.calls.refresh).toBe(1);
  });

  it('refuses a bad timeoutMs with a LocalValidationError naming it', async () => {
    const refunds = engine(fakeAdapter().adapter);
    await refunds.refund(REQUEST);
    const error = await refunds.waitForFinal(REQUEST, { timeoutMs: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe('timeoutMs');
  });
});

describe('preview()', () => {
  it('is UnsupportedOperationError for a provider without one', async () => {
    await expect(
      engine(fakeAdapter().adapter).preview({ provider: 'kakaclo', orderId: '10001' }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('refuses a provider that is not configured, naming provider', async () => {
    const error = await engine(fakeAdapter().adapter)
      .preview({ provider: 'keeta', orderId: '1', shopId: '2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe('provider');
  });
});
