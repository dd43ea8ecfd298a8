/**
 * Faults on the reads around a refund (KakaClo's refund query, Keeta's preview): the
 * snapshot taken before the write fails ⇒ nothing is sent and the key is free; a failing
 * status query leaves the stored result as it was.
 */
import { describe, expect, it } from 'vitest';
import { RefundkitError, RefundNotFoundError } from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf } from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

const READ = { kakaclo: 'queryRefund', keeta: 'previewPartialRefund' } as const;

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: the pre-send snapshot fails', (c) => {
  it('the error is thrown, no write is sent, nothing is stored; the key then refunds once', async () => {
    const world = wire(sandbox(), { maxRetries: 0 });
    const operation = READ[c.provider as keyof typeof READ];
    sandbox().addFaults([{ kind: 'server_error', provider: c.provider, operation }]);

    await expect(world.refunds.refund(c.request('snap-1'))).rejects.toBeInstanceOf(RefundkitError);
    expect(world.writes()).toBe(0);
    expect(ledgerOf(sandbox(), c)).toEqual([]);
    await expect(world.refunds.status({ idempotencyKey: 'snap-1' })).rejects.toBeInstanceOf(
      RefundNotFoundError,
    );

    const retry = await world.refunds.refund(c.request('snap-1'));
    expect(retry).toMatchObject({ status: 'pending', replayed: false });
    expect(world.writes()).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

describe('KakaClo: the status query fails', () => {
  it('status() does not change the stored pending result; once KakaClo answers, it settles', async () => {
    const world = wire(sandbox(), { maxRetries: 0 });
    const sent = await world.refunds.refund(KAKACLO_CASE.request('status-1'));
    sandbox().settleKakacloRefund(sent.refundId!, 'refund_successfully');
    sandbox().addFaults([
      { kind: 'malformed_json', provider: 'kakaclo', operation: 'queryRefund' },
    ]);

    const during = await world.refunds.status(sent).then(
      (result) => result.status,
      (error: unknown) => (error instanceof RefundkitError ? 'threw' : error),
    );
    expect(['pending', 'threw']).toContain(during);

    expect(await world.refunds.status(sent)).toMatchObject({
      status: 'succeeded',
      refundId: sent.refundId,
    });
    expect(ledgerOf(sandbox(), KAKACLO_CASE)).toMatchObject([
      { refundId: sent.refundId, status: 'refund_successfully' },
    ]);
    expect(world.writes()).toBe(1);
  });
});
