import { defineConfig } from 'vitest/config';

// Real-browser tests (test/e2e): they need the built extension (`npm run e2e` builds it first) and
// Chromium, and run one file at a time with generous timeouts on the team's 2 shared cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
