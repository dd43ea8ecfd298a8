import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // Every file starts a real PostgreSQL server (or uses REFUNDKIT_TEST_PG_URL) and waits on
    // real sockets.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
