import type { InputCheck } from '@refundkit/http';
import type { RefundOrderRequest, ShoplazzaClient } from '@refundkit/shoplazza';
import type { PreparedRefund, ProviderAdapter, SentRefund } from '../../adapter.js';
import { CAPABILITIES } from '../../capabilities.js';
import { checkMoney, exact, formatMoney, type ExactMoney, type Money } from '../../money.js';
import { COMMON_FIELDS, checkQuantity } from '../../request-check.js';
import type {
  RefundRequest,
  ShoplazzaRefund2022Request,
  ShoplazzaRefund2024Request,
} from '../../request.js';

/** One store's client, or several by store label (`{ 'demo-store': client, … }`). */
export type ShoplazzaClients = ShoplazzaClient | Readonly<Record<string, ShoplazzaClient>>;

const V2022_FIELDS = [...COMMON_FIELDS, 'shop', 'apiVersion', 'amount', 'returnGoods', 'lines'];
const V2024_FIELDS = [
  ...COMMON_FIELDS,
  'shop',
  'apiVersion',
  'amount',
  'productAmount',
  'shipping',
  'tip',
  'additionalFees',
  'payments',
  'lines',
];

/**
 * The Shoplazza adapter, for one store's client or several by store label. The API version
 * is chosen by each request's `apiVersion`.
 *
 * Shoplazza documents no way to look a refund up, so an ambiguous refund cannot be
 * reconciled: it ends `unknown` (stored, so a retry with the key gets the same answer, never
 * a second refund), with what to check in Shoplazza's admin.
 *
 * @example
 * const refunds = createRefunds({ providers: { shoplazza: shoplazzaAdapter(createShoplazzaClient({ shop, accessToken })) } });
 */
export function shoplazzaAdapter(clients: ShoplazzaClients): ProviderAdapter {
  // Store labels are DNS labels: matched in any case, as Shoplazza does.
  const byShop = isClient(clients)
    ? undefined
    : new Map(Object.entries(clients).map(([shop, client]) => [shop.toLowerCase(), client]));
  const single = isClient(clients) ? clients : undefined;
  const clientFor = (shop: string | undefined): ShoplazzaClient => {
    const client = single ?? byShop?.get((shop ?? '').toLowerCase());
    // prepare() refused a shop without a client, so this is unreachable.
    if (!client) throw new RangeError(`no Shoplazza client for store ${String(shop)}`);
    return client;
  };
  return {
    provider: 'shoplazza',
    capabilities: CAPABILITIES.shoplazza,
    prepare: (request, check) => prepare(request, check, single, byShop),
    snapshot: () => Promise.resolve(undefined),
    send: async (prepared, call) => {
      const request = prepared.request as ShoplazzaRefund2022Request | ShoplazzaRefund2024Request;
      const client = clientFor(request.shop);
      const currency = request.amount.currency;
      if (request.apiVersion === '2022-01') {
        const answer = await call((options) =>
          client.partialRefund(
            request.orderId,
            {
              is_return: request.returnGoods,
              price: request.amount.amount,
              ...(request.lines === undefined
                ? {}
                : {
                    line_items: request.lines.map((l) => ({ id: l.lineId, quantity: l.quantity })),
                  }),
            },
            { ...options, currency },
          ),
        );
        const status = (answer.Status ?? '').toLowerCase();
        return {
          status: status === 'pending' ? 'pending' : 'succeeded',
          ...(answer.Id === undefined ? {} : { refundId: answer.Id }),
          raw: answer,
        } satisfies SentRefund;
      }
      const answer = await call((options) =>
        client.refundOrder(request.orderId, refundOrderBody(request), { ...options, currency }),
      );
      return {
        status: 'succeeded',
        ...(answer.refund_record_id === undefined ? {} : { refundId: answer.refund_record_id }),
        raw: answer,
      } satisfies SentRefund;
    },
    reconcile: () =>
      Promise.resolve({ outcome: 'inconclusive', evidence: 'Shoplazza offers no refund lookup' }),
    unknownAdvice: (prepared) => {
      const request = prepared.request as ShoplazzaRefund2022Request;
      return {
        check: `whether order ${request.orderId} has a refund of ${request.amount.amount} ${request.amount.currency} that refund-core did not record; do not refund it again before checking`,
        where: `the Shoplazza admin of store ${request.shop ?? clientFor(undefined).baseUrl}: Orders → ${request.orderId} → refunds`,
      };
    },
  };
}

function isClient(value: ShoplazzaClients): value is ShoplazzaClient {
  return typeof (value as Partial<ShoplazzaClient>).refundOrder === 'function';
}

function prepare(
  request: RefundRequest,
  check: InputCheck,
  single: ShoplazzaClient | undefined,
  byShop: Map<string, ShoplazzaClient> | undefined,
): PreparedRefund {
  const version = check.oneOf('apiVersion', (request as { apiVersion?: unknown }).apiVersion, [
    '2022-01',
    '2024-07',
  ]);
  const given = check.knownKeys('', request, version === '2022-01' ? V2022_FIELDS : V2024_FIELDS);
  const shop =
    given['shop'] === undefined ? undefined : check.nonEmptyString('shop', given['shop']);
  let storeKey: string;
  if (byShop) {
    if (shop === undefined || !byShop.has(shop.toLowerCase())) {
      check.fail(
        'shop',
        'configured_shop',
        `must name one of the configured stores (${[...byShop.keys()].join(', ')})`,
      );
    }
    storeKey = shop.toLowerCase();
  } else {
    const label = single?.shop;
    if (shop !== undefined && label !== undefined && shop.toLowerCase() !== label.toLowerCase()) {
      check.fail('shop', 'configured_shop', `must be the configured store (${label}) or left out`);
    }
    storeKey = label ?? single?.baseUrl ?? '';
  }
  const amount = checkMoney(check, 'amount', given['amount']);
  const same = (field: string, value: unknown): ExactMoney => {
    const money = checkMoney(check, field, value);
    if (money.currency !== amount.currency) {
      check.fail(
        `${field}.currency`,
        'same_currency',
        `must be ${amount.currency}, the currency of amount`,
      );
    }
    return money;
  };
  const base: Record<string, unknown> = {
    provider: 'shoplazza',
    apiVersion: version,
    idempotencyKey: given['idempotencyKey'],
    orderId: given['orderId'],
    ...(given['note'] === undefined ? {} : { note: given['note'] }),
    // With one store, `shop` only confirms it (in any case): left out of the fingerprint so
    // `shop` given or not is one request. With several, it names the store's client.
    ...(byShop === undefined ? {} : { shop: storeKey }),
    amount: formatMoney(amount),
  };
  if (version === '2022-01') {
    base['returnGoods'] = check.boolean('returnGoods', given['returnGoods']);
    if (given['lines'] !== undefined) {
      base['lines'] = check.list('lines', given['lines'], 1, (value, path) => {
        const line = check.knownKeys(path, value, ['lineId', 'quantity']);
        return {
          lineId: check.nonEmptyString(`${path}.lineId`, line['lineId']),
          quantity: checkQuantity(check, `${path}.quantity`, line['quantity']),
        };
      });
    }
  } else {
    base['productAmount'] = formatMoney(same('productAmount', given['productAmount']));
    for (const field of ['shipping', 'tip'] as const) {
      if (given[field] !== undefined) base[field] = formatMoney(same(field, given[field]));
    }
    if (given['additionalFees'] !== undefined) {
      base['additionalFees'] = check.list(
        'additionalFees',
        given['additionalFees'],
        1,
        (value, path) => {
          const fee = check.knownKeys(path, value, ['name', 'amount']);
          return {
            name: check.nonEmptyString(`${path}.name`, fee['name']),
            amount: formatMoney(same(`${path}.amount`, fee['amount'])),
          };
        },
      );
    }
    let paid = 0n;
    base['payments'] = check.list('payments', given['payments'], 1, (value, path) => {
      const payment = check.knownKeys(path, value, ['paymentLineId', 'amount']);
      const money = same(`${path}.amount`, payment['amount']);
      paid += money.minor;
      return {
        paymentLineId: check.nonEmptyString(`${path}.paymentLineId`, payment['paymentLineId']),
        amount: formatMoney(money),
      };
    });
    if (paid !== amount.minor) {
      check.fail(
        'payments',
        'sum_equals_amount',
        `must add up to amount (${formatMoney(amount).amount}), but add up to ${formatMoney({ ...amount, minor: paid }).amount}`,
      );
    }
    if (given['lines'] !== undefined) {
      base['lines'] = check.list('lines', given['lines'], 1, (value, path) => {
        const line = check.knownKeys(path, value, [
          'lineId',
          'quantity',
          'waitingShipQuantity',
          'returnInventory',
        ]);
        const out: Record<string, unknown> = {
          lineId: check.nonEmptyString(`${path}.lineId`, line['lineId']),
          quantity: checkQuantity(check, `${path}.quantity`, line['quantity']),
        };
        if (line['waitingShipQuantity'] !== undefined) {
          out['waitingShipQuantity'] = check.nonNegativeInteger(
            `${path}.waitingShipQuantity`,
            line['waitingShipQuantity'],
          );
        }
        if (line['returnInventory'] !== undefined) {
          out['returnInventory'] = check.boolean(
            `${path}.returnInventory`,
            line['returnInventory'],
          );
        }
        return out;
      });
    }
  }
  const orderId = given['orderId'] as string;
  return {
    request: base as unknown as RefundRequest,
    orderKey: `shoplazza:${storeKey}:${orderId}`,
    bucket: `shoplazza:${storeKey}`,
    amount: base['amount'] as Money,
  };
}

function refundOrderBody(request: ShoplazzaRefund2024Request): RefundOrderRequest {
  const zero = zeroOf(request.amount);
  const fees = request.additionalFees ?? [];
  return {
    refund_total: request.amount.amount,
    refund_product_total: request.productAmount.amount,
    refund_shipping_total: request.shipping?.amount ?? zero,
    refund_tip: request.tip?.amount ?? zero,
    refund_additional_total: sum(
      request.amount,
      fees.map((fee) => fee.amount),
    ),
    refund_additional_prices: fees.map((fee) => ({ name: fee.name, price: fee.amount.amount })),
    refund_payments: request.payments.map((p) => ({
      payment_line_id: p.paymentLineId,
      refund_price: p.amount.amount,
    })),
    refund_line_items: (request.lines ?? []).map((line) => ({
      line_item_id: line.lineId,
      quantity: line.quantity,
      ...(line.waitingShipQuantity === undefined
        ? {}
        : { waiting_ship_quantity: line.waitingShipQuantity }),
      ...(line.returnInventory === undefined ? {} : { return_inventory: line.returnInventory }),
    })),
    note: request.note ?? '',
  };
}

/** `'0.00'` in the currency of `like`, with every decimal of that currency. */
function zeroOf(like: Money): string {
  return formatMoney({ ...exact(like), minor: 0n }).amount;
}

/** The exact sum of `amounts`, all in `like`'s currency (prepare() checked that). */
function sum(like: Money, amounts: readonly Money[]): string {
  const minor = amounts.reduce((total, money) => total + exact(money).minor, 0n);
  return formatMoney({ ...exact(like), minor }).amount;
}
