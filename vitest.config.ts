import { defineConfig } from 'vitest/config';

// Unit, component and integration tests. The real-browser tests have their own config
// (vitest.e2e.config.ts) because they need the built extension and run one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
