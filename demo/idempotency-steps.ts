import { IdempotencyConflictError, type KeetaRefundRequest } from '@refundkit/refund-core';
import { catalogue, describeLines, orderKey } from './catalogue.ts';
import type { Step } from './step.ts';

const SHOP = '466663';
const SHAWARMA_ORDER = '756823555555860';
const SHAWARMA = '2234534224';
/** An order id above 2^53: a JS number would round it; refund-core keeps it as digits. */
const RAMEN_ORDER = '1152921504606846977';
const RAMEN = '9007199254740993';
const KEETA_APPLY = '/keeta/order/refund/part/apply';

/** The request the replay and conflict steps share: one key, one refund. */
const shawarmaRefund = (quantity: number): KeetaRefundRequest => ({
  provider: 'keeta',
  idempotencyKey: `keeta-${SHAWARMA_ORDER}-return-1`,
  orderId: SHAWARMA_ORDER,
  shopId: SHOP,
  lines: [{ lineId: SHAWARMA, quantity }],
  reason: { code: 200002 },
});

/** The same key sent again (a retry, a redelivered message): the stored result, no request. */
export const replayStep: Step = {
  name: 'The same idempotency key again: replayed, no second refund',
  why: 'A retry, or a queue delivering a message twice, sends the same idempotency key again. One key is at most one refund.',
  topic: 'a replayed key',
  async run({ sandbox, refunds, requests, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('keeta', SHAWARMA_ORDER));
    const request = shawarmaRefund(1);
    const first = await refunds.refund(request);
    asked.add({ provider: 'keeta', orderId: SHAWARMA_ORDER, lines: request.lines });
    out.act(
      `refund ${describeLines(order, request.lines)} of order ${SHAWARMA_ORDER}, key ${out.style('value', request.idempotencyKey)} → ${first.status}`,
    );
    const refundsOfOrder = () =>
      sandbox.ledger({ provider: 'keeta', orderId: SHAWARMA_ORDER }).length;
    const mark = requests.count;
    const before = refundsOfOrder();
    const again = await refunds.refund(request);
    const added = refundsOfOrder() - before;
    checks.confirm(
      `sent again → replayed (the stored result): ${requests.since(mark).length} requests sent, ${added} new refunds in the ledger`,
      [again.replayed, again.status, requests.since(mark).length, added],
      [true, first.status, 0, 0],
    );
    return 'replayed with no request';
  },
};

/** The same key with a different body: a bug in the caller, refused before anything is sent. */
export const conflictStep: Step = {
  name: 'The same key with a different body: refused',
  why: 'The same key for a different refund is a bug in the caller: refused, rather than guessing which one was meant.',
  topic: 'a key reused for another refund',
  async run({ refunds, requests, out, checks }) {
    const mark = requests.count;
    const outcome = await refunds.refund(shawarmaRefund(2)).then(
      () => 'refunded',
      (error: unknown) => error,
    );
    const name = outcome instanceof IdempotencyConflictError ? outcome.name : String(outcome);
    checks.confirm(
      `the same key asking 2 units instead of 1 → ${name}, ${requests.since(mark).length} requests sent`,
      [name, requests.since(mark).length],
      ['IdempotencyConflictError', 0],
    );
    if (outcome instanceof Error) out.note(outcome.message);
    return name;
  },
};

/** Two callers at once with one key (a message handled by two workers): one refund. */
export const concurrentStep: Step = {
  name: 'Two concurrent calls with one key: one refund',
  why: 'Two workers handling one message at the same moment: the key is claimed once, and the other call waits for its result.',
  topic: 'two concurrent calls on one key',
  async run({ sandbox, refunds, requests, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('keeta', RAMEN_ORDER));
    const lines = [{ lineId: RAMEN, quantity: 1 }];
    const request: KeetaRefundRequest = {
      provider: 'keeta',
      idempotencyKey: `keeta-${RAMEN_ORDER}-return-1`,
      orderId: RAMEN_ORDER,
      shopId: SHOP,
      lines,
      reason: { code: 200001 },
    };
    out.act(
      `two calls at once refund ${describeLines(order, lines)} of order ${RAMEN_ORDER} (above 2^53, kept exact)`,
    );
    const refundsOfOrder = () => sandbox.ledger({ provider: 'keeta', orderId: RAMEN_ORDER }).length;
    const mark = requests.count;
    const before = refundsOfOrder();
    const results = await Promise.all([refunds.refund(request), refunds.refund(request)]);
    asked.add({ provider: 'keeta', orderId: RAMEN_ORDER, lines });
    const applies = requests.since(mark).filter((r) => r.path === KEETA_APPLY).length;
    const added = refundsOfOrder() - before;
    checks.confirm(
      `${applies} refund request sent, ${added} new refund in the ledger: one call sent it, the other got its result`,
      [applies, added, results.map((r) => r.status), results.filter((r) => r.replayed).length],
      [1, 1, ['pending', 'pending'], 1],
    );
    return `${applies} request, ${added} refund`;
  },
};
