import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan.ts';
import { buildReport, type SoakObservation } from './report.ts';
import { runSoak } from './run.ts';

describe('pnpm soak (small N)', () => {
  it.each(['memory', 'sqlite'] as const)(
    '150 refunds under seeded faults (%s store): no key applied twice, no over-refund, every error typed',
    async (store) => {
      const report = buildReport(await runSoak(buildPlan(150, 1), { store }));
      // The run must have been hostile, or the zeros below prove nothing.
      const injected = Object.values(report.faultsInjected).reduce((a, b) => a + b, 0);
      expect(injected).toBeGreaterThan(10);
      expect(report.faultsInjected['drop_after_apply']).toBeGreaterThan(0);
      expect(report.replays).toBeGreaterThan(0);
      expect(report.crashes).toBeGreaterThan(0);
      const reconciled = Object.entries(report.reconciliations);
      expect(reconciled.some(([label, n]) => label.endsWith('→ applied') && n > 0)).toBe(true);
      expect(reconciled.some(([label, n]) => label.includes('not_applied') && n > 0)).toBe(true);
      expect(reconciled.some(([label, n]) => label.startsWith('lease_expired') && n > 0)).toBe(
        true,
      );
      expect(report.conflicts.missed).toBe(0);
      expect(report.repeatsNotReplayed).toBe(0);
      // The guarantees.
      expect(report.doubleAppliedKeys).toEqual([]);
      expect(report.overRefunds).toEqual([]);
      expect(report.unmappedLedgerEntries).toEqual([]);
      expect(report.untypedErrors).toEqual([]);
      expect(report.exitCode).toBe(0);
    },
  );

  it('the same seed draws the same plan, another seed another one', () => {
    const strip = (seed: number) => JSON.stringify(buildPlan(50, seed));
    expect(strip(7)).toBe(strip(7));
    expect(strip(7)).not.toBe(strip(8));
  });
});

describe('the soak checker', () => {
  const keys: SoakObservation['keys'] = [
    {
      key: 'k1',
      variant: 'kakaclo-lines',
      slot: { provider: 'kakaclo', orderId: '1', units: { L1: 1 } },
      status: 'pending',
    },
    {
      key: 'k2',
      variant: 'kakaclo-lines',
      slot: { provider: 'kakaclo', orderId: '1', units: { L2: 1 } },
      status: 'failed',
      reason: 'not_applied',
    },
  ];
  const order = (refunded: number) => ({
    kakaclo: {
      orders: [
        {
          id: '1',
          currency: 'USD',
          shipped: false,
          items: [
            {
              itemId: 'L1',
              skuCode: 'A',
              countryCode: 'CN',
              quantity: 2,
              unitPrice: '1.00',
              refunded,
            },
            { itemId: 'L2', skuCode: 'B', countryCode: 'CN', quantity: 2, unitPrice: '1.00' },
          ],
        },
      ],
    },
  });
  const entry = (id: string, lineId: string, quantity = 1) => ({
    id,
    provider: 'kakaclo' as const,
    orderId: '1',
    lines: [{ lineId, quantity, amountMinor: '100' }],
  });
  const observation = (
    ledger: SoakObservation['ledger'],
    refunded: number,
    untypedErrors: string[] = [],
  ): SoakObservation => ({
    seed: 1,
    refunds: 2,
    keys,
    ledger,
    orders: order(refunded),
    faults: [{ kind: 'drop_after_apply', fired: 1 }],
    counters: {
      calls: 2,
      replays: 0,
      results: {},
      errors: {},
      untypedErrors,
      reconciliations: {},
      recovered: 0,
      conflictsSent: 0,
      conflictsRaised: 0,
      conflictsMissed: 0,
      repeatsNotReplayed: 0,
      gaveUp: 0,
      crashes: 0,
    },
    durationMs: 1,
  });

  it('passes a clean ledger', () => {
    const report = buildReport(observation([entry('led_1', 'L1')], 1));
    expect(report.ledgerEntriesPerKey).toEqual({ '0': 1, '1': 1, '2+': 0 });
    expect(report.exitCode).toBe(0);
  });

  it('counts a key with two ledger entries as double-applied and fails', () => {
    const report = buildReport(observation([entry('led_1', 'L1'), entry('led_2', 'L1')], 2));
    expect(report.doubleAppliedKeys).toEqual(['k1 (2 entries)']);
    expect(report.ledgerEntriesPerKey['2+']).toBe(1);
    expect(report.excessUnits).toBe(1);
    expect(report.exitCode).toBe(1);
  });

  it('counts units refunded beyond what was bought, from the orders and from the ledger', () => {
    const report = buildReport(observation([entry('led_1', 'L1', 3)], 3));
    expect(report.overRefunds).toHaveLength(2);
    expect(report.exitCode).toBe(1);
  });

  it('fails on a ledger entry no key explains, on an untyped error, and names a failed key the ledger holds', () => {
    expect(buildReport(observation([entry('led_1', 'L9')], 0)).unmappedLedgerEntries).toHaveLength(
      1,
    );
    const misnamed = {
      ...entry('led_1', 'L1'),
      request: { method: 'POST', path: '/', body: { remark: 'k2' } },
    };
    expect(buildReport(observation([misnamed], 1)).unmappedLedgerEntries).toHaveLength(1);
    expect(buildReport(observation([], 0, ['TypeError: x'])).exitCode).toBe(1);
    const lied = buildReport(observation([entry('led_1', 'L1'), entry('led_2', 'L2')], 1));
    expect(lied.failedButInLedger).toEqual(['k2']);
  });
});
