import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One scratch folder per run for outputs several files share (test/helpers.ts sharedOnce).
    globalSetup: ['test/setup/shared-dir.ts'],
    // CLI tests spawn the built tool; a cold CI machine needs more than the 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
