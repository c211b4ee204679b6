// The sibling workspace packages an app needs at run time (npm workspaces): the ones its
// production dependencies name, and theirs in turn. npm links them into node_modules
// (node_modules/@mono/lib → ../packages/lib); the image keeps those links and the packages' files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeApp, PackageJson } from './node-app.js';
import { workspaceDirs } from './production-dependencies.js';

export interface WorkspacePackage {
  /** Relative to the workspace root, e.g. packages/lib */
  dir: string;
  packageJson: PackageJson;
}

const runtimeDependencies = (pkg: PackageJson) => [
  ...Object.keys((pkg.dependencies as Record<string, string> | undefined) ?? {}),
  ...Object.keys((pkg.optionalDependencies as Record<string, string> | undefined) ?? {}),
];

/** Pure: the workspace packages reachable from `app` through production dependencies, sorted by dir. */
export function neededWorkspaces(
  app: PackageJson,
  workspaces: readonly WorkspacePackage[],
): WorkspacePackage[] {
  const byName = new Map(workspaces.filter((w) => w.packageJson.name).map((w) => [w.packageJson.name!, w]));
  const needed = new Map<string, WorkspacePackage>();
  const queue = runtimeDependencies(app);
  while (queue.length) {
    const found = byName.get(queue.shift()!);
    if (!found || needed.has(found.dir) || found.packageJson.name === app.name) continue;
    needed.set(found.dir, found);
    queue.push(...runtimeDependencies(found.packageJson));
  }
  return [...needed.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

export async function readNeededWorkspaces(app: NodeApp): Promise<WorkspacePackage[]> {
  if (!app.workspaceDir) return [];
  const all = await Promise.all(
    (await workspaceDirs(app.root, app.rootPackageJson, app.lockfile?.kind)).map(async (dir) => ({
      dir,
      packageJson: JSON.parse(await readFile(join(app.root, dir, 'package.json'), 'utf8')) as PackageJson,
    })),
  );
  return neededWorkspaces(app.packageJson, all);
}
