import { LocalValidationError } from '@refundkit/refund-core';
import { catalogue, describeLines, orderKey } from './catalogue.ts';
import type { Step } from './step.ts';

const KAKACLO_ORDER = '10001';
const KAKACLO_LINE = '120001';

/**
 * A lost answer: the refund is applied and the connection drops before the answer. Sending
 * it again could refund twice; refund-core asks KakaClo's refund list instead, compares it
 * with the list it read before sending, and finds the refund.
 */
export const lostAnswerStep: Step = {
  name: 'A lost answer, reconciled through the provider instead of resent',
  why: 'The provider applied the refund, but the answer never came back. Sending it again could refund twice; refund-core asks the provider what happened instead.',
  topic: 'a lost answer reconciled',
  async run({ sandbox, refunds, requests, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('kakaclo', KAKACLO_ORDER));
    const lines = [{ lineId: KAKACLO_LINE, quantity: 1 }];
    sandbox.addFaults([
      { kind: 'drop_after_apply', provider: 'kakaclo', operation: 'refundOrder', times: 1 },
    ]);
    out.act(`the sandbox will apply the next KakaClo refund, then drop the connection unanswered`);
    const key = `kakaclo-${KAKACLO_ORDER}-return-1`;
    const refundsOfOrder = () =>
      sandbox.ledger({ provider: 'kakaclo', orderId: KAKACLO_ORDER }).length;
    const before = refundsOfOrder();
    const mark = requests.count;
    const result = await refunds.refund({
      provider: 'kakaclo',
      idempotencyKey: key,
      orderId: KAKACLO_ORDER,
      lines,
    });
    asked.add({ provider: 'kakaclo', orderId: KAKACLO_ORDER, lines });
    const sent = requests.since(mark);
    const posts = sent.filter((r) => r.method === 'POST').length;
    out.act(
      `refund ${describeLines(order, lines)} of order ${KAKACLO_ORDER}, key ${out.style('value', key)}`,
    );
    checks.confirm(
      `not resent: ${posts} refund request, ${sent.length - posts} refund-list queries (before and after)`,
      [posts, sent.length - posts],
      [1, 2],
    );
    const r = result.reconciliation;
    checks.confirm(
      `result.reconciliation: ${r?.trigger ?? '-'} → asked ${r?.method ?? '-'} → ${r?.outcome ?? '-'}, resent: ${String(r?.resent)}`,
      [r?.trigger, r?.method, r?.outcome, r?.resent],
      ['outcome_unknown', 'kakaclo_refund_query', 'applied', false],
    );
    out.note(`evidence: ${r?.evidence ?? '-'}`);
    const added = refundsOfOrder() - before;
    checks.confirm(
      `${result.status}, refund ${result.refundId ?? '(none)'}: ${added} new refund in the ledger`,
      [result.status, added],
      ['pending', 1],
    );
    return `reconciled: ${r?.outcome ?? 'no reconciliation'}`;
  },
};

/** A bad request is refused before anything is stored or sent, naming the field. */
export const badInputStep: Step = {
  name: 'A bad input, rejected before anything is sent',
  why: 'A request is checked before anything is stored or sent, and the error names the field to fix.',
  topic: 'a bad input refused',
  async run({ sandbox, refunds, requests, out, checks }) {
    const mark = requests.count;
    const ledgerBefore = sandbox.ledger().length;
    const usd = (amount: string) => ({ currency: 'USD', amount });
    out.act('a Shoplazza 2024-07 refund of 81.00 USD whose payment lines add up to 80.99:');
    const outcome = await refunds
      .refund({
        provider: 'shoplazza',
        apiVersion: '2024-07',
        idempotencyKey: 'shoplazza-1232123-return-2',
        orderId: '1232123',
        amount: usd('81.00'),
        productAmount: usd('81.00'),
        payments: [
          { paymentLineId: 'pay-card-0001', amount: usd('50.67') },
          { paymentLineId: 'pay-gift-0001', amount: usd('30.32') },
        ],
      })
      .then(
        () => 'refunded',
        (error: unknown) => error,
      );
    const field = outcome instanceof LocalValidationError ? outcome.field : undefined;
    const sent = requests.since(mark).length;
    const ledgerAfter = sandbox.ledger().length;
    checks.confirm(
      `${outcome instanceof Error ? outcome.name : String(outcome)} on field ${String(field)}; ${sent} requests sent, ledger ${ledgerBefore} → ${ledgerAfter} refunds`,
      [outcome instanceof LocalValidationError, field, sent, ledgerAfter],
      [true, 'payments', 0, ledgerBefore],
    );
    if (outcome instanceof Error) out.note(outcome.message);
    return `refused, field ${String(field)}`;
  },
};
