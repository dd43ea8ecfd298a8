import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The guard tests run the generator (tools/generate.ts, openapi-typescript) twice per case.
    testTimeout: 60_000,
  },
});
