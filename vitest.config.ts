import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * With AWS_CAPTURE_FILE set (.ci/run does), every AWS SDK command the tests send is recorded by the shared
 * aws-model-check kit and validated afterwards against the real AWS service models (a mock accepts any input; the
 * API does not). AWS_MODEL_CHECK_DIR overrides where the kit is (default ../shared/tools/aws-model-check).
 */
const captureSetup = process.env['AWS_CAPTURE_FILE']
  ? [`${process.env['AWS_MODEL_CHECK_DIR'] ?? fileURLToPath(new URL('../shared/tools/aws-model-check', import.meta.url))}/capture-setup.ts`]
  : [];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/deploy/**', '**/node_modules/**'],
    setupFiles: captureSetup,
    // Builds dist/ from the current sources: CLI tests run `node bin/secmon.js` as a user does.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests start local servers (dynalite, a fake Slack API); two cores cap useful parallelism.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
