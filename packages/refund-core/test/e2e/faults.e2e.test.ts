/**
 * Every fault kind on the refund write, against the sandbox's ledger: after reconciliation,
 * the ledger holds exactly what the result says. Applied (`pending`/`succeeded`, outcome
 * `applied`) ⇔ one entry; proven not applied (`failed`, `not_applied`, or a thrown error
 * proving it was not sent) ⇔ none, and a retry with the same key then refunds exactly once.
 *
 * "Not found" proves "not applied" only after the late-apply window (a provider may still
 * apply a request whose answer timed out), so these tests use a short window and let
 * `refund()` wait it out inline (`reconcileWaitMs`); the default, answering `unknown` at once
 * and holding the key, is in `late-apply-window.e2e.test.ts`; the resend opt-in in
 * `resend.e2e.test.ts`.
 */
import type { Sandbox } from '@refundkit/sandbox';
import { describe, expect, it } from 'vitest';
import { ConnectionError, RateLimitError, type RefundResult } from '../../src/index.js';
import { KAKACLO_CASE, KEETA_CASE, ledgerOf, type ProviderCase } from './cases.test-util.js';
import {
  TIMEOUT_MS,
  WAIT_INLINE,
  WAIT_INLINE_SHORT,
  afterHeldRequests,
  fault,
} from './faults.test-util.js';
import { useSandbox, wire, type World } from './sandbox.test-util.js';

const sandbox = useSandbox();

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
