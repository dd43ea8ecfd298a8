import { LocalValidationError } from '@refundkit/http';
import fc from 'fast-check';
import { expect } from 'vitest';
import { fakeFetch } from './fake-fetch.js';
import { expectNoSecrets } from './secrets.js';

/** One client method under the property "hostile input is refused or sent valid". */
export interface CallProperty<Args extends unknown[]> {
  /** The method's arguments, valid or not (see `mutated`). */
  args: fc.Arbitrary<Args>;
  /** Builds a client on `fetch` and calls the method once with `args`. */
  call(fetch: typeof globalThis.fetch, ...args: Args): Promise<unknown>;
  /** The provider's success answer. */
  success(): Response;
  /** Violations of the sent body against the spec's request schema (`specRequestValidator`). */
  validate(bodyText: string): string[];
  /** The client's configured secrets. */
  secrets: readonly string[];
  /** fast-check runs; default 300. */
  numRuns?: number;
}

/**
 * Asserts, for seeded random input: the call either throws {@link LocalValidationError} and
 * sends nothing, or sends exactly one request whose body validates against the spec; it
 * never throws anything untyped, and no secret appears in any error.
 */
export async function assertCallProperty<Args extends unknown[]>(
  property: CallProperty<Args>,
): Promise<{ refused: number; sent: number }> {
  const tally = { refused: 0, sent: 0 };
  await fc.assert(
    fc.asyncProperty(property.args, async (args) => {
      const { fetch, sent } = fakeFetch(property.success());
      try {
        await property.call(fetch, ...args);
      } catch (error) {
        expect(error).toBeInstanceOf(LocalValidationError);
        expectNoSecrets(error, property.secrets);
        expect(sent).toHaveLength(0);
        tally.refused++;
        return;
      }
      expect(sent).toHaveLength(1);
      expect(property.validate(sent[0]?.body ?? '')).toEqual([]);
      tally.sent++;
    }),
    { seed: 20261201, numRuns: property.numRuns ?? 300 },
  );
  return tally;
}
