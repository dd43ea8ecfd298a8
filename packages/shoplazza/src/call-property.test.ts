/**
 * Property tests, one per client method: seeded random and hostile input (fields replaced by
 * nasty values, dropped, or joined by unknown ones, at every depth) is either refused with a
 * LocalValidationError and nothing sent, or sent as a body valid against the spec's request
 * schema. Never an untyped exception; the token in no error.
 */
import {
  assertCallProperty,
  json as jsonAnswer,
  mutated,
  nastyValue,
  specRequestValidator,
} from '@refundkit/test-kit';
import { fromMinorUnits, toMinorUnits } from '@refundkit/http';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createShoplazzaClient } from './client.js';

const TOKEN = 'shpat_property_0123456789_SECRET';
const EXTRA_KEYS = ['line_item', 'refund_payment', 'amount', 'qty', 'toJSON'];

const BODY_2022 = {
  is_return: true,
  price: '81.00',
  line_items: [
    { id: '31d95f28-baf0-47c9-ad53-dbf3833f1b85', quantity: 1 },
    { id: 'L2', quantity: 2 },
  ],
};
const BODY_2024 = {
  refund_total: '90.00',
  refund_shipping_total: '10.00',
  refund_tip: '5.00',
  refund_additional_total: '5.00',
  refund_product_total: '70.00',
  refund_line_items: [
    { line_item_id: 'LI123', quantity: 2, waiting_ship_quantity: 1, return_inventory: true },
  ],
  refund_payments: [
    { payment_line_id: 'PAY1', refund_price: '50.00' },
    { payment_line_id: 'PAY2', refund_price: '40.00' },
  ],
  refund_additional_prices: [{ name: 'Handling Fee', price: '5.00' }],
  note: 'Refund for damaged items',
};

/** Decimal strings with at most `decimals` decimals, from bigint minor units (never floats). */
const money = (decimals: number) =>
  fc.bigInt({ min: 0n, max: 10n ** 14n }).map((minor) => fromMinorUnits(minor, decimals));
const lineId = fc.string({ minLength: 1, maxLength: 12 });

/** Random valid 2022-01 bodies, so the "sent and valid" half of the property gets exercised. */
const valid2022 = fc.record(
  {
    is_return: fc.boolean(),
    price: money(2),
    line_items: fc.array(
      fc.record({
        id: lineId,
        quantity: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.constant(2n ** 40n)),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['is_return', 'price'] },
);

/** Random valid 2024-07 bodies whose `refund_total` is the exact sum of the payments. */
const valid2024 = fc
  .record(
    {
      refund_shipping_total: money(2),
      refund_tip: money(0),
      refund_line_items: fc.array(
        fc.record(
          {
            line_item_id: lineId,
            quantity: fc.integer({ min: 1, max: 1000 }),
            waiting_ship_quantity: fc.integer({ min: 0, max: 1000 }),
            return_inventory: fc.boolean(),
          },
          { requiredKeys: ['line_item_id'] },
        ),
        { maxLength: 3 },
      ),
      refund_payments: fc.array(fc.record({ payment_line_id: lineId, refund_price: money(2) }), {
        maxLength: 3,
      }),
      refund_additional_prices: fc.array(fc.record({ name: fc.string(), price: money(1) }), {
        maxLength: 2,
      }),
      note: fc.string(),
    },
    { requiredKeys: [] },
  )
  .map((body) => {
    const payments = body.refund_payments ?? [];
    const sum = payments.reduce((total, p) => total + toMinorUnits(p.refund_price, 2), 0n);
    return { refund_total: fromMinorUnits(sum, 2), ...body };
  });

const orderId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>('1232123', 1232123, 2n ** 60n) },
  { weight: 1, arbitrary: nastyValue },
);
const options = fc.option(
  fc.oneof(
    fc.record({ currency: fc.constantFrom('USD', 'JPY', 'KWD', 'HUF', 'usd') }),
    mutated({ currency: 'USD', timeoutMs: 1000, maxRetries: 0 }, ['timeoutMS', 'logger']),
  ),
  { nil: undefined },
);

/** Hostile mutations of the documented example, random valid bodies, or hostile mutations of those. */
const body = (documented: object, valid: fc.Arbitrary<object>) =>
  fc.oneof(
    mutated(documented, EXTRA_KEYS),
    valid,
    valid.chain((value) => mutated(value, EXTRA_KEYS)),
  );

function client(fetch: typeof globalThis.fetch) {
  return createShoplazzaClient({ shop: 'mystore', accessToken: TOKEN, fetch });
}

describe('hostile input is refused or sent valid', () => {
  test('partialRefund', async () => {
    const tally = await assertCallProperty({
      args: fc.tuple(orderId, body(BODY_2022, valid2022), options),
      call: (fetch, id, body, callOptions) =>
        client(fetch).partialRefund(id as string, body as never, callOptions as never),
      success: () => jsonAnswer({ Id: 'r1', Status: 'finished' }),
      validate: specRequestValidator('shoplazza', 'partialRefund'),
      secrets: [TOKEN],
    });
    // Both outcomes happen, so neither half of the property is vacuous.
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.sent).toBeGreaterThan(20);
  });

  test('refundOrder', async () => {
    const tally = await assertCallProperty({
      args: fc.tuple(orderId, body(BODY_2024, valid2024), options),
      call: (fetch, id, body, callOptions) =>
        client(fetch).refundOrder(id as string, body as never, callOptions as never),
      success: () => jsonAnswer({ code: 'SUCCESS', data: { refund_record_id: 'R1' } }),
      validate: specRequestValidator('shoplazza', 'refundOrder'),
      secrets: [TOKEN],
    });
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.sent).toBeGreaterThan(20);
  });
});
