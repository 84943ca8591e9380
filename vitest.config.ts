import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/test/**/*.test.ts', 'server/test/**/*.test.ts', 'client/e2e/**/*.test.ts'],
    // Generous: browser and storm tests share two cores; a slow machine must not fail them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 10 s, not its default second: under a full suite's load a browser page
    // can take longer than that to answer (a fresh-clone run failed an embed poll at 1 s). A poll
    // returns as soon as it holds, so passing tests take no longer.
    expect: { poll: { timeout: 10_000 } },
    // Browser tests launch Chromium; two cores do not take many of those at once.
    maxWorkers: 2,
    reporters: ['default', './vitest-summary-reporter.ts'],
  },
});
