/**
 * Fault rules on each reconciling provider's refund write, and the timings the fault tests
 * share: a client timeout, a latency that outlasts it, and late-apply windows to match.
 */
import type { FaultKind, FaultSpec } from '@refundkit/sandbox';
import type { ProviderCase } from './cases.test-util.js';

/** The client's timeout, and the latency that outlasts it. */
export const TIMEOUT_MS = 200;
export const LATENCY_MS = 1000;

/**
 * A short late-apply window, waited out inline: longer than a held request takes to be
 * processed after its client gave up (LATENCY_MS − TIMEOUT_MS), with room to spare.
 */
export const WAIT_INLINE = { lateApplyWindowMs: 1500, reconcileWaitMs: 10_000 } as const;
/** The same for faults that hold no request at the provider: a shorter window will do. */
export const WAIT_INLINE_SHORT = { lateApplyWindowMs: 300, reconcileWaitMs: 10_000 } as const;

/** The sandbox operation id of each reconciling provider's refund write. */
const WRITE = { kakaclo: 'refundOrder', keeta: 'applyPartialRefund' } as const;

/** A rule that fires once on the case's refund write (`latency`: {@link LATENCY_MS}). */
export function fault(c: ProviderCase, kind: FaultKind): FaultSpec {
  return {
    kind,
    provider: c.provider,
    operation: WRITE[c.provider as keyof typeof WRITE],
    ...(kind === 'latency' ? { latencyMs: LATENCY_MS } : {}),
  };
}

/** Until a request held by a `latency` fault has been processed (or dropped) by the sandbox. */
export function afterHeldRequests(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, LATENCY_MS + 500));
}
