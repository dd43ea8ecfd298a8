/**
 * "A team using one provider bundles only that one": esbuild bundles what a one-provider
 * service imports from refund-core (the core entry plus one adapter subpath plus that client)
 * and the bundle's inputs must hold no other provider's client or adapter.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, belongsTo, serviceUsing } from '../../bench/one-provider-service.ts';

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

describe('refund-core bundles only the providers a service imports', () => {
  it.each(ALL_PROVIDERS)('a %s-only service', async (provider) => {
    const inputs = await bundleInputs(serviceUsing([provider]));
    const others = ALL_PROVIDERS.filter((p) => p !== provider);
    expect(inputs.some((input) => belongsTo(input, provider))).toBe(true);
    for (const other of others) {
      expect(inputs.filter((input) => belongsTo(input, other))).toEqual([]);
    }
  });

  it('sees every provider when a service imports all three (the check can fail)', async () => {
    const inputs = await bundleInputs(serviceUsing(ALL_PROVIDERS));
    for (const provider of ALL_PROVIDERS) {
      expect(inputs.some((input) => belongsTo(input, provider))).toBe(true);
    }
  });
});
