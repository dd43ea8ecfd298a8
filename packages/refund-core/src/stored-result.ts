import { parseJson, stringifyJson } from '@refundkit/http';
import type { RefundResult } from './result.js';

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
