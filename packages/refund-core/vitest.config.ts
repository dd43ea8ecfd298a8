import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // `*.test-d.ts` files are type-level tests: vitest runs them through `tsc`, and a
    // generated type that drifts from what they expect fails the run.
    typecheck: { enabled: true, tsconfig: './tsconfig.json' },
  },
});
