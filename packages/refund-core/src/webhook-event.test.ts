/**
 * `applyWebhook`: a verified provider event settles the stored refund it answers, once; a
 * redelivery changes nothing; an event for a refund refund-core did not make is unmatched.
 * Keeta refunds over a fake client object (Keeta answers no refund id, so events are matched
 * by order and lines, then by refund id once settled).
 */
import { ConnectionError, OutcomeUnknownError } from '@refundkit/http';
import type { KeetaClient } from '@refundkit/keeta';
import { describe, expect, it } from 'vitest';
import { keetaAdapter } from './adapters/keeta/keeta-adapter.js';
import { createRefunds } from './refunds.js';
import { canonicalRequest } from './fingerprint.js';
import { MemoryIdempotencyStore } from './stores/memory-store.js';
import type { KeetaRefundRequest, RefundLine } from './request.js';
import type { RefundStatusEvent } from './webhook-event.js';

const ORIGIN = { provider: 'keeta', operation: 'applyPartialRefund' };

/** Keeta over a fake client; `lostAnswer`: the apply's answer is lost and previews fail after. */
function setUp(lostAnswer = false) {
  let applied = 0;
  let previews = 0;
  const client = {
    applyPartialRefund: () => {
      applied++;
      return lostAnswer
        ? Promise.reject(
            new OutcomeUnknownError(ORIGIN, new ConnectionError(ORIGIN, { requestNotSent: false })),
          )
        : Promise.resolve(undefined);
    },
    previewPartialRefund: () =>
      ++previews > 1 && lostAnswer
        ? Promise.reject(new Error('preview unavailable'))
        : Promise.resolve({ products: [{ id: '1234534224', refundCount: 3 }] }),
  } as unknown as KeetaClient;
  const refunds = createRefunds({
    providers: { keeta: keetaAdapter(client) },
    lateApplyWindowMs: 0,
  });
  return { refunds, applied: () => applied };
}

const request = (key: string, lines: RefundLine[] = [{ lineId: '1234534224', quantity: 1 }]) =>
  ({
    provider: 'keeta',
    idempotencyKey: key,
    orderId: '756823555555859',
    shopId: '466663',
    lines,
    reason: { code: 200001 },
  }) satisfies KeetaRefundRequest;

const event = (
  refundId: string,
  status: RefundStatusEvent['status'],
  lines: RefundLine[] = [{ lineId: '1234534224', quantity: 1 }],
): RefundStatusEvent => ({
  provider: 'keeta',
  orderKey: 'keeta:466663:756823555555859',
  orderId: '756823555555859',
  refundId,
  status,
  lines,
  amount: { currency: 'SAR', amount: '24.00' },
  raw: { afterSaleOrderId: refundId },
});

describe('applyWebhook', () => {
  it('settles the pending refund with the same lines; the replay has the settled status', async () => {
    const { refunds, applied } = setUp();
    expect(await refunds.refund(request('k-1'))).toMatchObject({ status: 'pending' });
    const outcome = await refunds.applyWebhook(event('833441825390895', 'succeeded'));
    expect(outcome).toMatchObject({
      outcome: 'settled',
      result: { status: 'succeeded', refundId: '833441825390895', amount: { amount: '24.00' } },
    });
    expect(await refunds.refund(request('k-1'))).toMatchObject({
      status: 'succeeded',
      refundId: '833441825390895',
      replayed: true,
    });
    expect(applied()).toBe(1);
  });

  it('a redelivered event changes nothing; the other status afterwards is kept out', async () => {
    const { refunds } = setUp();
    await refunds.refund(request('k-1'));
    await refunds.applyWebhook(event('900', 'failed'));
    expect((await refunds.applyWebhook(event('900', 'failed'))).outcome).toBe('unchanged');
    const late = await refunds.applyWebhook(event('900', 'succeeded'));
    expect(late).toMatchObject({ outcome: 'already_final', result: { status: 'failed' } });
    expect(await refunds.refund(request('k-1'))).toMatchObject({
      status: 'failed',
      failure: { reason: 'provider_refused' },
    });
  });

  it('two pending refunds with the same lines: each event settles one, oldest first', async () => {
    const { refunds } = setUp();
    await refunds.refund(request('k-1'));
    await refunds.refund(request('k-2'));
    expect((await refunds.applyWebhook(event('901', 'succeeded'))).result?.idempotencyKey).toBe(
      'k-1',
    );
    expect((await refunds.applyWebhook(event('902', 'succeeded'))).result?.idempotencyKey).toBe(
      'k-2',
    );
    expect((await refunds.applyWebhook(event('901', 'succeeded'))).outcome).toBe('unchanged');
  });

  it('lines are compared as totals per line, whatever their order', async () => {
    const { refunds } = setUp();
    await refunds.refund(
      request('k-1', [
        { lineId: '1234534225', quantity: 1 },
        { lineId: '1234534224', quantity: 2 },
      ]),
    );
    const outcome = await refunds.applyWebhook(
      event('903', 'succeeded', [
        { lineId: '1234534224', quantity: 2 },
        { lineId: '1234534225', quantity: 1 },
      ]),
    );
    expect(outcome.outcome).toBe('settled');
  });

  it('an event no stored refund answers is unmatched and changes nothing', async () => {
    const { refunds } = setUp();
    await refunds.refund(request('k-1'));
    const other = await refunds.applyWebhook(
      event('904', 'succeeded', [{ lineId: '1234534224', quantity: 2 }]),
    );
    expect(other).toEqual({ outcome: 'unmatched' });
    expect(
      (await refunds.applyWebhook({ ...event('905', 'succeeded'), orderKey: 'keeta:1:2' })).outcome,
    ).toBe('unmatched');
    expect(await refunds.refund(request('k-1'))).toMatchObject({ status: 'pending' });
  });

  it('settles a refund whose outcome was unknown: the verified event is the proof', async () => {
    const { refunds, applied } = setUp(true);
    expect(await refunds.refund(request('k-1'))).toMatchObject({ status: 'unknown' });
    const outcome = await refunds.applyWebhook(event('906', 'succeeded'));
    expect(outcome).toMatchObject({
      outcome: 'settled',
      result: { idempotencyKey: 'k-1', orderId: '756823555555859', status: 'succeeded' },
    });
    expect(applied()).toBe(1);
  });

  it('settles a refund left in flight by a dead process: its key and order come from the record', async () => {
    let now = 1_000;
    const store = new MemoryIdempotencyStore({ clock: () => now });
    const { text, fingerprint } = canonicalRequest(request('k-dead'));
    const orderKey = 'keeta:466663:756823555555859';
    // What a process that died after sending leaves behind: phase `sending`, lease running out.
    await store.claim({
      key: 'k-dead',
      fingerprint,
      provider: 'keeta',
      orderKey,
      request: text,
      owner: 'dead',
      leaseMs: 10,
    });
    await store.update('k-dead', 'dead', { phase: 'sending', checkpoint: '{"baseline":null}' });
    now += 11;
    const refunds = createRefunds({
      providers: { keeta: keetaAdapter({} as unknown as KeetaClient) },
      store,
      clock: () => now,
    });
    const outcome = await refunds.applyWebhook(event('907', 'succeeded'));
    expect(outcome).toMatchObject({
      outcome: 'settled',
      result: {
        idempotencyKey: 'k-dead',
        orderId: '756823555555859',
        status: 'succeeded',
        refundId: '907',
        reconciliation: { method: 'provider_event', resent: false },
      },
    });
    expect(await store.get('k-dead')).toMatchObject({ state: 'completed' });
  });
});
