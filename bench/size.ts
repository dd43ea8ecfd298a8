/**
 * `pnpm size`: prints each client's bundle cost (bundle.ts) after a build. The same figures
 * are part of `pnpm bench`, with the 8 kB goal.
 */
import { kB, measureBundles } from './bundle.ts';

console.log('package                minified    gzip   runtime dependencies');
for (const size of await measureBundles()) {
  console.log(
    size.name.padEnd(22),
    kB(size.minifiedBytes).padStart(9),
    kB(size.gzipBytes).padStart(8),
    ` ${size.dependencies.join(', ')}`,
  );
}
