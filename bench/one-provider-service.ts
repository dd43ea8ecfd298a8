/**
 * A service that imports refund-core with the adapters and clients of some providers, as
 * source text for esbuild, and which of a bundle's inputs belong to a provider. Shared by
 * the bundle benchmark (`core-bundle.ts`, sizes) and test/bundle/refund-core-bundle.test.ts
 * (the proof that a one-provider bundle holds no other provider's code).
 */

/** Each provider's adapter factory and client factory, by export name. */
export const PROVIDERS = {
  kakaclo: { adapter: 'kakacloAdapter', client: 'createKakacloClient' },
  keeta: { adapter: 'keetaAdapter', client: 'createKeetaClient' },
  shoplazza: { adapter: 'shoplazzaAdapter', client: 'createShoplazzaClient' },
} as const;

/** A provider refund-core has an adapter for. */
export type BundledProvider = keyof typeof PROVIDERS;

/** Every provider, in a fixed order. */
export const ALL_PROVIDERS = Object.keys(PROVIDERS) as BundledProvider[];

/** A service importing refund-core with the adapters and clients of `providers`. */
export function serviceUsing(providers: readonly BundledProvider[]): string {
  return [
    `import { createRefunds } from '@refundkit/refund-core';`,
    ...providers.flatMap((p) => [
      `import { ${PROVIDERS[p].adapter} } from '@refundkit/refund-core/${p}';`,
      `import { ${PROVIDERS[p].client} } from '@refundkit/${p}';`,
    ]),
    `export const refunds = createRefunds({ providers: { ${providers
      .map((p) => `${p}: ${PROVIDERS[p].adapter}(${PROVIDERS[p].client}({}))`)
      .join(', ')} } });`,
  ].join('\n');
}

/** Whether a bundle input is `provider`'s client package or refund-core's adapter for it. */
export function belongsTo(input: string, provider: BundledProvider): boolean {
  return (
    input.includes(`/packages/${provider}/`) ||
    input.includes(`/@refundkit/${provider}/`) ||
    input.includes(`/adapters/${provider}/`)
  );
}
