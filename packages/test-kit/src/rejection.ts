import { RefundkitError } from '@refundkit/http';
import { expect } from 'vitest';

/**
 * The error `promise` rejects with, which must be a {@link RefundkitError} (never an
 * untyped one); fails the test when the promise resolves.
 */
export async function rejection(promise: Promise<unknown>): Promise<RefundkitError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RefundkitError);
    return error as RefundkitError;
  }
  throw new Error(`expected a rejection, got ${String(outcome)}`);
}
