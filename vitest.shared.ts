import { defineConfig } from 'vitest/config';

/**
 * Settings every package's vitest config starts from. The machines that run the suite are shared
 * and noisy, and Turborepo runs packages side by side: a test that spawns the CLI or starts an
 * embedded database can take tens of seconds under load, so timeouts guard against hangs only.
 * Tests never assert on time (benchmarks print their figures in `dealerflow bench`).
 */
export const sharedTestConfig = defineConfig({
  test: {
    // Generous: a fresh PGlite alone took 18 s while other packages' suites ran beside it on 2 cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
