import { mapBigInts } from './json.js';
import type { ProviderName } from './spec.js';

/** One refunded line: which order line, how many units, and their exact value. */
export interface LedgerLine {
  lineId: string;
  quantity: number;
  /** Exact value in minor units, as a decimal string of digits (JSON has no bigint). */
  amountMinor: string;
}

/** One refund the sandbox applied. */
export interface LedgerEntry {
  /** Stable id: `led_` + a sequence number, in the order refunds were applied. */
  id: string;
  provider: ProviderName;
  operation: string;
  /** Shoplazza: the shop the order belongs to (order ids are only unique per shop). */
  shop?: string;
  orderId: string;
  /** The id the provider answered with (KakaClo refund id, Shoplazza refund record id, …). */
  refundId: string;
  lines: LedgerLine[];
  /** Total refunded, exact, in minor units (digits) and as a decimal string. */
  amountMinor: string;
  amount: string;
  currency: string;
  /** KakaClo refunds settle later; the others are `applied` at once. */
  status: 'applied' | 'pending_review' | 'refund_successfully' | 'refund_failed';
  /** ISO time the refund was applied (sandbox clock). */
  appliedAt: string;
  /**
   * The request that caused it: method, path and body as received (credential fields masked
   * by the ledger itself;
   * integers beyond 2^53 as digit strings, so the entry can go through `JSON.stringify`).
   */
  request: { method: string; path: string; body: unknown };
}

/**
 * Every refund the sandbox applied, in order. This is how tests prove "no double refund":
 * count the entries for an order after a run full of faults and retries.
 */
export class Ledger {
  readonly #entries: LedgerEntry[] = [];

  /** Records a refund and returns the stored entry (with its id). */
  record(entry: Omit<LedgerEntry, 'id'>): LedgerEntry {
    const stored = {
      id: `led_${String(this.#entries.length + 1).padStart(6, '0')}`,
      ...entry,
      request: { ...entry.request, body: masked(mapBigInts(entry.request.body, String)) },
    };
    this.#entries.push(stored);
    return stored;
  }

  /** All entries, oldest first, optionally only those of one provider or order. */
  entries(
    filter: { provider?: ProviderName; orderId?: string; shop?: string } = {},
  ): LedgerEntry[] {
    return this.#entries.filter(
      (entry) =>
        (filter.provider === undefined || entry.provider === filter.provider) &&
        (filter.orderId === undefined || entry.orderId === filter.orderId) &&
        (filter.shop === undefined || entry.shop === filter.shop),
    );
  }

  /** Updates the status of the entry holding a provider refund id. */
  settle(refundId: string, status: LedgerEntry['status']): LedgerEntry | undefined {
    const entry = this.#entries.find((e) => e.refundId === refundId);
    if (entry) entry.status = status;
    return entry;
  }
}

/** Keys whose values are credentials (Keeta's token and signature, Shoplazza's header name). */
const SECRET_KEYS = /^(access[-_]?token|sig|authorization)$/i;

/** The ledger keeps requests with credentials masked, whichever provider recorded them. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEYS.test(key) ? '[REDACTED]' : masked(inner),
      ]),
    );
  }
  return value;
}
