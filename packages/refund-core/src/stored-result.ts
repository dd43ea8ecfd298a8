import { parseJson, stringifyJson } from '@refundkit/http';
import type { RefundRequest } from './request.js';
import type { RefundResult } from './result.js';
import type { IdempotencyRecord } from './store.js';

/** A result as the store keeps it: JSON text, ids and bigints exact, `replayed` left out. */
export function storeResult(result: RefundResult): string {
  const kept: Record<string, unknown> = { ...result };
  delete kept['replayed'];
  return stringifyJson(kept);
}

/** A stored result, marked as replayed. */
export function replayResult(text: string): RefundResult {
  return { ...(parseJson(text) as Omit<RefundResult, 'replayed'>), replayed: true };
}

/**
 * A record's stored request. Its text leaves the idempotency key out (the record's `key`
 * holds it; one serialisation per refund serves as both the fingerprint's input and this).
 */
export function storedRequest(record: Pick<IdempotencyRecord, 'key' | 'request'>): RefundRequest {
  return { ...(JSON.parse(record.request) as RefundRequest), idempotencyKey: record.key };
}
