import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/test/**/*.test.ts', 'server/test/**/*.test.ts', 'client/e2e/**/*.test.ts'],
    // Generous: browser and storm tests share two cores; a slow machine must not fail them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests launch Chromium; two cores do not take many of those at once.
    maxWorkers: 2,
    reporters: ['default', './vitest-summary-reporter.ts'],
  },
});
