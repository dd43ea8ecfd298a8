/**
 * Bad input is refused before anything happens: `LocalValidationError` naming the field, no
 * request to the provider, no ledger entry, no stored record, so the same key then works
 * with the corrected request.
 */
import { describe, expect, it } from 'vitest';
import { LocalValidationError, RefundNotFoundError, type RefundRequest } from '../../src/index.js';
import {
  KAKACLO_CASE,
  KEETA_CASE,
  SHOPLAZZA_2022_CASE,
  SHOPLAZZA_2024_CASE,
  ledgerOf,
  type ProviderCase,
} from './cases.test-util.js';
import { useSandbox, wire } from './sandbox.test-util.js';

const sandbox = useSandbox();

interface BadInput {
  readonly what: string;
  readonly case: ProviderCase;
  /** The field the error must name. */
  readonly field: string;
  /** The case's request under `key`, broken. */
  readonly bad: (key: string) => unknown;
}

/** The case's request with some fields replaced (or removed, with `undefined`). */
function broken(c: ProviderCase, key: string, patch: Record<string, unknown>): unknown {
  // A field patched to `undefined` is left out altogether, as a caller who forgot it would.
  return Object.fromEntries(
    Object.entries({ ...c.request(key), ...patch }).filter(([, value]) => value !== undefined),
  );
}

const BAD_INPUTS: readonly BadInput[] = [
  {
    what: 'a float quantity',
    case: KAKACLO_CASE,
    field: 'lines[0].quantity',
    bad: (key) => broken(KAKACLO_CASE, key, { lines: [{ lineId: '120001', quantity: 1.5 }] }),
  },
  {
    what: 'an unknown field',
    case: KAKACLO_CASE,
    field: 'refundAmount',
    bad: (key) => broken(KAKACLO_CASE, key, { refundAmount: '12.99' }),
  },
  {
    what: 'a missing idempotencyKey',
    case: KAKACLO_CASE,
    field: 'idempotencyKey',
    bad: (key) => broken(KAKACLO_CASE, key, { idempotencyKey: undefined }),
  },
  {
    what: 'code 200000 without text',
    case: KEETA_CASE,
    field: 'reason.text',
    bad: (key) => broken(KEETA_CASE, key, { reason: { code: 200000 } }),
  },
  {
    what: 'a float quantity',
    case: KEETA_CASE,
    field: 'lines[0].quantity',
    bad: (key) => broken(KEETA_CASE, key, { lines: [{ lineId: '1234534224', quantity: 0.5 }] }),
  },
  {
    what: 'an unknown field',
    case: KEETA_CASE,
    field: 'wholeOrder',
    bad: (key) => broken(KEETA_CASE, key, { wholeOrder: true }),
  },
  {
    what: 'a missing idempotencyKey',
    case: KEETA_CASE,
    field: 'idempotencyKey',
    bad: (key) => broken(KEETA_CASE, key, { idempotencyKey: undefined }),
  },
  {
    what: 'a float amount',
    case: SHOPLAZZA_2022_CASE,
    field: 'amount.amount',
    bad: (key) => broken(SHOPLAZZA_2022_CASE, key, { amount: { currency: 'USD', amount: 81.0 } }),
  },
  {
    what: 'an unknown field',
    case: SHOPLAZZA_2022_CASE,
    field: 'reason',
    bad: (key) => broken(SHOPLAZZA_2022_CASE, key, { reason: { code: 'damaged' } }),
  },
  {
    what: 'a float amount',
    case: SHOPLAZZA_2024_CASE,
    field: 'amount.amount',
    bad: (key) => broken(SHOPLAZZA_2024_CASE, key, { amount: { currency: 'USD', amount: 35.5 } }),
  },
  {
    what: 'payments not summing to amount',
    case: SHOPLAZZA_2024_CASE,
    field: 'payments',
    bad: (key) =>
      broken(SHOPLAZZA_2024_CASE, key, {
        payments: [
          { paymentLineId: 'PAY1', amount: { currency: 'USD', amount: '20.00' } },
          { paymentLineId: 'PAY2', amount: { currency: 'USD', amount: '14.99' } },
        ],
      }),
  },
  {
    what: 'more decimals than the currency has',
    case: SHOPLAZZA_2022_CASE,
    field: 'amount.amount',
    bad: (key) =>
      broken(SHOPLAZZA_2022_CASE, key, { amount: { currency: 'USD', amount: '81.001' } }),
  },
  {
    what: 'a missing apiVersion',
    case: SHOPLAZZA_2022_CASE,
    field: 'apiVersion',
    bad: (key) => broken(SHOPLAZZA_2022_CASE, key, { apiVersion: undefined }),
  },
  {
    what: 'a second currency',
    case: SHOPLAZZA_2024_CASE,
    field: 'productAmount.currency',
    bad: (key) =>
      broken(SHOPLAZZA_2024_CASE, key, { productAmount: { currency: 'EUR', amount: '35.00' } }),
  },
  {
    what: 'an idempotencyKey of 256 characters',
    case: SHOPLAZZA_2024_CASE,
    field: 'idempotencyKey',
    bad: (key) => broken(SHOPLAZZA_2024_CASE, key, { idempotencyKey: key.padEnd(256, 'x') }),
  },
  {
    what: 'a missing idempotencyKey',
    case: SHOPLAZZA_2024_CASE,
    field: 'idempotencyKey',
    bad: (key) => broken(SHOPLAZZA_2024_CASE, key, { idempotencyKey: undefined }),
  },
];

describe.each(BAD_INPUTS)('$case.name: $what', (input) => {
  it(`LocalValidationError naming ${input.field}; nothing sent or stored; the key then works`, async () => {
    const world = wire(sandbox());
    const c = input.case;
    const key = `bad-${c.name}-${input.field}`;

    const error = await world.refunds.refund(input.bad(key) as RefundRequest).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocalValidationError);
    expect((error as LocalValidationError).field).toBe(input.field);
    expect(world.requests).toEqual([]);
    expect(ledgerOf(sandbox(), c)).toEqual([]);
    await expect(world.refunds.status({ idempotencyKey: key })).rejects.toBeInstanceOf(
      RefundNotFoundError,
    );

    const fixed = await world.refunds.refund(c.request(key));
    expect(fixed.replayed).toBe(false);
    expect(['pending', 'succeeded']).toContain(fixed.status);
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});
