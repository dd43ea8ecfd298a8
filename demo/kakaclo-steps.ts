import { setTimeout as delay } from 'node:timers/promises';
import { catalogue, describeLines, orderKey } from './catalogue.ts';
import type { Step } from './step.ts';

const ORDER = '10004';
/** How long KakaClo's reviewer (played by the sandbox's admin call) takes here. */
const REVIEW_MS = 300;

/**
 * KakaClo: a whole-order refund is `pending` until KakaClo reviews it (within 24 hours in
 * real life); `waitForFinal` polls its refund query with backoff until it is final.
 */
export const kakacloStep: Step = {
  name: 'KakaClo: a whole-order refund settling asynchronously',
  why: "KakaClo reviews each refund (within 24 hours): the refund is pending until then, and waitForFinal() polls KakaClo's refund query with backoff until it is final.",
  topic: 'a KakaClo refund settling asynchronously',
  async run({ sandbox, refunds, requests, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('kakaclo', ORDER));
    // A whole-order refund is every unit not refunded yet: what the ledger should show.
    const lines = [...(order?.lines ?? [])].map(([lineId, line]) => ({
      lineId,
      quantity: line.quantity - line.refunded,
    }));
    const result = await refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: `kakaclo-${ORDER}-cancel`,
      orderId: ORDER,
      wholeOrder: true,
      reason: { code: 'Out Of Stock' },
    });
    asked.add({ provider: 'kakaclo', orderId: ORDER, lines });
    checks.confirm(
      `refund the whole order ${ORDER} (${describeLines(order, lines)}) → pending, refund ${result.refundId ?? '(none)'}`,
      result.status,
      'pending',
    );
    out.act(`waitForFinal polls KakaClo's refund query; its reviewer approves in ${REVIEW_MS} ms`);
    const review = delay(REVIEW_MS).then(() =>
      // False when it settled already (a sandbox started with kakacloSettleAfterMs).
      sandbox.settleKakacloRefund(result.refundId ?? '', 'refund_successfully'),
    );
    const mark = requests.count;
    const final = await refunds.waitForFinal(result, { timeoutMs: 10_000, intervalMs: 500 });
    await review;
    const polls = requests.since(mark).length;
    checks.confirm(
      `final: ${final.status}, after ${polls} poll${polls === 1 ? '' : 's'}`,
      final.status,
      'succeeded',
    );
    return `refund ${result.refundId ?? ''} ${final.status}`;
  },
};
