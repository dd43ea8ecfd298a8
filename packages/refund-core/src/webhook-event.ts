import { randomUUID } from 'node:crypto';
import type { PreparedRefund } from './adapter.js';
import type { Money } from './money.js';
import type { ProviderName, RefundLine } from './request.js';
import { failedAt, type RefundResult } from './result.js';
import { replayResult, storedRequest, storeResult } from './stored-result.js';
import type { IdempotencyRecord, IdempotencyStore } from './store.js';

/**
 * A provider's refund status change, verified and in the unified shape (Keeta's event 1007,
 * from `verifyKeetaWebhook` in `@refundkit/refund-core/keeta`).
 */
export interface RefundStatusEvent {
  /** The provider that sent the event. */
  readonly provider: ProviderName;
  /** The order lock's name for the order (`keeta:<shopId>:<orderId>`). */
  readonly orderKey: string;
  /** The provider's order id. */
  readonly orderId: string;
  /** The provider's refund id (Keeta's `afterSaleOrderId`). */
  readonly refundId: string;
  /** The refund's status the event reports. */
  readonly status: 'succeeded' | 'failed' | 'pending';
  /** What the refund covered, to find the request it answers. */
  readonly lines: readonly RefundLine[];
  /** The refunded amount, when the event states it. */
  readonly amount?: Money;
  /** The event as received, ids as exact strings. */
  readonly raw: unknown;
}

/** What `applyWebhook` did. */
export interface WebhookOutcome {
  /**
   * `settled`: a stored refund took the event's status. `unchanged`: it already had it (a
   * redelivery). `already_final`: it was final with another status; kept. `unmatched`: no
   * stored refund answers to it (made outside refund-core, or pruned). `in_flight`: the
   * refund it answers is being sent or reconciled right now; nothing changed, so have the
   * provider deliver it again (answer it with a non-2xx status).
   */
  readonly outcome: 'settled' | 'unchanged' | 'already_final' | 'unmatched' | 'in_flight';
  /** The stored result after the event, when one matched. */
  readonly result?: RefundResult;
}

/**
 * Finds the stored refund an event answers and settles it, compare-and-set on the record's
 * version (a concurrent settlement is re-read, not overwritten). A refund with the event's
 * refund id matches first; else the oldest pending refund of the order, without a refund
 * id, whose lines are exactly the event's.
 */
export async function settleFromEvent(
  store: IdempotencyStore,
  event: RefundStatusEvent,
  onSettled: (prepared: PreparedRefund, status: RefundResult['status']) => void,
): Promise<WebhookOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const records = (await store.listByOrder(event.orderKey)).filter(
      (record) => record.state === 'completed',
    );
    const match = findMatch(records, event);
    if (!match) return settleInFlight(store, event, onSettled);
    const { record, result } = match;
    if (result.status === event.status && result.refundId === event.refundId) {
      return { outcome: 'unchanged', result };
    }
    if (result.status !== 'pending' && result.status !== 'unknown') {
      return { outcome: 'already_final', result };
    }
    const settled: RefundResult = {
      ...result,
      status: event.status,
      refundId: event.refundId,
      ...(event.amount === undefined ? {} : { amount: event.amount }),
      ...failedAt(event.provider, event.status),
      replayed: false,
      raw: event.raw,
    };
    if (await store.updateResult(record.key, record.version, storeResult(settled))) {
      const request = storedRequest(record);
      onSettled({ request, orderKey: record.orderKey, bucket: '' }, settled.status);
      return { outcome: 'settled', result: settled };
    }
  }
  return { outcome: 'unchanged' };
}

/**
 * An event can answer a refund still in flight: its answer was lost and reconciliation could
 * not tell yet. A verified event for the order's one unsettled refund with the same lines is
 * the provider saying it applied it, which is the proof reconciliation was waiting for. It is
 * taken over only when no one holds it; else `in_flight`.
 */
async function settleInFlight(
  store: IdempotencyStore,
  event: RefundStatusEvent,
  onSettled: (prepared: PreparedRefund, status: RefundResult['status']) => void,
): Promise<WebhookOutcome> {
  const wanted = lineKey(event.lines);
  const candidates = (await store.listByOrder(event.orderKey)).filter((record) => {
    if (record.state !== 'in_flight' || record.phase === 'claimed') return false;
    const request = JSON.parse(record.request) as { lines?: readonly RefundLine[] };
    return lineKey(request.lines ?? []) === wanted;
  });
  const [record] = candidates;
  if (record === undefined) return { outcome: 'unmatched' };
  if (!record.leaseExpired) return { outcome: 'in_flight' };
  const owner = randomUUID();
  if (!(await store.takeOver(record.key, record.version, owner, 60_000))) {
    return { outcome: 'in_flight' };
  }
  const request = storedRequest(record);
  const settled: RefundResult = {
    provider: request.provider,
    idempotencyKey: request.idempotencyKey,
    orderId: request.orderId,
    status: event.status,
    refundId: event.refundId,
    ...(event.amount === undefined ? {} : { amount: event.amount }),
    replayed: false,
    reconciliation: {
      trigger: 'outcome_unknown',
      method: 'provider_event',
      outcome: 'applied',
      resent: false,
      evidence: `${event.provider} reported refund ${event.refundId} of these lines by a verified event`,
    },
    ...failedAt(event.provider, event.status),
    raw: event.raw,
  };
  if (!(await store.complete(record.key, owner, storeResult(settled)))) {
    return { outcome: 'in_flight' };
  }
  onSettled({ request, orderKey: record.orderKey, bucket: '' }, settled.status);
  return { outcome: 'settled', result: settled };
}

function findMatch(
  records: IdempotencyRecord[],
  event: RefundStatusEvent,
): { record: IdempotencyRecord; result: RefundResult } | undefined {
  const read = records.map((record) => ({ record, result: replayResult(record.result ?? '{}') }));
  const byId = read.find((entry) => entry.result.refundId === event.refundId);
  if (byId) return byId;
  const wanted = lineKey(event.lines);
  return read.find(({ record, result }) => {
    if (result.refundId !== undefined || result.status !== 'pending') return false;
    const request = JSON.parse(record.request) as { lines?: readonly RefundLine[] };
    return lineKey(request.lines ?? []) === wanted;
  });
}

/** Lines as one comparable text: per line id, the total quantity, sorted. */
function lineKey(lines: readonly RefundLine[]): string {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.lineId, (totals.get(line.lineId) ?? 0) + line.quantity);
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, quantity]) => `${id}×${quantity}`)
    .join(',');
}
