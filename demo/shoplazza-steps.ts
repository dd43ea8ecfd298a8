import { catalogue, describeLines, orderKey } from './catalogue.ts';
import { sum, times } from './money.ts';
import type { Step } from './step.ts';

const SHIRT_ORDER = '1232123';
const SHIRT = '31d95f28-baf0-47c9-ad53-dbf3833f1b85';
const DATES_ORDER = '1232125';
const DATES = 'LI300';

/** Where the 2024-07 refund goes back: two payment lines of the order, split to the cent. */
const PAYMENTS = [
  { paymentLineId: 'pay-card-0001', what: 'card', amount: '60.67' },
  { paymentLineId: 'pay-gift-0001', what: 'gift card', amount: '30.33' },
] as const;

/** The body the sandbox received for a ledger entry (Shoplazza 2024-07's field names). */
interface RefundOrderBody {
  readonly refund_total?: string;
  readonly refund_payments?: readonly { readonly refund_price?: string }[];
}

/**
 * Shoplazza 2024-07: a refund of a line and the shipping, split across two payment lines.
 * The totals must add up exactly: refund-core checks them in minor units before sending,
 * and the sandbox checks them again.
 */
export const shoplazza2024Step: Step = {
  name: 'Shoplazza 2024-07: a refund split across payment lines, exact to the cent',
  why: 'Shoplazza 2024-07 takes totals that must add up exactly, and the payment lines the money goes back to. refund-core checks the sums in minor units (never floats) before sending.',
  topic: 'a Shoplazza 2024-07 refund split across payment lines',
  async run({ sandbox, refunds, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('shoplazza', SHIRT_ORDER));
    const currency = order?.currency ?? 'USD';
    const lines = [{ lineId: SHIRT, quantity: 1 }];
    const product = times(order?.lines.get(SHIRT)?.unitPrice ?? '0', 1, currency);
    const shipping = '10.00';
    const total = sum([product, shipping], currency);
    const paid = sum(
      PAYMENTS.map((p) => p.amount),
      currency,
    );
    out.act(
      `refund ${describeLines(order, lines)} (${product}) + shipping ${shipping} = ${total} ${currency} on order ${SHIRT_ORDER},`,
    );
    out.line(
      `  paid back to ${PAYMENTS.map((p) => `${p.what} ${p.amount}`).join(' + ')} = ${paid}`,
    );
    const money = (amount: string) => ({ currency, amount });
    const result = await refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2024-07',
      idempotencyKey: `shoplazza-${SHIRT_ORDER}-return-1`,
      orderId: SHIRT_ORDER,
      amount: money(total),
      productAmount: money(product),
      shipping: money(shipping),
      payments: PAYMENTS.map((p) => ({ paymentLineId: p.paymentLineId, amount: money(p.amount) })),
      lines,
    });
    asked.add({ provider: 'shoplazza', orderId: SHIRT_ORDER, lines, amount: total });
    checks.confirm(
      `succeeded at once: refund record ${result.refundId ?? '(none)'}, ${result.amount?.amount ?? '?'} ${currency}`,
      [result.status, result.amount],
      ['succeeded', money(total)],
    );
    const entry = sandbox.ledger({ provider: 'shoplazza', orderId: SHIRT_ORDER }).at(-1);
    const body = (entry?.request.body ?? {}) as RefundOrderBody;
    const sent = (body.refund_payments ?? []).map((p) => p.refund_price ?? '0');
    checks.confirm(
      `Shoplazza received refund_total ${body.refund_total ?? '?'} = ${sent.join(' + ')}, exactly (${entry?.amountMinor ?? '?'} cents)`,
      [body.refund_total, sum(sent, currency), entry?.amount],
      [total, total, total],
    );
    return `${total} ${currency} over ${PAYMENTS.length} payment lines`;
  },
};

/** Shoplazza 2022-01: a partial refund of an amount for two units, in a 3-decimal currency. */
export const shoplazza2022Step: Step = {
  name: 'Shoplazza 2022-01: a partial refund',
  why: 'The older API version: an amount, and optionally the lines it covers. Each request names its version.',
  topic: 'a 2022-01 partial refund',
  async run({ sandbox, refunds, out, asked, checks }) {
    const order = catalogue(sandbox).get(orderKey('shoplazza', DATES_ORDER));
    const currency = order?.currency ?? 'KWD';
    const lines = [{ lineId: DATES, quantity: 2 }];
    const amount = times(order?.lines.get(DATES)?.unitPrice ?? '0', 2, currency);
    out.act(
      `refund ${amount} ${currency} for ${describeLines(order, lines)} on order ${DATES_ORDER}, goods returned (${currency} has 3 decimals)`,
    );
    const result = await refunds.refund({
      provider: 'shoplazza',
      apiVersion: '2022-01',
      idempotencyKey: `shoplazza-${DATES_ORDER}-return-1`,
      orderId: DATES_ORDER,
      amount: { currency, amount },
      returnGoods: true,
      lines,
    });
    asked.add({ provider: 'shoplazza', orderId: DATES_ORDER, lines, amount });
    checks.confirm(
      `succeeded: refund ${result.refundId ?? '(none)'}, ${result.amount?.amount ?? '?'} ${currency}`,
      [result.status, result.amount],
      ['succeeded', { currency, amount }],
    );
    return `${amount} ${currency}`;
  },
};
