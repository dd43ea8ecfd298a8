import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // `*.test-d.ts` files are type-level tests: vitest runs them through `tsc`, so a request
    // type that stops refusing a wrong field fails the run.
    typecheck: { enabled: true, tsconfig: './tsconfig.json' },
    // The end-to-end tests start a sandbox per file and wait on real sockets and timers.
    testTimeout: 30_000,
  },
});
