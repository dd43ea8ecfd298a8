/**
 * Fails when a file under packages/*\/src/generated/ differs from what `pnpm generate`
 * would write now, and names each stale file.
 *
 * Why not `openapi-typescript --check`: with a Redocly config holding several APIs it
 * exits 0 as soon as the first API it finishes is current (openapi-typescript 7.13,
 * bin/cli.js `checkStaleOutput`), so a stale second file passes, and it never says which
 * file is stale. This script runs the very same CLI, with the same config, into a
 * temporary folder and compares the results byte for byte, so the comparison can never
 * drift from what `pnpm generate` produces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const toolRoot = resolve(import.meta.dirname, '..');
// The config to check (default: the repo's); its paths are relative to its own folder.
const configPath = resolve(process.argv[2] ?? join(toolRoot, 'redocly.yaml'));
const configRoot = dirname(configPath);

interface ApiEntry {
  root: string;
  'x-openapi-ts': { output: string };
}

const config = parse(readFileSync(configPath, 'utf8')) as { apis: Record<string, ApiEntry> };
const scratch = mkdtempSync(join(tmpdir(), 'refundkit-generated-'));

try {
  // Same config, with absolute spec paths and outputs redirected into the scratch folder.
  const committed = new Map<string, string>();
  for (const [name, api] of Object.entries(config.apis)) {
    committed.set(name, resolve(configRoot, api['x-openapi-ts'].output));
    api.root = resolve(configRoot, api.root);
    api['x-openapi-ts'].output = join(scratch, `${name}.ts`);
  }
  const scratchConfig = join(scratch, 'redocly.yaml');
  writeFileSync(scratchConfig, stringify(config));

  const cli = join(toolRoot, 'node_modules', '.bin', 'openapi-typescript');
  execFileSync(cli, ['--redocly', scratchConfig], {
    cwd: scratch,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const stale: string[] = [];
  for (const [name, committedPath] of committed) {
    const fresh = readFileSync(join(scratch, `${name}.ts`), 'utf8');
    const current = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : undefined;
    if (current !== fresh) stale.push(relative(configRoot, committedPath));
  }

  if (stale.length > 0) {
    console.error('Generated files are stale (their spec changed, or they were edited by hand):');
    for (const file of stale) console.error(`  ${file}`);
    console.error('Run `pnpm generate` and commit the result. Never edit generated files.');
    process.exitCode = 1;
  } else {
    console.log(`Generated files are current (${committed.size} specs).`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
