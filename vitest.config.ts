import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/test/**/*.test.ts', 'server/test/**/*.test.ts', 'client/e2e/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser tests launch Chromium; two cores do not take many of those at once.
    maxWorkers: 2,
    reporters: ['default', './vitest-summary-reporter.ts'],
  },
});
