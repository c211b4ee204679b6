// A copy of what the dashboard image is built from (the workspace's root package.json and lockfile,
// every workspace package.json, the dashboard's bin, built dist, data and ship.config.json) in a
// directory of its own, so tests and benchmarks can change files without touching the working tree.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
export const dashboardData = resolve(repoRoot, '../shared/data/hdx-ebola/ebola_data_db_format.csv');
/**
 * A local stand-in for the Dockerfile's base (scripts/container/make-base-standin.sh), under a name
 * of our own: never the official name, which a later real pull must not find taken.
 */
export const BASE_STANDIN = 'localhost/ebov-dash-test-node:24.21.0-bookworm-slim';
export const PODMAN = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs', '--storage-driver', 'vfs'];

/** Builds the dashboard first if its dist is missing (a fresh clone). Returns the app directory. */
export async function copyDashboard(target: string): Promise<string> {
  if (!(await stat(join(repoRoot, 'packages/dashboard/dist/cli.js')).catch(() => undefined))) {
    execFileSync('npm', ['run', 'build', '-w', 'ebov-dash'], { cwd: repoRoot, stdio: 'inherit' });
  }
  await mkdir(target, { recursive: true });
  await cp(join(repoRoot, 'package.json'), join(target, 'package.json'));
  await cp(join(repoRoot, 'package-lock.json'), join(target, 'package-lock.json'));
  for (const pkg of await readdir(join(repoRoot, 'packages'))) {
    if (!(await stat(join(repoRoot, 'packages', pkg, 'package.json')).catch(() => undefined))) continue;
    await mkdir(join(target, 'packages', pkg), { recursive: true });
    await cp(join(repoRoot, 'packages', pkg, 'package.json'), join(target, 'packages', pkg, 'package.json'));
  }
  // The dashboard's build settings (build.dataEnv) live beside it.
  await cp(
    join(repoRoot, 'packages/dashboard/ship.config.json'),
    join(target, 'packages/dashboard/ship.config.json'),
  );
  for (const dir of ['bin', 'dist', 'data']) {
    await cp(join(repoRoot, 'packages/dashboard', dir), join(target, 'packages/dashboard', dir), {
      recursive: true,
    });
  }
  return join(target, 'packages/dashboard');
}

/** Makes the Node base stand-in (cached by the script) and pushes it to a registry as library/node:24-slim. */
export function serveBaseStandin(registryHost: string): string {
  execFileSync('bash', [join(repoRoot, 'scripts/container/make-base-standin.sh'), BASE_STANDIN], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ref = `${registryHost}/library/node:24-slim`;
  execFileSync('podman', [...PODMAN, 'push', '--quiet', '--tls-verify=false', BASE_STANDIN, ref], {
    stdio: 'inherit',
  });
  return ref;
}
