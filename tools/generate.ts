/**
 * `pnpm generate [redocly.yaml]`: writes each spec's TypeScript types to its
 * `x-openapi-ts.output` (see tools/generate/openapi-types.ts). Deterministic: a second run
 * changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateTypes } from './generate/openapi-types.ts';

const configPath = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'redocly.yaml'));

for (const file of await generateTypes(configPath)) {
  const shown = relative(dirname(configPath), file.path);
  // Unchanged files are left alone, so their timestamps keep meaning something.
  if (existsSync(file.path) && readFileSync(file.path, 'utf8') === file.text) {
    console.log(`${file.api} → ${shown} (unchanged)`);
    continue;
  }
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.text);
  console.log(`${file.api} → ${shown} (written)`);
}
