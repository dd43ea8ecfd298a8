import { readFileSync } from 'node:fs';

/** The page's files, built by `scripts/build-inspector.ts` into `dist/inspector/page/`. */
const FILES = {
  '/__sandbox/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/__sandbox/inspector.js': { file: 'inspector.js', type: 'text/javascript; charset=utf-8' },
  '/__sandbox/inspector.css': { file: 'inspector.css', type: 'text/css; charset=utf-8' },
} as const;

/** The built page's URL path → its file. */
export type AssetPath = keyof typeof FILES;

/**
 * The page's Content-Security-Policy: its own script and style only (no inline script, no
 * `eval`, no other origin), data to its own origin, never framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a path is one of the page's files. */
export function isAssetPath(path: string): path is AssetPath {
  return Object.hasOwn(FILES, path);
}

const cache = new Map<AssetPath, Buffer>();

/**
 * One of the page's files, read on first use (a sandbox nobody inspects never reads them).
 * Both `src/inspector/` (tests) and `dist/inspector/` sit two levels below the package, so
 * the same relative URL finds the built files from either.
 * @throws Error naming the build step when the page was not built.
 */
export function asset(path: AssetPath): { body: Buffer; type: string } {
  const { file, type } = FILES[path];
  let body = cache.get(path);
  if (body === undefined) {
    const url = new URL(`../../dist/inspector/page/${file}`, import.meta.url);
    try {
      body = readFileSync(url);
    } catch {
      throw new Error(
        `the inspector page is not built (${file} missing): run pnpm --filter @refundkit/sandbox build`,
      );
    }
    cache.set(path, body);
  }
  return { body, type };
}
