/**
 * Finds a Node binary of a given major version: the running one, else one on PATH, else
 * installs the `node@<major>` npm package into a cache folder, the same way
 * scripts/lib/toolchain.sh gets Node 24. (Published packages support Node >= 22; the
 * machine's default Node 20 is end-of-life and no longer tested.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function versionOf(binary: string): string | undefined {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Path to a `node` binary whose major version is `major`. */
export function nodeBinary(major: number): string {
  if (process.versions.node.startsWith(`${major}.`)) return process.execPath;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (existsSync(candidate) && versionOf(candidate)?.startsWith(`v${major}.`)) return candidate;
  }
  const prefix = join(tmpdir(), `refundkit-node${major}`);
  const installed = join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(installed)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node@${major}`],
      {
        stdio: 'inherit',
      },
    );
  }
  return installed;
}
