import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // The guard test runs openapi-typescript twice per case.
    testTimeout: 60_000,
  },
});
