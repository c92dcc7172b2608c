import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// One broker for every file: the suites recreate or empty its topics, so they run one file at a time.
export default mergeConfig(sharedTestConfig, defineConfig({ test: { fileParallelism: false } }));
