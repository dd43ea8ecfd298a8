import type { InputCheck } from '@refundkit/http';
import type { KeetaClient, PartialRefundPreview } from '@refundkit/keeta';
import type {
  PreparedRefund,
  PreviewRequest,
  Proof,
  ProviderAdapter,
  RefundPreview,
} from '../../adapter.js';
import { CAPABILITIES } from '../../capabilities.js';
import { COMMON_FIELDS, checkDigits, checkQuantity, coreCheck } from '../../request-check.js';
import type { KeetaRefundRequest, RefundRequest } from '../../request.js';

/** Units still refundable per order product id, before the call. */
interface KeetaBaseline {
  readonly refundable: Readonly<Record<string, number>>;
}

const REASON_CODES = [200000, 200001, 200002, 200003, 200004] as const;

/**
 * The Keeta adapter. A sent refund is `pending` until Keeta's webhook (event 1007, verified
 * with `verifyKeetaWebhook`) is applied with `refunds.applyWebhook`.
 *
 * An ambiguous refund is reconciled by counting: under the order lock, refund-core previews
 * the refundable units of every product before applying, and again after. Every requested
 * product down by exactly its quantity (and nothing else changed) proves it applied; nothing
 * changed proves it was not; anything else is `unknown`.
 *
 * @example
 * const refunds = createRefunds({ providers: { keeta: keetaAdapter(createKeetaClient({ appId, appSecret, accessToken })) } });
 */
export function keetaAdapter(client: KeetaClient): ProviderAdapter {
  const refundable = async (
    prepared: PreparedRefund,
    call: Parameters<ProviderAdapter['snapshot']>[1],
  ): Promise<Record<string, number>> => {
    const request = prepared.request as KeetaRefundRequest;
    const preview = await call((options) =>
      client.previewPartialRefund(
        { orderViewId: request.orderId, shopId: request.shopId },
        options,
      ),
    );
    return refundableCounts(preview);
  };
  return {
    provider: 'keeta',
    capabilities: CAPABILITIES.keeta,
    prepare,
    snapshot: async (prepared, call) =>
      ({ refundable: await refundable(prepared, call) }) satisfies KeetaBaseline,
    send: async (prepared, call) => {
      const request = prepared.request as KeetaRefundRequest;
      const data = await call((options) =>
        client.applyPartialRefund(
          {
            orderViewId: request.orderId,
            shopId: request.shopId,
            products: request.lines.map((line) => ({
              orderProductId: line.lineId,
              refundCount: line.quantity,
            })),
            ...(request.reason.code === 200000
              ? { partRefundType: 200000, partRefundReason: request.reason.text }
              : {
                  partRefundType: request.reason.code,
                  ...(request.reason.text === undefined
                    ? {}
                    : { partRefundReason: request.reason.text }),
                }),
          },
          options,
        ),
      );
      return { status: 'pending', raw: data };
    },
    reconcile: async (prepared, baseline, call) =>
      compare(prepared, baseline as KeetaBaseline | undefined, await refundable(prepared, call)),
    unknownAdvice: (prepared) => {
      const request = prepared.request as KeetaRefundRequest;
      return {
        check: `whether order ${request.orderId} of shop ${request.shopId} has a partial refund of ${describeLines(request)} that refund-core did not record`,
        where: "Keeta's merchant portal, or a refund webhook (event 1007) for the order",
      };
    },
    preview: async (request, call) => preview(client, request, call),
  };
}

function prepare(request: RefundRequest, check: InputCheck): PreparedRefund {
  const given = check.knownKeys('', request, [...COMMON_FIELDS, 'shopId', 'lines', 'reason']);
  const orderId = checkDigits(check, 'orderId', given['orderId']);
  const shopId = checkDigits(check, 'shopId', given['shopId']);
  const lines = check.list('lines', given['lines'], 1, (value, path) => {
    const line = check.knownKeys(path, value, ['lineId', 'quantity']);
    return {
      lineId: checkDigits(check, `${path}.lineId`, line['lineId']),
      quantity: checkQuantity(check, `${path}.quantity`, line['quantity']),
    };
  });
  const reason = check.knownKeys('reason', check.required('reason', given['reason']), [
    'code',
    'text',
  ]);
  const code = check.oneOf('reason.code', reason['code'], REASON_CODES);
  const text =
    reason['text'] === undefined ? undefined : check.nonEmptyString('reason.text', reason['text']);
  if (code === 200000 && text === undefined) {
    check.fail('reason.text', 'required', 'is required with code 200000 ("other reasons")');
  }
  const normalized = {
    provider: 'keeta',
    idempotencyKey: given['idempotencyKey'],
    orderId,
    ...(given['note'] === undefined ? {} : { note: given['note'] }),
    shopId,
    lines,
    reason: text === undefined ? { code } : { code, text },
  };
  return {
    request: normalized as unknown as RefundRequest,
    orderKey: `keeta:${shopId}:${orderId}`,
    bucket: 'keeta',
  };
}

/** Units still refundable per product (a product missing from the preview has none left). */
function refundableCounts(preview: PartialRefundPreview | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const product of preview?.products ?? []) {
    if (product.id === undefined || typeof product.refundCount !== 'number') continue;
    counts[product.id] = (counts[product.id] ?? 0) + product.refundCount;
  }
  return counts;
}

function compare(
  prepared: PreparedRefund,
  baseline: KeetaBaseline | undefined,
  after: Record<string, number>,
): Proof {
  if (baseline === undefined) {
    return {
      outcome: 'inconclusive',
      evidence: 'no refundable counts were recorded before the call',
    };
  }
  const request = prepared.request as KeetaRefundRequest;
  const wanted = new Map<string, number>();
  for (const line of request.lines) {
    wanted.set(line.lineId, (wanted.get(line.lineId) ?? 0) + line.quantity);
  }
  const ids = new Set([...Object.keys(baseline.refundable), ...Object.keys(after)]);
  const deltas: string[] = [];
  let allExact = true;
  let noneChanged = true;
  for (const id of ids) {
    const delta = (baseline.refundable[id] ?? 0) - (after[id] ?? 0);
    if (delta !== 0) noneChanged = false;
    if (delta !== (wanted.get(id) ?? 0)) allExact = false;
    if (delta !== 0 || wanted.has(id))
      deltas.push(`${id}: −${delta} (asked ${wanted.get(id) ?? 0})`);
  }
  for (const id of wanted.keys()) if (!ids.has(id)) allExact = false;
  const evidence = `refundable units before → after, per product: ${deltas.join('; ') || 'none changed'}`;
  if (allExact) {
    return { outcome: 'applied', evidence, refund: { status: 'pending', raw: undefined } };
  }
  if (noneChanged) return { outcome: 'not_applied', evidence };
  return { outcome: 'inconclusive', evidence };
}

function describeLines(request: KeetaRefundRequest): string {
  return request.lines.map((line) => `${line.quantity} × product ${line.lineId}`).join(', ');
}

async function preview(
  client: KeetaClient,
  request: PreviewRequest,
  call: Parameters<ProviderAdapter['snapshot']>[1],
): Promise<RefundPreview> {
  const check = coreCheck('keeta', 'preview');
  const orderId = checkDigits(check, 'orderId', request.orderId);
  const shopId = checkDigits(check, 'shopId', request.shopId);
  const data = await call((options) =>
    client.previewPartialRefund({ orderViewId: orderId, shopId }, options),
  );
  return {
    provider: 'keeta',
    orderId,
    lines: (data?.products ?? []).flatMap((product) =>
      product.id === undefined
        ? []
        : [
            {
              lineId: product.id,
              ...(product.name === undefined ? {} : { name: product.name }),
              ...(typeof product.count === 'number' ? { quantity: product.count } : {}),
              refundableQuantity: typeof product.refundCount === 'number' ? product.refundCount : 0,
              ...(product.price === undefined ? {} : { unitPriceText: product.price }),
            },
          ],
    ),
    raw: data,
  };
}
