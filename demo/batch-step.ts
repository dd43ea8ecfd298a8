import type { RefundManyItem, RefundRequest } from '@refundkit/refund-core';
import type { FaultSpec } from '@refundkit/sandbox';
import type { Ask } from './asked.ts';
import { catalogue, describeLines, orderKey, type CatalogueOrder } from './catalogue.ts';
import { Progress } from './progress.ts';
import type { Step } from './step.ts';

const SHOP = '466663';
/** How long the sandbox holds each refund's answer, so the progress bar can be seen at all. */
const HOLD_MS = 250;

/** One refund of the batch: the request, and the status it should end in. */
interface BatchRefund {
  readonly request: RefundRequest;
  readonly ask: Ask;
  readonly expected: 'pending' | 'succeeded';
}

/** A day's returns, as a queue would hand them over: three providers, some of one order. */
function batch(): BatchRefund[] {
  const kakaclo = (n: number, lineId: string): BatchRefund => {
    const lines = [{ lineId, quantity: 1 }];
    return {
      request: { provider: 'kakaclo', idempotencyKey: `batch-${n}`, orderId: '10001', lines },
      ask: { provider: 'kakaclo', orderId: '10001', lines },
      expected: 'pending',
    };
  };
  const keeta = (n: number, orderId: string, lineId: string): BatchRefund => {
    const lines = [{ lineId, quantity: 1 }];
    return {
      request: {
        provider: 'keeta',
        idempotencyKey: `batch-${n}`,
        orderId,
        shopId: SHOP,
        lines,
        reason: { code: 200003 },
      },
      ask: { provider: 'keeta', orderId, lines },
      expected: 'pending',
    };
  };
  const bowl = [{ lineId: 'LI200', quantity: 1 }];
  const tote = [{ lineId: 'LI123', quantity: 1 }];
  const jpy = (amount: string) => ({ currency: 'JPY', amount });
  return [
    kakaclo(1, '120002'),
    kakaclo(2, '120002'),
    kakaclo(3, '120001'),
    {
      request: {
        provider: 'shoplazza',
        apiVersion: '2024-07',
        idempotencyKey: 'batch-4',
        orderId: '1232124',
        amount: jpy('4500'),
        productAmount: jpy('4500'),
        payments: [{ paymentLineId: 'pay-card-0002', amount: jpy('4500') }],
        lines: bowl,
      },
      ask: { provider: 'shoplazza', orderId: '1232124', lines: bowl, amount: '4500' },
      expected: 'succeeded',
    },
    {
      request: {
        provider: 'shoplazza',
        apiVersion: '2022-01',
        idempotencyKey: 'batch-5',
        orderId: '1232123',
        amount: { currency: 'USD', amount: '35.00' },
        returnGoods: true,
        lines: tote,
      },
      ask: { provider: 'shoplazza', orderId: '1232123', lines: tote, amount: '35.00' },
      expected: 'succeeded',
    },
    keeta(6, '756823555555859', '1234534225'),
    keeta(7, '756823555555860', '2234534224'),
    keeta(8, '1152921504606846977', '9007199254740993'),
  ];
}

/** The sandbox operation a request ends in (the ledger's `operation`). */
function operationOf(request: RefundRequest): string {
  if (request.provider === 'keeta') return 'applyPartialRefund';
  if (request.provider === 'kakaclo') return 'refundOrder';
  return request.apiVersion === '2024-07' ? 'refundOrder' : 'partialRefund';
}

/** One held answer per refund of the batch (and no more: the sandbox is not only ours). */
function holds(refunds: readonly BatchRefund[]): FaultSpec[] {
  const counts = new Map<string, FaultSpec>();
  for (const { request } of refunds) {
    const operation = operationOf(request);
    const key = `${request.provider} ${operation}`;
    const times = (counts.get(key)?.times ?? 0) + 1;
    counts.set(key, {
      kind: 'latency',
      provider: request.provider,
      operation,
      latencyMs: HOLD_MS,
      times,
    });
  }
  return [...counts.values()];
}

/** `refundMany`: a batch with bounded concurrency, rate-limited, one item per request. */
export const batchStep: Step = {
  name: 'A refundMany batch',
  why: "refundMany() runs many refunds with bounded concurrency and each provider's rate limit, and returns one result (or error) per request, in order.",
  topic: 'a batch',
  async run({ sandbox, refunds, out, asked, checks }) {
    const orders = catalogue(sandbox);
    const work = batch();
    sandbox.addFaults(holds(work));
    out.act(
      `${work.length} returns across the three providers, 4 at a time (the sandbox holds each answer ${HOLD_MS} ms)`,
    );
    const progress = new Progress(out, work.length);
    const items = await refunds.refundMany(
      work.map((w) => w.request),
      {
        concurrency: 4,
        onProgress: ({ done, item }) => {
          const short = `#${item.index + 1} ${item.ok ? item.result.status : 'failed'}`;
          progress.update(done, short, describe(item, work, orders));
        },
      },
    );
    progress.end();
    if (out.tty) for (const item of items) out.line(describe(item, work, orders));
    for (const { ask } of work) asked.add(ask);
    checks.confirm(
      `${items.filter((i) => i.ok).length} of ${work.length} refunded, each in its expected status`,
      items.map((i) => (i.ok ? i.result.status : String(i.error))),
      work.map((w) => w.expected),
    );
    return `${items.filter((i) => i.ok).length}/${work.length} refunded`;
  },
};

function describe(
  item: RefundManyItem,
  work: readonly BatchRefund[],
  orders: ReadonlyMap<string, CatalogueOrder>,
): string {
  const ask = work[item.index]?.ask;
  if (ask === undefined) return `#${item.index + 1}`;
  const order = orders.get(orderKey(ask.provider, ask.orderId));
  const what = `#${item.index + 1} ${ask.provider} ${ask.orderId}: ${describeLines(order, ask.lines)}`;
  return item.ok
    ? `${what} → ${item.result.status}`
    : `${what} → ${item.error instanceof Error ? item.error.message : String(item.error)}`;
}
