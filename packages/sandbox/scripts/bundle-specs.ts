// Copies the repository's specs into this package as JSON (`specs/<provider>.json`), so the
// published sandbox validates against exactly the specs the clients were generated from, and
// needs no YAML parser at run time. Runs as the last step of `pnpm build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const packageDir = resolve(import.meta.dirname, '..');
const specsDir = resolve(packageDir, '../../specs');
const outDir = join(packageDir, 'specs');
mkdirSync(outDir, { recursive: true });
for (const provider of ['keeta', 'shoplazza', 'kakaclo']) {
  const spec = parse(readFileSync(join(specsDir, provider, 'openapi.yaml'), 'utf8'));
  writeFileSync(join(outDir, `${provider}.json`), JSON.stringify(spec) + '\n');
}
