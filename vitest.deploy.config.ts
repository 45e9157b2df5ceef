import { defineConfig } from 'vitest/config';

/**
 * The deploy check's suite (scripts/deploy-check.sh): the bundle tests, run against the functions the real SAM
 * builder built (SECMON_BUILT_FUNCTIONS_DIR), with the environment template.yaml gives each.
 */
export default defineConfig({
  test: {
    include: ['test/unit/deploy/bundles.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
