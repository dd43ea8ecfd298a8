/**
 * Judges a soak run from the sandbox's ledger and orders, not from what refund-core says:
 * every ledger entry is mapped to the key whose lines it refunded, then counted per key
 * (0 / 1 / 2+), and every order line is checked against what was bought.
 */
import currencyCodes from 'currency-codes';
import type { FaultRule, LedgerEntry, Seed } from '@refundkit/sandbox';
import type { Slot, Variant } from './plan.ts';

/** A key's final state, read from the idempotency store after `recover()`. */
export interface KeyOutcome {
  readonly key: string;
  readonly variant: Variant;
  readonly slot: Slot;
  readonly status: 'succeeded' | 'pending' | 'failed' | 'unknown';
  /** `provider_refused`, `not_applied`, `nothing stored (key free)`, `still in flight …`. */
  readonly reason?: string;
  /** The stored result's reconciliation, in words, when it has one. */
  readonly evidence?: string;
}

/** What the callers counted while the soak ran. */
export interface SoakCounters {
  readonly calls: number;
  readonly replays: number;
  /** Results by status (and failure reason), every call's. */
  readonly results: Readonly<Record<string, number>>;
  /** Thrown `RefundkitError`s by class name. */
  readonly errors: Readonly<Record<string, number>>;
  /** Anything thrown that is not a `RefundkitError` (name: message). */
  readonly untypedErrors: readonly string[];
  /** Reconciliations of fresh (not replayed) results, by `trigger → outcome`. */
  readonly reconciliations: Readonly<Record<string, number>>;
  readonly recovered: number;
  readonly conflictsSent: number;
  readonly conflictsRaised: number;
  readonly conflictsMissed: number;
  readonly repeatsNotReplayed: number;
  readonly gaveUp: number;
  /** Calls to an instance that died mid-refund (simulated). */
  readonly crashes: number;
}

/** Everything a run produced; `buildReport` needs nothing else. */
export interface SoakObservation {
  readonly seed: number;
  readonly refunds: number;
  readonly keys: readonly KeyOutcome[];
  readonly ledger: readonly (Pick<LedgerEntry, 'id' | 'provider' | 'shop' | 'orderId' | 'lines'> &
    Partial<Pick<LedgerEntry, 'request'>>)[];
  readonly orders: Seed;
  readonly faults: readonly Pick<FaultRule, 'kind' | 'fired'>[];
  readonly counters: SoakCounters;
  readonly durationMs: number;
}

/** The verdict, as printed (table or JSON). */
export interface SoakReport {
  readonly seed: number;
  readonly refunds: number;
  readonly durationMs: number;
  readonly statuses: Record<string, number>;
  readonly byVariant: Record<string, Record<string, number>>;
  readonly faultsInjected: Record<string, number>;
  readonly calls: number;
  readonly replays: number;
  readonly reconciliations: Readonly<Record<string, number>>;
  readonly recovered: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly ledgerEntriesPerKey: { '0': number; '1': number; '2+': number };
  readonly ledgerEntries: number;
  /** Keys with more than one ledger entry. */
  readonly doubleAppliedKeys: readonly string[];
  /** Ledger entries no key's lines explain (the mapping itself failed). */
  readonly unmappedLedgerEntries: readonly string[];
  /** Order lines (and Shoplazza order amounts) refunded beyond what was bought. */
  readonly overRefunds: readonly string[];
  /** Units in the ledger beyond what each key asked for (a double refund the order absorbed). */
  readonly excessUnits: number;
  /** Result says applied (succeeded/pending), the ledger holds nothing for the key. */
  readonly appliedButNotInLedger: readonly string[];
  /** Result says failed, the ledger holds a refund for the key. */
  readonly failedButInLedger: readonly string[];
  readonly conflicts: { sent: number; raised: number; missed: number };
  readonly repeatsNotReplayed: number;
  readonly gaveUp: number;
  readonly crashes: number;
  readonly untypedErrors: readonly string[];
  /** 0 when double-applied keys, over-refunds, unmapped entries and untyped errors are all 0. */
  readonly exitCode: 0 | 1;
}

const slotKey = (provider: string, shop: string | undefined, orderId: string, line: string) =>
  `${provider}|${shop ?? ''}|${orderId}|${line}`;

/** Judges a run. Pure: the checker's own test feeds it a ledger with a double refund. */
export function buildReport(run: SoakObservation): SoakReport {
  const owner = new Map<string, KeyOutcome>();
  for (const key of run.keys) {
    const { provider, shop, orderId, units } = key.slot;
    if (units === 'whole') owner.set(slotKey(provider, shop, orderId, '*'), key);
    else
      for (const line of Object.keys(units)) owner.set(slotKey(provider, shop, orderId, line), key);
  }

  const entriesOf = new Map<string, number>();
  const unitsOf = new Map<string, number>();
  const unmapped: string[] = [];
  for (const entry of run.ledger) {
    const where = (line: string) => slotKey(entry.provider, entry.shop, entry.orderId, line);
    const whole = owner.get(where('*'));
    const keys = new Set(
      whole ? [whole.key] : entry.lines.flatMap((l) => owner.get(where(l.lineId))?.key ?? []),
    );
    const mappedLines = whole !== undefined || entry.lines.every((l) => owner.has(where(l.lineId)));
    const [key] = keys;
    if (keys.size !== 1 || !mappedLines || key === undefined) {
      unmapped.push(`${entry.id} (${entry.provider} order ${entry.orderId})`);
      continue;
    }
    // The plan writes the key into the one free-text field each request has (KakaClo
    // `remark`, Keeta `partRefundReason`, Shoplazza 2024-07 `note`): it must agree.
    const named = keyInBody(entry.request?.body);
    if (named !== undefined && named !== key) {
      unmapped.push(`${entry.id}: its body names ${named}, its lines ${key}`);
      continue;
    }
    entriesOf.set(key, (entriesOf.get(key) ?? 0) + 1);
    for (const line of entry.lines) {
      const at = `${key}|${line.lineId}`;
      unitsOf.set(at, (unitsOf.get(at) ?? 0) + line.quantity);
    }
  }

  const perKey = { '0': 0, '1': 0, '2+': 0 };
  const doubled: string[] = [];
  const appliedButNotInLedger: string[] = [];
  const failedButInLedger: string[] = [];
  const statuses: Record<string, number> = {};
  const byVariant: Record<string, Record<string, number>> = {};
  let excessUnits = 0;
  const bought = boughtUnits(run.orders);
  for (const key of run.keys) {
    const count = entriesOf.get(key.key) ?? 0;
    perKey[count === 0 ? '0' : count === 1 ? '1' : '2+']++;
    if (count > 1) doubled.push(`${key.key} (${count} entries)`);
    const label = key.status === 'failed' && key.reason ? `failed: ${key.reason}` : key.status;
    statuses[label] = (statuses[label] ?? 0) + 1;
    const variant = (byVariant[key.variant] ??= {});
    variant[key.status] = (variant[key.status] ?? 0) + 1;
    if ((key.status === 'succeeded' || key.status === 'pending') && count === 0) {
      appliedButNotInLedger.push(key.evidence ? `${key.key} (${key.evidence})` : key.key);
    }
    if (key.status === 'failed' && count > 0) failedButInLedger.push(key.key);
    const { provider, shop, orderId, units } = key.slot;
    const asked =
      units === 'whole'
        ? Object.fromEntries(
            [...bought.entries()]
              .filter(([at]) => at.startsWith(slotKey(provider, shop, orderId, '')))
              .map(([at, quantity]) => [at.slice(at.lastIndexOf('|') + 1), quantity]),
          )
        : units;
    for (const [line, quantity] of Object.entries(asked)) {
      const got = unitsOf.get(`${key.key}|${line}`) ?? 0;
      if (count > 0 && got > quantity) excessUnits += got - quantity;
    }
  }

  const faultsInjected: Record<string, number> = {};
  for (const rule of run.faults) {
    faultsInjected[rule.kind] = (faultsInjected[rule.kind] ?? 0) + rule.fired;
  }

  const overRefunds = [...overRefundedLines(run.orders), ...ledgerOverRefunds(run, bought)];
  const c = run.counters;
  const failedChecks =
    doubled.length + overRefunds.length + unmapped.length + c.untypedErrors.length;
  return {
    seed: run.seed,
    refunds: run.refunds,
    durationMs: run.durationMs,
    statuses,
    byVariant,
    faultsInjected,
    calls: c.calls,
    replays: c.replays,
    reconciliations: c.reconciliations,
    recovered: c.recovered,
    errors: c.errors,
    ledgerEntriesPerKey: perKey,
    ledgerEntries: run.ledger.length,
    doubleAppliedKeys: doubled,
    unmappedLedgerEntries: unmapped,
    overRefunds,
    excessUnits,
    appliedButNotInLedger,
    failedButInLedger,
    conflicts: { sent: c.conflictsSent, raised: c.conflictsRaised, missed: c.conflictsMissed },
    repeatsNotReplayed: c.repeatsNotReplayed,
    gaveUp: c.gaveUp,
    crashes: c.crashes,
    untypedErrors: c.untypedErrors,
    exitCode: failedChecks === 0 ? 0 : 1,
  };
}

/** The idempotency key the soak wrote into a request body's free-text field, if any. */
function keyInBody(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const fields = body as Record<string, unknown>;
  for (const field of ['remark', 'partRefundReason', 'note']) {
    const value = fields[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Units bought per `provider|shop|order|line`. */
function boughtUnits(orders: Seed): Map<string, number> {
  const bought = new Map<string, number>();
  for (const o of orders.keeta?.orders ?? []) {
    for (const p of o.products)
      bought.set(slotKey('keeta', undefined, o.orderViewId, p.orderProductId), p.count);
  }
  for (const o of orders.shoplazza?.orders ?? []) {
    for (const l of o.lineItems) bought.set(slotKey('shoplazza', o.shop, o.id, l.id), l.quantity);
  }
  for (const o of orders.kakaclo?.orders ?? []) {
    for (const i of o.items) bought.set(slotKey('kakaclo', undefined, o.id, i.itemId), i.quantity);
  }
  return bought;
}

/** Lines whose `refunded` count (the sandbox's own books) is above what was bought. */
function overRefundedLines(orders: Seed): string[] {
  const over: string[] = [];
  const check = (where: string, refunded: number | undefined, quantity: number) => {
    if ((refunded ?? 0) > quantity)
      over.push(`${where}: ${refunded} of ${quantity} units refunded`);
  };
  for (const o of orders.keeta?.orders ?? []) {
    for (const p of o.products)
      check(`keeta ${o.orderViewId}/${p.orderProductId}`, p.refunded, p.count);
  }
  for (const o of orders.shoplazza?.orders ?? []) {
    for (const l of o.lineItems)
      check(`shoplazza ${o.shop}/${o.id}/${l.id}`, l.refunded, l.quantity);
    const total =
      o.lineItems.reduce((sum, l) => sum + minor(l.price, o.currency) * BigInt(l.quantity), 0n) +
      minor(o.shipping ?? '0', o.currency) +
      minor(o.tip ?? '0', o.currency);
    const refunded = minor(o.refundedAmount ?? '0', o.currency);
    if (refunded > total) {
      over.push(
        `shoplazza ${o.shop}/${o.id}: ${o.refundedAmount} ${o.currency} refunded of a smaller total`,
      );
    }
  }
  for (const o of orders.kakaclo?.orders ?? []) {
    for (const i of o.items) check(`kakaclo ${o.id}/${i.itemId}`, i.refunded, i.quantity);
  }
  return over;
}

/** Lines whose ledger entries add up to more units than were bought. */
function ledgerOverRefunds(run: SoakObservation, bought: Map<string, number>): string[] {
  const sums = new Map<string, number>();
  for (const entry of run.ledger) {
    for (const line of entry.lines) {
      const at = slotKey(entry.provider, entry.shop, entry.orderId, line.lineId);
      sums.set(at, (sums.get(at) ?? 0) + line.quantity);
    }
  }
  const over: string[] = [];
  for (const [at, units] of sums) {
    const quantity = bought.get(at);
    if (quantity !== undefined && units > quantity) {
      over.push(`ledger ${at}: ${units} of ${quantity} units`);
    }
  }
  return over;
}

/** A decimal string in minor units of its currency (ISO 4217 exponent from `currency-codes`). */
function minor(amount: string, currency: string): bigint {
  const digits = currencyCodes.code(currency)?.digits ?? 2;
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
}

/** The report as the table `pnpm soak` prints. */
export function formatTable(report: SoakReport): string {
  const rows: [string, string | number][] = [];
  const section = (title: string) => rows.push([`— ${title}`, '']);
  const each = (record: Readonly<Record<string, number>>, indent = '  ') => {
    const entries = Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) rows.push([`${indent}(none)`, 0]);
    for (const [name, value] of entries) rows.push([`${indent}${name}`, value]);
  };
  section(`final status per key (${report.refunds} keys)`);
  each(report.statuses);
  section('final status per request kind');
  for (const [variant, counts] of Object.entries(report.byVariant).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    rows.push([
      `  ${variant}`,
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
    ]);
  }
  section('faults injected (sandbox rules, fired)');
  each(report.faultsInjected);
  rows.push(['  total', Object.values(report.faultsInjected).reduce((a, b) => a + b, 0)]);
  section('calls');
  rows.push(['  refund calls', report.calls]);
  rows.push(['  replays (replayed: true)', report.replays]);
  rows.push(['  repeats that did not replay', report.repeatsNotReplayed]);
  rows.push([
    '  same key, different body: sent / conflict / missed',
    `${report.conflicts.sent} / ${report.conflicts.raised} / ${report.conflicts.missed}`,
  ]);
  rows.push(['  keys the caller gave up on', report.gaveUp]);
  rows.push(['  instances that died mid-refund', report.crashes]);
  section('reconciliations (trigger → outcome)');
  each(report.reconciliations);
  rows.push(['  recover(): records taken over', report.recovered]);
  section('typed errors thrown to callers');
  each(report.errors);
  section('ledger');
  rows.push(['  entries', report.ledgerEntries]);
  rows.push(['  keys with 0 entries', report.ledgerEntriesPerKey['0']]);
  rows.push(['  keys with 1 entry', report.ledgerEntriesPerKey['1']]);
  rows.push(['  keys with 2+ entries', report.ledgerEntriesPerKey['2+']]);
  rows.push(['  units beyond what a key asked', report.excessUnits]);
  section('results the ledger contradicts (should be 0; not in the exit code)');
  rows.push(['  result applied, ledger empty', report.appliedButNotInLedger.length]);
  rows.push(['  result failed, ledger holds it', report.failedButInLedger.length]);
  section('checks (must be 0)');
  rows.push(['  double-applied keys', report.doubleAppliedKeys.length]);
  rows.push(['  over-refunds', report.overRefunds.length]);
  rows.push(['  ledger entries no key explains', report.unmappedLedgerEntries.length]);
  rows.push(['  untyped errors', report.untypedErrors.length]);
  const width = Math.max(...rows.filter(([, v]) => v !== '').map(([label]) => label.length));
  const lines = rows.map(([label, value]) =>
    value === '' ? label : `${label.padEnd(width)}  ${String(value)}`,
  );
  const details = [
    ...report.doubleAppliedKeys.slice(0, 10).map((k) => `double-applied: ${k}`),
    ...report.overRefunds.slice(0, 10).map((o) => `over-refund: ${o}`),
    ...report.unmappedLedgerEntries.slice(0, 10).map((e) => `unmapped: ${e}`),
    ...report.untypedErrors.slice(0, 10).map((e) => `untyped: ${e}`),
    ...report.appliedButNotInLedger.slice(0, 5).map((k) => `applied, not in ledger: ${k}`),
    ...report.failedButInLedger.slice(0, 5).map((k) => `failed, in ledger: ${k}`),
  ];
  const verdict =
    report.exitCode === 0
      ? 'PASS: no key applied twice, nothing over-refunded, every error typed'
      : 'FAIL';
  return [
    `refund-core soak: ${report.refunds} refunds, seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s`,
    ...lines,
    ...details,
    verdict,
  ].join('\n');
}
