import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every PGlite open boots a WebAssembly PostgreSQL (initdb on a new dataDir): seconds, more on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
