import { redact } from './redact.js';
import type { ProviderName } from './spec.js';

/** One refunded line: which order line, how many units, and their exact value. */
export interface LedgerLine {
  /** The order line: Keeta `orderProductId`, Shoplazza line item id, KakaClo `itemId`. */
  readonly lineId: string;
  /** Units refunded of that line. */
  readonly quantity: number;
  /** Exact value in minor units, as a decimal string of digits (JSON has no bigint). */
  readonly amountMinor: string;
}

/** One refund the sandbox applied (a frozen snapshot). */
export interface LedgerEntry {
  /** Stable id: `led_` + a sequence number, in the order refunds were applied. */
  readonly id: string;
  /** The provider whose API applied it. */
  readonly provider: ProviderName;
  /** The spec's `operationId` of the request (`refundOrder`, `applyPartialRefund`, …). */
  readonly operation: string;
  /** Shoplazza: the shop the order belongs to (order ids are only unique per shop). */
  readonly shop?: string;
  /** The refunded order's id, as a decimal string (Keeta ids go beyond 2^53). */
  readonly orderId: string;
  /** The id the provider answered with (KakaClo refund id, Shoplazza refund record id, …). */
  readonly refundId: string;
  /** The lines refunded (empty for a Shoplazza refund of money only). */
  readonly lines: readonly LedgerLine[];
  /** Total refunded, exact, in minor units (digits) and as a decimal string. */
  readonly amountMinor: string;
  /** The same total as a decimal string with the currency's ISO 4217 decimals (`"81.10"`). */
  readonly amount: string;
  /** ISO 4217 code of the order's currency. */
  readonly currency: string;
  /**
   * KakaClo refunds start `pending_review` and settle later; Keeta's start `applied` and
   * settle when their webhook is emitted (`keetaRefundWebhook`); Shoplazza's stay `applied`.
   */
  readonly status: 'applied' | 'pending_review' | 'refund_successfully' | 'refund_failed';
  /** ISO time the refund was applied (sandbox clock). */
  readonly appliedAt: string;
  /**
   * The request that caused it: method, path and body as received (credential fields masked
   * by the ledger itself; integers beyond 2^53 as digit strings, so the entry can go through
   * `JSON.stringify`).
   */
  readonly request: {
    /** HTTP method. */
    readonly method: string;
    /** The path as received, the provider's prefix included. */
    readonly path: string;
    /** The parsed body, credentials masked. */
    readonly body: unknown;
  };
  /**
   * The `x-request-id` of that request (`sbx_12`): its row in the request log
   * (`sandbox.requests()`, the inspector page).
   */
  readonly requestId: string;
}

/**
 * Every refund the sandbox applied, in order. This is how tests prove "no double refund":
 * count the entries for an order after a run full of faults and retries.
 *
 * Entries are frozen snapshots: a caller cannot edit the ledger through one, and settling
 * stores a new snapshot instead of changing the old one.
 */
export class Ledger {
  #entries: LedgerEntry[] = [];
  readonly #secrets: readonly string[];

  /** @param secrets - the sandbox's credential values, masked wherever a body holds them. */
  constructor(secrets: readonly string[] = []) {
    this.#secrets = secrets;
  }

  /**
   * Records a refund and applies it, as one step: the entry is built first (the request
   * copied and masked), then `apply` changes the order, then the entry is stored. If building
   * fails, the order is never touched; `apply` must only assign values computed beforehand.
   * @returns the stored entry (with its id).
   */
  record(entry: Omit<LedgerEntry, 'id'>, apply: () => void): LedgerEntry {
    const stored = deepFreeze({
      id: `led_${String(this.#entries.length + 1).padStart(6, '0')}`,
      ...entry,
      lines: entry.lines.map((line) => ({ ...line })),
      request: { ...entry.request, body: redact(entry.request.body, this.#secrets) },
    });
    apply();
    this.#entries.push(stored);
    return stored;
  }

  /** How many entries there are (the next one is `led_` + `size + 1`). */
  get size(): number {
    return this.#entries.length;
  }

  /** The ids of the entries recorded since the ledger had `size` entries. */
  idsSince(size: number): string[] {
    return this.#entries.slice(size).map((entry) => entry.id);
  }

  /** All entries, oldest first, optionally only those of one provider, order or shop. */
  entries(
    filter: { provider?: ProviderName; orderId?: string; shop?: string } = {},
  ): LedgerEntry[] {
    const shop = filter.shop?.toLowerCase();
    return this.#entries.filter(
      (entry) =>
        (filter.provider === undefined || entry.provider === filter.provider) &&
        (filter.orderId === undefined || entry.orderId === filter.orderId) &&
        (shop === undefined || entry.shop === shop),
    );
  }

  /**
   * Stores a new snapshot of the entry holding a provider refund id, with `status`. Give
   * `provider` so another provider's refund with the same id is never touched.
   */
  settle(
    refundId: string,
    status: LedgerEntry['status'],
    provider?: ProviderName,
  ): LedgerEntry | undefined {
    const index = this.#entries.findIndex(
      (e) => e.refundId === refundId && (provider === undefined || e.provider === provider),
    );
    const entry = this.#entries[index];
    if (entry === undefined) return undefined;
    const settled = deepFreeze({ ...entry, status });
    this.#entries[index] = settled;
    return settled;
  }
}

/** Freezes a plain JSON-like value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
