// Why: two projects so `npm run test:unit` never needs a browser and e2e runs serially against one build.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/support/globalSetup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A poll passes as soon as its condition holds; 1 s (vitest's default) was too short for a loaded
          // CI machine, where a worker round trip or a re-render can take longer.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
