import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start local servers (dynalite, a fake Slack API); two cores cap useful parallelism.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
