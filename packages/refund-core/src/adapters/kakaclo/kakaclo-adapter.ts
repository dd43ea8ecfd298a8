import type { InputCheck } from '@refundkit/http';
import type {
  KakacloClient,
  KakacloRefundItem,
  KakacloRefundPage,
  KakacloRefundRequest as KakacloWireRequest,
} from '@refundkit/kakaclo';
import type {
  PreparedRefund,
  Proof,
  ProviderAdapter,
  ProviderCall,
  Refreshed,
  SentRefund,
} from '../../adapter.js';
import { CAPABILITIES } from '../../capabilities.js';
import { COMMON_FIELDS, checkQuantity } from '../../request-check.js';
import type { KakacloRefundLine, KakacloRefundRequest, RefundRequest } from '../../request.js';
import type { RefundResult } from '../../result.js';

/** The refund numbers an order had before the call: what reconciliation compares with. */
interface KakacloBaseline {
  readonly refundNos: readonly string[];
}

const LINE_FIELDS = ['lineId', 'skuCode', 'countryCode', 'quantity'];

/**
 * The KakaClo adapter. A sent refund is `pending` (KakaClo reviews it within 24 hours);
 * `status()` and `waitForFinal()` follow it with the refund query. An ambiguous refund is
 * reconciled with the same query: the refund numbers listed for the order after the call
 * are compared with those listed before it, under the order lock.
 *
 * @example
 * const refunds = createRefunds({ providers: { kakaclo: kakacloAdapter(createKakacloClient({ accessToken })) } });
 */
export function kakacloAdapter(client: KakacloClient): ProviderAdapter {
  // Snapshot, reconciliation and status all read the same thing: the order's refund list.
  const refundsOf = (prepared: PreparedRefund, call: ProviderCall) =>
    call((options) => client.queryRefund(prepared.request.orderId, options));
  return {
    provider: 'kakaclo',
    capabilities: CAPABILITIES.kakaclo,
    prepare: (request, check) => prepare(request, check),
    snapshot: async (prepared, call) => {
      const page = await refundsOf(prepared, call);
      return { refundNos: refundNumbers(page) } satisfies KakacloBaseline;
    },
    send: async (prepared, call) => {
      const answer = await call((options) =>
        client.refundOrder(
          prepared.request.orderId,
          wireRequest(prepared.request as KakacloRefundRequest),
          options,
        ),
      );
      return { status: 'pending', refundId: answer.refundId, raw: answer } satisfies SentRefund;
    },
    reconcile: async (prepared, baseline, call) => {
      const page = await refundsOf(prepared, call);
      return compare(prepared, baseline as KakacloBaseline | undefined, page);
    },
    refresh: async (prepared, result, call) => {
      const page = await refundsOf(prepared, call);
      return refreshed(page, result);
    },
    unknownAdvice: (prepared) => ({
      check: `whether KakaClo order ${prepared.request.orderId} has a refund that refund-core did not record, before refunding it again`,
      where: `KakaClo's business manager, or kakaclo.queryRefund('${prepared.request.orderId}')`,
    }),
  };
}

function prepare(request: RefundRequest, check: InputCheck): PreparedRefund {
  const given = check.knownKeys('', request, [...COMMON_FIELDS, 'reason', 'lines', 'wholeOrder']);
  const hasLines = given['lines'] !== undefined;
  const whole = given['wholeOrder'];
  if (whole !== undefined && whole !== true) {
    check.fail('wholeOrder', 'true', 'must be true when given (or leave it out and list lines)');
  }
  if (hasLines === (whole === true)) {
    check.fail(
      hasLines ? 'wholeOrder' : 'lines',
      'lines_or_whole_order',
      'give either lines (what to refund) or wholeOrder: true, not both and not neither',
    );
  }
  const normalized: Record<string, unknown> = {
    provider: 'kakaclo',
    idempotencyKey: given['idempotencyKey'],
    orderId: given['orderId'],
  };
  if (given['note'] !== undefined) normalized['note'] = given['note'];
  if (given['reason'] !== undefined) {
    const reason = check.knownKeys('reason', given['reason'], ['code', 'text']);
    const out: Record<string, string> = {};
    if (reason['code'] !== undefined)
      out['code'] = check.nonEmptyString('reason.code', reason['code']);
    if (reason['text'] !== undefined)
      out['text'] = check.nonEmptyString('reason.text', reason['text']);
    normalized['reason'] = out;
  }
  if (hasLines) {
    normalized['lines'] = check.list('lines', given['lines'], 1, (value, path) => {
      const line = check.knownKeys(path, value, LINE_FIELDS);
      const out: Record<string, unknown> = {};
      for (const field of ['lineId', 'skuCode', 'countryCode'] as const) {
        if (line[field] !== undefined)
          out[field] = check.nonEmptyString(`${path}.${field}`, line[field]);
      }
      if (out['lineId'] === undefined && out['skuCode'] === undefined) {
        check.fail(`${path}.lineId`, 'line_or_sku', 'name the line by lineId (item id) or skuCode');
      }
      out['quantity'] = checkQuantity(check, `${path}.quantity`, line['quantity']);
      return out;
    });
  } else {
    normalized['wholeOrder'] = true;
  }
  const orderId = given['orderId'] as string;
  return {
    request: normalized as unknown as RefundRequest,
    orderKey: `kakaclo:${orderId}`,
    bucket: 'kakaclo',
  };
}

function wireRequest(request: KakacloRefundRequest): KakacloWireRequest {
  const wire: { -readonly [K in keyof KakacloWireRequest]: KakacloWireRequest[K] } = {};
  if (request.reason?.code !== undefined) wire.refundReason = request.reason.code;
  if (request.reason?.text !== undefined) wire.remark = request.reason.text;
  if (request.lines !== undefined) wire.orderItems = request.lines.map(wireItem);
  return wire;
}

function wireItem(line: KakacloRefundLine): KakacloRefundItem {
  const item: Record<string, unknown> = { quantity: line.quantity };
  if (line.lineId !== undefined) item['itemId'] = line.lineId;
  if (line.skuCode !== undefined) item['skuCode'] = line.skuCode;
  if (line.countryCode !== undefined) item['countryCode'] = line.countryCode;
  return item as unknown as KakacloRefundItem;
}

function refundNumbers(page: KakacloRefundPage): string[] {
  return (page.list ?? []).flatMap((record) =>
    record.refundNo === undefined ? [] : [record.refundNo],
  );
}

/** True when the page may not list every refund of the order. */
function partial(page: KakacloRefundPage): boolean {
  return typeof page.total === 'number' && page.total > (page.list?.length ?? 0);
}

function compare(
  prepared: PreparedRefund,
  baseline: KakacloBaseline | undefined,
  page: KakacloRefundPage,
): Proof {
  const orderId = prepared.request.orderId;
  if (baseline === undefined) {
    return { outcome: 'inconclusive', evidence: 'no refund list was recorded before the call' };
  }
  if (partial(page)) {
    return {
      outcome: 'inconclusive',
      evidence: `the refund query lists ${page.list?.length ?? 0} of ${String(page.total)} refunds of order ${orderId}`,
    };
  }
  const before = new Set(baseline.refundNos);
  const added = (page.list ?? []).filter(
    (record) => record.refundNo !== undefined && !before.has(record.refundNo),
  );
  const seen = `before: [${baseline.refundNos.join(', ')}]`;
  if (added.length === 0) {
    return {
      outcome: 'not_applied',
      evidence: `KakaClo lists no new refund for order ${orderId} (${seen}, after: the same)`,
    };
  }
  if (added.length > 1) {
    return {
      outcome: 'inconclusive',
      evidence: `KakaClo lists ${added.length} new refunds for order ${orderId} (${seen}); cannot tell which is this one`,
    };
  }
  const [record] = added;
  if (record?.refundNo === undefined) {
    return { outcome: 'inconclusive', evidence: 'the new refund has no refund number' };
  }
  const refundId = record.refundNo;
  return {
    outcome: 'applied',
    evidence: `KakaClo lists one new refund for order ${orderId}: ${refundId} (${String(record.refundStatus)}; ${seen})`,
    refund: { status: statusOf(record.refundStatus), refundId, raw: record },
  };
}

function refreshed(page: KakacloRefundPage, result: RefundResult): Refreshed {
  const record = (page.list ?? []).find((r) => r.refundNo === result.refundId);
  if (!record) return { status: 'pending', raw: page };
  return { status: statusOf(record.refundStatus), raw: record };
}

function statusOf(status: string | undefined): 'pending' | 'succeeded' | 'failed' {
  if (status === 'refund_successfully') return 'succeeded';
  if (status === 'refund_failed') return 'failed';
  return 'pending';
}
