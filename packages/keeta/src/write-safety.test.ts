/**
 * The shared money-safety suite (`@refundkit/test-kit`) on Keeta's one refund write, plus
 * what is Keeta's own: success is an envelope, and a 2xx envelope with `code` ≠ 0 is Keeta
 * refusing the refund (an `ApiError`: Keeta answered, nothing was applied), not an unknown
 * outcome.
 */
import { describe, expect, test } from 'vitest';
import { ApiError, OutcomeUnknownError } from '@refundkit/http';
import { describeWriteSafety, expectNoSecrets, fakeFetch, json } from '@refundkit/test-kit';
import { createKeetaClient } from './client.js';
import type { ApplyPartialRefundInput } from './inputs.js';

const appSecret = 'sec_0a1b2c3d4e5f6789_app_secret';
const accessToken = 'tok_9f8e7d6c5b4a3210_merchant_access';
const input: ApplyPartialRefundInput = {
  orderViewId: 756823555555859n,
  shopId: 466663,
  products: [{ orderProductId: 1234534224, refundCount: 1 }],
  partRefundType: 200001,
};

function client(fetch: typeof globalThis.fetch) {
  return createKeetaClient({
    appId: 123,
    appSecret,
    accessToken,
    fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
  });
}

describeWriteSafety({
  name: 'keeta applyPartialRefund',
  write: (fetch) => {
    const keeta = client(fetch);
    return (options) => keeta.applyPartialRefund(input, options);
  },
  success: () => json({ code: 0, message: 'success' }),
  secrets: [appSecret, accessToken],
});

describe('keeta applyPartialRefund: the envelope decides', () => {
  test.each([
    ['HTTP 200', 200],
    ['HTTP 201', 201],
  ])(
    '%s with code ≠ 0 is an ApiError (a refusal), sent once, secrets masked',
    async (_what, status) => {
      const refusal = json(
        { code: 1003, message: `token ${accessToken} has expired`, data: null },
        status,
      );
      const { fetch, sent } = fakeFetch(refusal, json({ code: 0, message: 'success' }));
      const error: unknown = await client(fetch)
        .applyPartialRefund(input)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(OutcomeUnknownError);
      expect(error).toMatchObject({ code: 1003, status, operation: 'applyPartialRefund' });
      expectNoSecrets(error, [appSecret, accessToken]);
      expect(sent).toHaveLength(1);
    },
  );

  test('a 2xx that is no envelope at all is an unknown outcome, not a refusal', async () => {
    const { fetch, sent } = fakeFetch(json({ message: 'success' }));
    const error: unknown = await client(fetch)
      .applyPartialRefund(input)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(sent).toHaveLength(1);
  });
});
