/**
 * One representative partial refund by lines per provider (and per Shoplazza API version),
 * for the tests that hold for every provider: idempotency, validation, faults.
 */
import type { Sandbox } from '@refundkit/sandbox';
import type { ProviderName, RefundRequest } from '../../src/index.js';
import {
  KAKACLO_ORDER,
  KEETA_LINES,
  KEETA_ORDER,
  SHOPLAZZA_LINES,
  SHOPLAZZA_ORDER,
} from './sandbox.test-util.js';

/** A provider's sample refund, and a different refund of the same order. */
export interface ProviderCase {
  readonly name: string;
  readonly provider: ProviderName;
  readonly orderId: string;
  /** A valid partial refund by lines under `key`. */
  request(key: string): RefundRequest;
  /** Another valid refund of the same order (a different body under the same key). */
  different(key: string): RefundRequest;
}

export const KAKACLO_CASE: ProviderCase = {
  name: 'kakaclo',
  provider: 'kakaclo',
  orderId: KAKACLO_ORDER,
  request: (key) => ({
    provider: 'kakaclo',
    idempotencyKey: key,
    orderId: KAKACLO_ORDER,
    lines: [{ lineId: '120001', quantity: 1 }],
    reason: { code: 'Out Of Stock' },
  }),
  different: (key) => ({
    provider: 'kakaclo',
    idempotencyKey: key,
    orderId: KAKACLO_ORDER,
    lines: [{ lineId: '120001', quantity: 2 }],
    reason: { code: 'Out Of Stock' },
  }),
};

export const KEETA_CASE: ProviderCase = {
  name: 'keeta',
  provider: 'keeta',
  orderId: KEETA_ORDER.orderId,
  request: (key) => ({
    provider: 'keeta',
    idempotencyKey: key,
    ...KEETA_ORDER,
    lines: [{ lineId: KEETA_LINES.burger, quantity: 1 }],
    reason: { code: 200001 },
  }),
  different: (key) => ({
    provider: 'keeta',
    idempotencyKey: key,
    ...KEETA_ORDER,
    lines: [{ lineId: KEETA_LINES.fries, quantity: 1 }],
    reason: { code: 200001 },
  }),
};

export const SHOPLAZZA_2022_CASE: ProviderCase = {
  name: 'shoplazza 2022-01',
  provider: 'shoplazza',
  orderId: SHOPLAZZA_ORDER,
  request: (key) => ({
    provider: 'shoplazza',
    apiVersion: '2022-01',
    idempotencyKey: key,
    orderId: SHOPLAZZA_ORDER,
    amount: { currency: 'USD', amount: '81.00' },
    returnGoods: true,
    lines: [{ lineId: SHOPLAZZA_LINES.shirt, quantity: 1 }],
  }),
  different: (key) => ({
    provider: 'shoplazza',
    apiVersion: '2022-01',
    idempotencyKey: key,
    orderId: SHOPLAZZA_ORDER,
    // Same lines, one cent more: the fingerprint covers exact money.
    amount: { currency: 'USD', amount: '81.01' },
    returnGoods: true,
    lines: [{ lineId: SHOPLAZZA_LINES.shirt, quantity: 1 }],
  }),
};

export const SHOPLAZZA_2024_CASE: ProviderCase = {
  name: 'shoplazza 2024-07',
  provider: 'shoplazza',
  orderId: SHOPLAZZA_ORDER,
  request: (key) => ({
    provider: 'shoplazza',
    apiVersion: '2024-07',
    idempotencyKey: key,
    orderId: SHOPLAZZA_ORDER,
    amount: { currency: 'USD', amount: '35.00' },
    productAmount: { currency: 'USD', amount: '35.00' },
    payments: [{ paymentLineId: 'PAY1', amount: { currency: 'USD', amount: '35.00' } }],
    lines: [{ lineId: SHOPLAZZA_LINES.tote, quantity: 1, returnInventory: true }],
  }),
  different: (key) => ({
    provider: 'shoplazza',
    apiVersion: '2024-07',
    idempotencyKey: key,
    orderId: SHOPLAZZA_ORDER,
    amount: { currency: 'USD', amount: '70.00' },
    productAmount: { currency: 'USD', amount: '70.00' },
    payments: [{ paymentLineId: 'PAY1', amount: { currency: 'USD', amount: '70.00' } }],
    lines: [{ lineId: SHOPLAZZA_LINES.tote, quantity: 2, returnInventory: true }],
  }),
};

/** Every provider, Shoplazza in both API versions. */
export const ALL_CASES: readonly ProviderCase[] = [
  KAKACLO_CASE,
  KEETA_CASE,
  SHOPLAZZA_2022_CASE,
  SHOPLAZZA_2024_CASE,
];

/** The sandbox's ledger entries of the case's order. */
export function ledgerOf(sandbox: Sandbox, c: ProviderCase) {
  return sandbox.ledger({ provider: c.provider, orderId: c.orderId });
}
