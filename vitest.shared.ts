import { defineConfig } from 'vitest/config';

/**
 * Settings every package's vitest config starts from. The machines that run the suite are shared
 * and noisy, and Turborepo runs packages side by side: a test that spawns the CLI or starts an
 * embedded database can take several seconds under load, so timeouts guard against hangs only.
 * Tests never assert on time (benchmarks print their figures in `dealerflow bench`).
 */
export const sharedTestConfig = defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
