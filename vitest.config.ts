import { defineConfig } from 'vitest/config';

// One runner for the whole workspace. Each package is a project so that
// `vitest run --project ship` runs one half.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'dashboard',
          root: 'packages/dashboard',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'ship',
          root: 'packages/ship',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
