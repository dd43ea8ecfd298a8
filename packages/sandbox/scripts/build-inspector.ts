// Builds the inspector page (`GET /__sandbox/`) into `dist/inspector/page/`: its TypeScript bundled
// and minified into one browser script by esbuild, its HTML and CSS copied as they are. One
// script file and one style sheet, no inline code: the page's CSP allows nothing else. Runs as
// a step of `pnpm build`.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = resolve(import.meta.dirname, '..');
const pageDir = join(packageDir, 'src/inspector/page');
const outDir = join(packageDir, 'dist/inspector/page');
mkdirSync(outDir, { recursive: true });

await build({
  entryPoints: [fileURLToPath(import.meta.resolve('../src/inspector/page/main.ts'))],
  outfile: join(outDir, 'inspector.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox121', 'safari17'],
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(pageDir, 'index.html'), join(outDir, 'index.html'));
copyFileSync(join(pageDir, 'inspector.css'), join(outDir, 'inspector.css'));
