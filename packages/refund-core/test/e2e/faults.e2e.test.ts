/**
 * Every fault kind on the refund write, against the sandbox's ledger: after reconciliation,
 * the ledger holds exactly what the result says. Applied (`pending`/`succeeded`, outcome
 * `applied`) ⇔ one entry; proven not applied (`failed`, `not_applied`, or a thrown error
 * proving it was not sent) ⇔ none, and a retry with the same key then refunds exactly once.
 *
 * "Not found" proves "not applied" only after the late-apply window (a provider may still
 * apply a request whose answer timed out), so these tests use a short window and let
 * `refund()` wait it out inline (`reconcileWaitMs`); the default, answering `unknown` at once
 * and holding the key, is tested at the end.
 */
import type { FaultKind, FaultSpec, Sandbox } from '@refundkit/sandbox';
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  IdempotencyInProgressError,
  RateLimitError,
  type RefundResult,
} from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf, type ProviderCase } from './cases.test-util.js';
import { useSandbox, wire, type World } from './sandbox.test-util.js';

const sandbox = useSandbox();

/** The client's timeout, and the latency that outlasts it. */
const TIMEOUT_MS = 200;
const LATENCY_MS = 1000;

/**
 * A short late-apply window, waited out inline: longer than a held request takes to be
 * processed after its client gave up (LATENCY_MS − TIMEOUT_MS), with room to spare.
 */
const WAIT_INLINE = { lateApplyWindowMs: 1500, reconcileWaitMs: 10_000 } as const;
/** The same for faults that hold no request at the provider: a shorter window will do. */
const WAIT_INLINE_SHORT = { lateApplyWindowMs: 300, reconcileWaitMs: 10_000 } as const;

/** The sandbox operation id of each provider's refund write. */
const WRITE = { kakaclo: 'refundOrder', keeta: 'applyPartialRefund' } as const;

function fault(c: ProviderCase, kind: FaultKind): FaultSpec {
  return {
    kind,
    provider: c.provider,
    operation: WRITE[c.provider as keyof typeof WRITE],
    ...(kind === 'latency' ? { latencyMs: LATENCY_MS } : {}),
  };
}

/** Until a request held by a `latency` fault has been processed (or dropped) by the sandbox. */
function afterHeldRequests(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, LATENCY_MS + 500));
}

/** A refund's result, or the error it threw. */
async function attempt(
  world: World,
  c: ProviderCase,
  key: string,
): Promise<{ result?: RefundResult; error?: unknown }> {
  try {
    return { result: await world.refunds.refund(c.request(key)) };
  } catch (error) {
    return { error };
  }
}

/**
 * The check this file is about: whatever the result says, the ledger agrees. Then the same
 * key again: replayed if it was applied, sent once more if it was proven not applied; either
 * way exactly one ledger entry in the end.
 */
async function expectLedgerAgrees(
  world: World,
  c: ProviderCase,
  key: string,
  outcome: { result?: RefundResult; error?: unknown },
): Promise<'applied' | 'not_applied'> {
  const s: Sandbox = world.sandbox;
  let verdict: 'applied' | 'not_applied';
  if (outcome.error !== undefined) {
    // Only an error that proves nothing was sent may be thrown.
    expect(outcome.error).toBeInstanceOf(ConnectionError);
    expect((outcome.error as ConnectionError).requestNotSent).toBe(true);
    verdict = 'not_applied';
  } else {
    const result = outcome.result!;
    expect(result.reconciliation?.trigger).toBe('outcome_unknown');
    if (result.status === 'failed') {
      expect(result.failure?.reason).toBe('not_applied');
      expect(result.reconciliation?.outcome).toBe('not_applied');
      verdict = 'not_applied';
    } else {
      expect(result.status).toBe('pending');
      expect(result.reconciliation?.outcome).toBe('applied');
      verdict = 'applied';
    }
  }
  expect(ledgerOf(s, c)).toHaveLength(verdict === 'applied' ? 1 : 0);

  const writes = world.writes(c.provider);
  const retry = await world.refunds.refund(c.request(key));
  expect(retry.replayed).toBe(verdict === 'applied');
  expect(world.writes(c.provider)).toBe(writes + (verdict === 'applied' ? 0 : 1));
  expect(['pending', 'succeeded']).toContain(retry.status);
  expect(ledgerOf(s, c)).toHaveLength(1);
  return verdict;
}

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: a fault on the refund write', (c) => {
  it.each(['drop_after_apply', 'malformed_json'] as const)(
    '%s (applied, answer lost): reconciled as applied, one ledger entry',
    async (kind) => {
      const world = wire(sandbox(), { refunds: WAIT_INLINE });
      sandbox().addFaults([fault(c, kind)]);
      const outcome = await attempt(world, c, `fault-${kind}`);

      expect(outcome.result?.reconciliation?.outcome).toBe('applied');
      expect(outcome.result?.reconciliation?.method).toBe(
        world.refunds.capabilities(c.provider).reconciliation,
      );
      expect(world.writes(c.provider)).toBe(1);
      expect(await expectLedgerAgrees(world, c, `fault-${kind}`, outcome)).toBe('applied');
    },
  );

  it.each(['server_error', 'reset_before_processing', 'html_error', 'redirect'] as const)(
    '%s (not processed): proven not applied, no ledger entry; the retry refunds once',
    async (kind) => {
      const world = wire(sandbox(), { refunds: WAIT_INLINE_SHORT });
      sandbox().addFaults([fault(c, kind)]);
      const outcome = await attempt(world, c, `fault-${kind}`);

      expect(world.writes(c.provider)).toBe(1);
      expect(await expectLedgerAgrees(world, c, `fault-${kind}`, outcome)).toBe('not_applied');
    },
  );

  it('rate_limit (429, not processed): the client waits and sends it again; one ledger entry', async () => {
    const world = wire(sandbox());
    sandbox().addFaults([{ ...fault(c, 'rate_limit'), retryAfterSeconds: 1 }]);
    const result = await world.refunds.refund(c.request('fault-429'));

    expect(result.status).toBe('pending');
    expect(result.reconciliation).toBeUndefined();
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('rate_limit without client retries: RateLimitError, nothing stored; the retry refunds once', async () => {
    const world = wire(sandbox(), { maxRetries: 0 });
    sandbox().addFaults([fault(c, 'rate_limit')]);
    await expect(world.refunds.refund(c.request('fault-429-thrown'))).rejects.toBeInstanceOf(
      RateLimitError,
    );
    expect(ledgerOf(sandbox(), c)).toEqual([]);

    const retry = await world.refunds.refund(c.request('fault-429-thrown'));
    expect(retry).toMatchObject({ status: 'pending', replayed: false });
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('latency past the client timeout: the ledger agrees with the result once the provider is done', async () => {
    const world = wire(sandbox(), { timeoutMs: TIMEOUT_MS, refunds: WAIT_INLINE });
    sandbox().addFaults([fault(c, 'latency')]);
    const outcome = await attempt(world, c, 'fault-latency');
    expect(world.writes(c.provider)).toBe(1);

    // The provider keeps working on a request its client gave up on: look at the ledger
    // only after the held request has been processed.
    await afterHeldRequests();
    await expectLedgerAgrees(world, c, 'fault-latency', outcome);
  });
});

describe.each([KAKACLO_CASE, KEETA_CASE])("$name: onProvenNotApplied: 'resend'", (c) => {
  it('a write proven not applied is sent again once: one ledger entry, reconciliation.resent', async () => {
    const world = wire(sandbox(), {
      refunds: { ...WAIT_INLINE_SHORT, onProvenNotApplied: 'resend' },
    });
    sandbox().addFaults([fault(c, 'server_error')]);
    const result = await world.refunds.refund(c.request('resend-1'));

    expect(result.status).toBe('pending');
    expect(result.reconciliation?.resent).toBe(true);
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);

    const again = await world.refunds.refund(c.request('resend-1'));
    expect(again.replayed).toBe(true);
    expect(world.writes(c.provider)).toBe(2);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('a write that timed out while the provider still works on it is not resent on top of itself', async () => {
    const world = wire(sandbox(), {
      timeoutMs: TIMEOUT_MS,
      refunds: { ...WAIT_INLINE, onProvenNotApplied: 'resend' },
    });
    sandbox().addFaults([fault(c, 'latency')]);
    const result = await world.refunds.refund(c.request('resend-3'));
    await afterHeldRequests();

    expect(result.reconciliation).toMatchObject({ outcome: 'applied', resent: false });
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });

  it('an applied write is never resent, even when resending is allowed', async () => {
    const world = wire(sandbox(), { refunds: { ...WAIT_INLINE, onProvenNotApplied: 'resend' } });
    sandbox().addFaults([fault(c, 'drop_after_apply')]);
    const result = await world.refunds.refund(c.request('resend-2'));

    expect(result.reconciliation).toMatchObject({ outcome: 'applied', resent: false });
    expect(world.writes(c.provider)).toBe(1);
    expect(ledgerOf(sandbox(), c)).toHaveLength(1);
  });
});

describe.each([KAKACLO_CASE, KEETA_CASE])('$name: the default, no inline wait', (c) => {
  /** A window the test waits out by hand. */
  const WINDOW_MS = 500;

  it.each(['server_error', 'latency'] as const)(
    '%s: unknown at once, the key held (nothing sent); after the window a retry settles it',
    async (kind) => {
      const world = wire(sandbox(), {
        timeoutMs: TIMEOUT_MS,
        refunds: { lateApplyWindowMs: kind === 'latency' ? LATENCY_MS + 500 : WINDOW_MS },
      });
      sandbox().addFaults([fault(c, kind)]);
      const first = await world.refunds.refund(c.request(`held-${kind}`));

      expect(first.status).toBe('unknown');
      expect(first.reconciliation).toMatchObject({
        trigger: 'outcome_unknown',
        outcome: 'inconclusive',
      });
      expect(first.unknown?.check).toContain(c.orderId);
      // While held, the key sends nothing: the retry is refused as in progress.
      await expect(world.refunds.refund(c.request(`held-${kind}`))).rejects.toBeInstanceOf(
        IdempotencyInProgressError,
      );
      expect(world.writes(c.provider)).toBe(1);

      await new Promise((resolve) =>
        setTimeout(resolve, (kind === 'latency' ? LATENCY_MS : 0) + WINDOW_MS + 400),
      );
      const settled = await world.refunds.refund(c.request(`held-${kind}`));
      expect(settled.reconciliation?.trigger).toBe('lease_expired');
      if (kind === 'latency') {
        // The held request was applied meanwhile: found, never sent again.
        expect(settled).toMatchObject({
          status: 'pending',
          reconciliation: { outcome: 'applied' },
        });
        expect(world.writes(c.provider)).toBe(1);
      } else {
        expect(settled).toMatchObject({ status: 'failed', failure: { reason: 'not_applied' } });
        expect(ledgerOf(sandbox(), c)).toEqual([]);
        expect(await world.refunds.refund(c.request(`held-${kind}`))).toMatchObject({
          status: 'pending',
          replayed: false,
        });
        expect(world.writes(c.provider)).toBe(2);
      }
      expect(ledgerOf(sandbox(), c)).toHaveLength(1);
    },
  );
});
