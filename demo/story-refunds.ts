import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { createRefunds, type IdempotencyStore, type Refunds } from '@refundkit/refund-core';
import { kakacloAdapter } from '@refundkit/refund-core/kakaclo';
import { keetaAdapter } from '@refundkit/refund-core/keeta';
import { shoplazzaAdapter } from '@refundkit/refund-core/shoplazza';
import type { Sandbox } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';

/**
 * refund-core over the three clients, each pointed at the sandbox with its credentials, as a
 * service would wire it (with the provider's real base URL and credentials instead).
 * @param fetch - every client's `fetch`, so the story can count what was sent.
 * @param store - where idempotency records live (refund-core's memory store by default).
 */
export function storyRefunds(
  sandbox: Sandbox,
  fetch: typeof globalThis.fetch,
  store: IdempotencyStore | undefined,
): Refunds {
  const { keeta, shoplazza, kakaclo } = sandbox.credentials;
  return createRefunds({
    providers: {
      keeta: keetaAdapter(createKeetaClient({ baseUrl: sandbox.baseUrls.keeta, ...keeta, fetch })),
      shoplazza: shoplazzaAdapter(
        createShoplazzaClient({
          baseUrl: sandbox.baseUrls.shoplazza,
          accessToken: shoplazza.accessToken,
          fetch,
        }),
      ),
      kakaclo: kakacloAdapter(
        createKakacloClient({ baseUrl: sandbox.baseUrls.kakaclo, ...kakaclo, fetch }),
      ),
    },
    ...(store === undefined ? {} : { store }),
  });
}
