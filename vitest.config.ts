import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// One runner for the whole workspace, six projects:
// - `dashboard`, `ship`, `repo`: tests that run in-process, with no browser, container, registry
//   or child process of our CLIs. `npm run test:unit` runs only these (about a minute).
// - `dashboard-int`, `ship-int`, `repo-int`: files named `*.int.test.ts`, which drive Chromium,
//   podman, a `docker-registry` on loopback, spawned CLIs or `npm ci` in a fresh clone.
// `npx vitest run --project 'ship*'` runs one half.
//
// Most integration files spend their time waiting (on a container, a browser, a child process), so
// more files run at once than there are cores. Each file starts its own services on free ports and
// uses its own temporary folders and image names, so files never share state.
const integration = '**/*.int.test.ts';
const workers = Math.max(3, availableParallelism() + 1);

export default defineConfig({
  test: {
    maxWorkers: workers,
    globalSetup: ['test/leftovers.global-setup.ts'],
    projects: [
      {
        test: {
          name: 'dashboard',
          root: 'packages/dashboard',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, integration],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'dashboard-int',
          root: 'packages/dashboard',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'ship',
          root: 'packages/ship',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, integration],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'ship-int',
          root: 'packages/ship',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'repo',
          root: 'test',
          include: ['**/*.test.ts'],
          exclude: [...configDefaults.exclude, integration],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'repo-int',
          root: 'test',
          include: ['**/*.int.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
