/**
 * "A team using one provider bundles only that one": esbuild bundles what a one-provider
 * service imports from refund-core (the core entry plus one adapter subpath plus that client)
 * and the bundle's inputs must hold no other provider's client or adapter.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const PROVIDERS = {
  kakaclo: { adapter: 'kakacloAdapter', client: 'createKakacloClient' },
  keeta: { adapter: 'keetaAdapter', client: 'createKeetaClient' },
  shoplazza: { adapter: 'shoplazzaAdapter', client: 'createShoplazzaClient' },
} as const;
type Provider = keyof typeof PROVIDERS;

/** The package and file of every input of the bundle of `contents`. */
async function bundleInputs(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return Object.keys(result.metafile.inputs);
}

function serviceUsing(provider: Provider): string {
  const { adapter, client } = PROVIDERS[provider];
  return [
    `import { createRefunds } from '@refundkit/refund-core';`,
    `import { ${adapter} } from '@refundkit/refund-core/${provider}';`,
    `import { ${client} } from '@refundkit/${provider}';`,
    `export const refunds = createRefunds({ providers: { ${provider}: ${adapter}(${client}({})) } });`,
  ].join('\n');
}

/** Inputs that belong to `provider`: its client package or refund-core's adapter for it. */
function belongsTo(input: string, provider: Provider): boolean {
  return (
    input.includes(`/packages/${provider}/`) ||
    input.includes(`/@refundkit/${provider}/`) ||
    input.includes(`/adapters/${provider}/`)
  );
}

describe('refund-core bundles only the providers a service imports', () => {
  it.each(Object.keys(PROVIDERS) as Provider[])('a %s-only service', async (provider) => {
    const inputs = await bundleInputs(serviceUsing(provider));
    const others = (Object.keys(PROVIDERS) as Provider[]).filter((p) => p !== provider);
    expect(inputs.some((input) => belongsTo(input, provider))).toBe(true);
    for (const other of others) {
      expect(inputs.filter((input) => belongsTo(input, other))).toEqual([]);
    }
  });

  it('sees every provider when a service imports all three (the check can fail)', async () => {
    const providers = Object.keys(PROVIDERS) as Provider[];
    const inputs = await bundleInputs(
      [
        `import { createRefunds } from '@refundkit/refund-core';`,
        ...providers.flatMap((p) => [
          `import { ${PROVIDERS[p].adapter} } from '@refundkit/refund-core/${p}';`,
          `import { ${PROVIDERS[p].client} } from '@refundkit/${p}';`,
        ]),
        `export const refunds = createRefunds({ providers: { ${providers
          .map((p) => `${p}: ${PROVIDERS[p].adapter}(${PROVIDERS[p].client}({}))`)
          .join(', ')} } });`,
      ].join('\n'),
    );
    for (const provider of providers) {
      expect(inputs.some((input) => belongsTo(input, provider))).toBe(true);
    }
  });
});
