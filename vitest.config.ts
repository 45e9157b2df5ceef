import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ from the current sources: CLI tests run `node bin/secmon.js` as a user does.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests start local servers (dynalite, a fake Slack API); two cores cap useful parallelism.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
