import type { ProviderName } from './request.js';

/** What a provider can do through refund-core, answered before anyone tries. */
export interface Capabilities {
  /** Refund some units of some lines. */
  readonly lineRefunds: boolean;
  /** Refund the whole order in one call (`wholeOrder: true`). */
  readonly wholeOrder: boolean;
  /** Refund an amount without naming lines. */
  readonly amountOnly: boolean;
  /** Refund shipping and tip explicitly. */
  readonly shippingAndTip: boolean;
  /** Price or list the refundable items first (`preview`). */
  readonly preview: boolean;
  /** The provider decides later: a sent refund is `pending`. */
  readonly asyncSettlement: boolean;
  /** How a pending refund reaches its final status. */
  readonly settlement: 'webhook' | 'status_query' | 'immediate';
  /** `status()` asks the provider. */
  readonly statusQuery: boolean;
  /** How an ambiguous outcome is reconciled. */
  readonly reconciliation: 'kakaclo_refund_query' | 'keeta_preview_counts' | 'none';
}

/** The capability matrix. The README's table is checked against it by a test. */
export const CAPABILITIES: Readonly<Record<ProviderName, Capabilities>> = {
  keeta: {
    lineRefunds: true,
    wholeOrder: false,
    amountOnly: false,
    shippingAndTip: false,
    preview: true,
    asyncSettlement: true,
    settlement: 'webhook',
    statusQuery: false,
    reconciliation: 'keeta_preview_counts',
  },
  shoplazza: {
    lineRefunds: true,
    wholeOrder: false,
    amountOnly: true,
    shippingAndTip: true,
    preview: false,
    asyncSettlement: false,
    settlement: 'immediate',
    statusQuery: false,
    reconciliation: 'none',
  },
  kakaclo: {
    lineRefunds: true,
    wholeOrder: true,
    amountOnly: false,
    shippingAndTip: false,
    preview: false,
    asyncSettlement: true,
    settlement: 'status_query',
    statusQuery: true,
    reconciliation: 'kakaclo_refund_query',
  },
};

/**
 * What `provider` can do.
 * @example capabilities('kakaclo').wholeOrder // true
 */
export function capabilities(provider: ProviderName): Capabilities {
  return CAPABILITIES[provider];
}
