/**
 * Keeta's refund webhook (event 1007) from the sandbox, verified with `verifyKeetaWebhook`
 * and applied with `refunds.applyWebhook`: it settles the pending result; a redelivery
 * changes nothing; a tampered body or another URL is refused before anything changes.
 */
import { describe, expect, it } from 'vitest';
import { verifyKeetaWebhook } from '../../src/adapters/keeta/index.js';
import { WebhookError, type RefundResult } from '../../src/index.js';
import { KEETA_LINES, KEETA_ORDER, useSandbox, wire, type World } from './sandbox.test-util.js';

const sandbox = useSandbox();

const URL = 'http://127.0.0.1:8080/hooks/keeta';

/** A pending Keeta refund under `key`, and the ledger's refund id for it. */
async function pendingRefund(
  world: World,
  key: string,
  lineId: string = KEETA_LINES.burger,
): Promise<{ result: RefundResult; refundId: string }> {
  const result = await world.refunds.refund({
    provider: 'keeta',
    idempotencyKey: key,
    ...KEETA_ORDER,
    lines: [{ lineId, quantity: 1 }],
    reason: { code: 200001 },
  });
  expect(result.status).toBe('pending');
  const entry = sandbox()
    .ledger({ provider: 'keeta' })
    .find((e) => e.lines.some((l) => l.lineId === lineId));
  return { result, refundId: entry!.refundId };
}

function verify(body: string, url = URL) {
  return verifyKeetaWebhook(body, { url, appSecret: sandbox().credentials.keeta.appSecret });
}

/** The error `promise` rejects with. */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Keeta refund webhook', () => {
  it('succeeded settles the pending result; status() shows it; a redelivery is unchanged', async () => {
    const world = wire(sandbox());
    const { result, refundId } = await pendingRefund(world, 'kt-hook-ok');
    expect((await world.refunds.status(result)).status).toBe('pending');

    const { body } = sandbox().keetaRefundWebhook(refundId, 'succeeded', { url: URL });
    const outcome = await world.refunds.applyWebhook(await verify(body));
    expect(outcome.outcome).toBe('settled');
    expect(outcome.result).toMatchObject({ status: 'succeeded', refundId });

    const settled = await world.refunds.status(result);
    expect(settled).toMatchObject({
      status: 'succeeded',
      refundId,
      amount: { currency: 'SAR', amount: '24.00' },
    });
    expect(sandbox().ledger({ provider: 'keeta' })).toMatchObject([
      { refundId, status: 'refund_successfully' },
    ]);

    // Keeta redelivers the same event: the same bytes, nothing changes.
    const redelivered = sandbox().keetaRefundWebhook(refundId, 'succeeded', { url: URL });
    expect(redelivered.body).toBe(body);
    expect((await world.refunds.applyWebhook(await verify(redelivered.body))).outcome).toBe(
      'unchanged',
    );
    expect(await world.refunds.status(result)).toEqual(settled);
    // A repeat of the refund replays the settled result, sends nothing.
    const writes = world.writes('keeta');
    expect(
      await world.refunds.refund({
        ...KEETA_ORDER,
        provider: 'keeta',
        idempotencyKey: 'kt-hook-ok',
        lines: [{ lineId: KEETA_LINES.burger, quantity: 1 }],
        reason: { code: 200001 },
      }),
    ).toMatchObject({ status: 'succeeded', replayed: true });
    expect(world.writes('keeta')).toBe(writes);
    expect(sandbox().ledger({ provider: 'keeta' })).toHaveLength(1);
  });

  it('failed settles it failed, and the units are refundable again', async () => {
    const world = wire(sandbox());
    const { result, refundId } = await pendingRefund(world, 'kt-hook-failed');

    const { body } = sandbox().keetaRefundWebhook(refundId, 'failed', { url: URL });
    expect((await world.refunds.applyWebhook(await verify(body))).outcome).toBe('settled');

    const final = await world.refunds.status(result);
    expect(final).toMatchObject({ status: 'failed', refundId });
    expect(final.failure?.reason).toBe('provider_refused');
    expect(sandbox().ledger({ provider: 'keeta' })).toMatchObject([
      { refundId, status: 'refund_failed' },
    ]);
  });

  it('two pending refunds of one order: each event settles its own refund', async () => {
    const world = wire(sandbox());
    const burger = await pendingRefund(world, 'kt-hook-burger', KEETA_LINES.burger);
    const fries = await pendingRefund(world, 'kt-hook-fries', KEETA_LINES.fries);

    const { body } = sandbox().keetaRefundWebhook(fries.refundId, 'succeeded', { url: URL });
    await world.refunds.applyWebhook(await verify(body));

    expect(await world.refunds.status(fries.result)).toMatchObject({
      status: 'succeeded',
      refundId: fries.refundId,
    });
    expect((await world.refunds.status(burger.result)).status).toBe('pending');
  });

  it.each([
    {
      what: 'a tampered body',
      tamper: (body: string) => body.replace('"refundCount":1', '"refundCount":2'),
      url: URL,
    },
    {
      what: 'another URL',
      tamper: (body: string) => body,
      url: 'http://127.0.0.1:8080/hooks/other',
    },
  ])('$what: WebhookError reason signature, nothing changes', async ({ tamper, url }) => {
    const world = wire(sandbox());
    const { result, refundId } = await pendingRefund(world, 'kt-hook-forged');
    const before = await world.refunds.status(result);

    const { body } = sandbox().keetaRefundWebhook(refundId, 'succeeded', { url: URL });
    const forged = tamper(body);
    if (forged === body) expect(url).not.toBe(URL);
    else expect(forged).not.toBe(body);
    const error = await rejection(verify(forged, url));

    expect(error).toBeInstanceOf(WebhookError);
    expect((error as WebhookError).reason).toBe('signature');
    expect(await world.refunds.status(result)).toEqual(before);
    expect(before.status).toBe('pending');
  });
  it('waitForFinal() of a pending Keeta refund ends succeeded once its webhook is applied', async () => {
    const world = wire(sandbox());
    const { result, refundId } = await pendingRefund(world, 'kt-hook-wait');

    const waiting = world.refunds.waitForFinal(result, { timeoutMs: 10_000, intervalMs: 500 });
    const { body } = sandbox().keetaRefundWebhook(refundId, 'succeeded', { url: URL });
    await world.refunds.applyWebhook(await verify(body));

    expect(await waiting).toMatchObject({ status: 'succeeded', refundId });
    expect(sandbox().ledger({ provider: 'keeta' })).toMatchObject([
      { refundId, status: 'refund_successfully' },
    ]);
    expect(world.writes('keeta')).toBe(1);
  });
  it('an event for a refund still held unknown is not "unmatched"; redelivered, it settles it', async () => {
    const world = wire(sandbox(), {
      maxRetries: 0,
      refunds: { lateApplyWindowMs: 500 },
      // The answer is lost and, once the write has left, the preview breaks too.
      onRequest: (sent) => {
        if (sent.operation === 'applyPartialRefund') {
          sandbox().addFaults([
            {
              kind: 'server_error',
              provider: 'keeta',
              operation: 'previewPartialRefund',
              times: 100,
            },
          ]);
        }
      },
    });
    sandbox().addFaults([
      { kind: 'drop_after_apply', provider: 'keeta', operation: 'applyPartialRefund' },
    ]);
    const request = {
      provider: 'keeta',
      idempotencyKey: 'kt-hook-held',
      ...KEETA_ORDER,
      lines: [{ lineId: KEETA_LINES.burger, quantity: 1 }],
      reason: { code: 200001 },
    } as const;
    expect((await world.refunds.refund(request)).status).toBe('unknown');
    const [entry] = sandbox().ledger({ provider: 'keeta' });

    // Keeta decides meanwhile: the strongest proof there is that the refund was applied.
    const { body } = sandbox().keetaRefundWebhook(entry!.refundId, 'succeeded', { url: URL });
    const early = await world.refunds.applyWebhook(await verify(body));
    expect(early.outcome).not.toBe('unmatched');

    sandbox().clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await world.refunds.refund(request);
    await world.refunds.applyWebhook(await verify(body));
    expect(await world.refunds.status({ idempotencyKey: 'kt-hook-held' })).toMatchObject({
      status: 'succeeded',
      refundId: entry!.refundId,
    });
    expect(world.writes('keeta')).toBe(1);
    expect(sandbox().ledger({ provider: 'keeta' })).toHaveLength(1);
  });
  it('ids above 2^53 in the event keep every digit and settle the right refund', async () => {
    const world = wire(sandbox());
    const order = { orderId: '1152921504606846977', shopId: KEETA_ORDER.shopId };
    const result = await world.refunds.refund({
      provider: 'keeta',
      idempotencyKey: 'kt-hook-big',
      ...order,
      lines: [{ lineId: '9007199254740993', quantity: 2 }],
      reason: { code: 200001 },
    });
    const [entry] = sandbox().ledger({ provider: 'keeta', orderId: order.orderId });

    const { body } = sandbox().keetaRefundWebhook(entry!.refundId, 'succeeded', { url: URL });
    const event = await verify(body);
    expect(event).toMatchObject({
      orderId: order.orderId,
      lines: [{ lineId: '9007199254740993', quantity: 2 }],
    });
    expect((await world.refunds.applyWebhook(event)).outcome).toBe('settled');
    expect(await world.refunds.status(result)).toMatchObject({
      status: 'succeeded',
      refundId: entry!.refundId,
      amount: { currency: 'JPY', amount: '3000' },
    });
  });
  it('an event while our own call is still reconciling: not "unmatched"; redelivered, it settles', async () => {
    const world = wire(sandbox(), {
      // The answer is lost, and the reconciling preview is slow: the event arrives meanwhile.
      onRequest: (sent) => {
        if (sent.operation === 'applyPartialRefund') {
          sandbox().addFaults([
            {
              kind: 'latency',
              provider: 'keeta',
              operation: 'previewPartialRefund',
              latencyMs: 400,
            },
          ]);
        }
      },
    });
    sandbox().addFaults([
      { kind: 'drop_after_apply', provider: 'keeta', operation: 'applyPartialRefund' },
    ]);
    const request = {
      provider: 'keeta',
      idempotencyKey: 'kt-hook-race',
      ...KEETA_ORDER,
      lines: [{ lineId: KEETA_LINES.burger, quantity: 1 }],
      reason: { code: 200001 },
    } as const;
    const call = world.refunds.refund(request);
    while (sandbox().ledger({ provider: 'keeta' }).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [entry] = sandbox().ledger({ provider: 'keeta' });
    const { body } = sandbox().keetaRefundWebhook(entry!.refundId, 'succeeded', { url: URL });

    const early = await world.refunds.applyWebhook(await verify(body));
    expect(early.outcome).not.toBe('unmatched');
    expect(await call).toMatchObject({ status: 'pending', reconciliation: { outcome: 'applied' } });
    const redelivered = await world.refunds.applyWebhook(await verify(body));
    expect(['settled', 'unchanged']).toContain(redelivered.outcome);
    expect(await world.refunds.status({ idempotencyKey: 'kt-hook-race' })).toMatchObject({
      status: 'succeeded',
      refundId: entry!.refundId,
    });
    expect(world.writes('keeta')).toBe(1);
    expect(sandbox().ledger({ provider: 'keeta' })).toHaveLength(1);
  });
});
