import { WebhookError, type RefundPreview } from '@refundkit/refund-core';
import { verifyKeetaWebhook } from '@refundkit/refund-core/keeta';
import { catalogue, describeLines, orderKey } from './catalogue.ts';
import type { Step } from './step.ts';

const ORDER = '756823555555859';
const SHOP = '466663';
const BURGER = '1234534224';
/** The URL the merchant registered with Keeta: the signature covers it (nothing is sent there). */
const WEBHOOK_URL = 'https://shop.example/hooks/keeta';

/**
 * Keeta: look first (preview), refund one unit of a line, and let Keeta's signed webhook
 * (event 1007) settle it, as Keeta decides refunds later.
 */
export const keetaStep: Step = {
  name: 'Keeta: preview, a partial refund by lines, the signed webhook settling it',
  why: 'Keeta refunds units of order lines and decides later: its decision arrives as a signed webhook, which refund-core verifies and applies.',
  topic: 'a Keeta preview, refund by lines and signed webhook',
  async run({ sandbox, refunds, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('keeta', ORDER));
    const before = await refunds.preview({ provider: 'keeta', orderId: ORDER, shopId: SHOP });
    out.act(`preview order ${ORDER}: ${describePreview(before)} refundable`);

    const lines = [{ lineId: BURGER, quantity: 1 }];
    const key = `keeta-${ORDER}-return-1`;
    const result = await refunds.refund({
      provider: 'keeta',
      idempotencyKey: key,
      orderId: ORDER,
      shopId: SHOP,
      lines,
      reason: { code: 200001, text: 'Do not like' },
    });
    asked.add({ provider: 'keeta', orderId: ORDER, lines });
    checks.confirm(
      `refund ${describeLines(order, lines)}, key ${out.style('value', key)} → pending (Keeta decides later)`,
      result.status,
      'pending',
    );

    const refundId = sandbox.ledger({ provider: 'keeta', orderId: ORDER }).at(-1)?.refundId ?? '';
    out.act(
      `Keeta (the sandbox) decides: it posts event 1007 for refund ${refundId}, signed over the webhook URL`,
    );
    const { body } = sandbox.keetaRefundWebhook(refundId, 'succeeded', { url: WEBHOOK_URL });
    const { appSecret } = sandbox.credentials.keeta;
    const tampered = body.replace(/"money":(\d+)/, (_all, money: string) => `"money":${money}0`);
    checks.confirm(
      'a copy with the amount changed is refused before anything is read: WebhookError (signature)',
      await verifyKeetaWebhook(tampered, { url: WEBHOOK_URL, appSecret }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof WebhookError ? error.reason : String(error)),
      ),
      'signature',
    );
    const event = await verifyKeetaWebhook(body, { url: WEBHOOK_URL, appSecret });
    const settled = await refunds.applyWebhook(event);
    checks.confirm(
      `the real one is verified and applied → ${settled.outcome}: ${settled.result?.status ?? 'nothing'}`,
      [settled.outcome, settled.result?.idempotencyKey, settled.result?.status],
      ['settled', key, 'succeeded'],
    );
    const again = await refunds.applyWebhook(event);
    checks.confirm(
      `delivered again (webhooks can come twice) → ${again.outcome}`,
      again.outcome,
      'unchanged',
    );

    const after = await refunds.preview({ provider: 'keeta', orderId: ORDER, shopId: SHOP });
    checks.confirm(
      `preview now: ${describePreview(after)}`,
      refundable(after, BURGER),
      refundable(before, BURGER) - 1,
    );
    return `refund ${refundId} settled succeeded by its webhook`;
  },
};

function describePreview(preview: RefundPreview): string {
  return preview.lines
    .map(
      (line) =>
        `${line.refundableQuantity} × ${line.name ?? line.lineId}` +
        (line.unitPriceText === undefined ? '' : ` (${line.unitPriceText})`),
    )
    .join(', ');
}

function refundable(preview: RefundPreview, lineId: string): number {
  return preview.lines.find((line) => line.lineId === lineId)?.refundableQuantity ?? 0;
}
