/**
 * `pnpm generate:check` (part of `pnpm lint`): fails when a generated file differs from what
 * `pnpm generate` would write now, and names each stale file.
 *
 * It calls the very generation function `pnpm generate` uses (tools/generate/openapi-types.ts)
 * and compares its output with the files byte for byte, in memory, so the check can never
 * drift from the generator. (openapi-typescript's own `--check` is no help: with several APIs
 * in one Redocly config it exits 0 as soon as the first one it finishes is current, and it
 * never says which file is stale.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateTypes } from './generate/openapi-types.ts';

// The config to check (default: the repo's); its paths are relative to its own folder.
const configPath = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'redocly.yaml'));

const files = await generateTypes(configPath);
const stale = files
  .filter((file) => !existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.text)
  .map((file) => relative(dirname(configPath), file.path));

if (stale.length > 0) {
  console.error('Generated files are stale (their spec changed, or they were edited by hand):');
  for (const file of stale) console.error(`  ${file}`);
  console.error('Run `pnpm generate` and commit the result. Never edit generated files.');
  process.exitCode = 1;
} else {
  console.log(`Generated files are current (${files.length} specs).`);
}
