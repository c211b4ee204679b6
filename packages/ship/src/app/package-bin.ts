// A dependency's file the start command runs (`fastify start` → fastify-cli's `fastify` bin,
// `node node_modules/pm2/bin/pm2-runtime`), found in the production install: it must be there,
// or the container would fail at start with MODULE_NOT_FOUND.
import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { UserError } from '../errors.js';
import { normalisePath } from './entry-file.js';
import type { NodeApp, PackageJson } from './node-app.js';
import type { StartEntry } from './start-command.js';

/** Pure: the file of bin `name` in a package.json (`bin` as a string names the package's own bin). */
export function binOf(pkg: PackageJson, name: string): string | undefined {
  const bin = pkg.bin as string | Record<string, string> | undefined;
  if (typeof bin === 'string') return (pkg.name?.split('/').pop() ?? '') === name ? bin : undefined;
  return bin?.[name];
}

/**
 * The dependency file as a path relative to the install root (`node_modules/fastify-cli/cli.js`).
 * npm hoists to the root node_modules; a workspace package's unhoisted copy is looked up first.
 */
export async function resolvePackageEntry(
  app: NodeApp,
  installDir: string,
  entry: Extract<StartEntry, { kind: 'package' }>,
): Promise<string> {
  const places = [
    ...(app.workspaceDir ? [`${app.workspaceDir}/node_modules/${entry.name}`] : []),
    `node_modules/${entry.name}`,
  ];
  for (const place of places) {
    let pkg: PackageJson;
    try {
      pkg = JSON.parse(await readFile(join(installDir, place, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      continue;
    }
    const file = entry.bin ? binOf(pkg, entry.bin) : entry.subpath;
    if (!file)
      throw new UserError(
        `${entry.name}@${pkg.version ?? '?'} has no "${entry.bin}" bin, which the start command runs (${app.start.reason})`,
        'set "start" in ship.config.json to the node command to run',
      );
    const path = normalisePath(`${place}/${file}`);
    if (await stat(join(installDir, path)).catch(() => undefined)) return path;
    throw new UserError(
      `${path}: not in ${entry.name}@${pkg.version ?? '?'} as installed, but the start command runs it (${app.start.reason})`,
      'check the path in the start command',
    );
  }
  const inDev = Boolean(
    (app.packageJson.devDependencies as Record<string, string> | undefined)?.[entry.name],
  );
  throw new UserError(
    `${join(app.dir, 'package.json')}: the start command needs ${entry.name} (${app.start.reason}), ${inDev ? 'which is in devDependencies: the image has production dependencies only' : 'which is not a dependency of the app'}`,
    `move ${entry.name} to "dependencies" (npm install ${entry.name} --save-prod), then ship build again`,
  );
}

/** The path in the container of a file relative to the install root, e.g. /app/node_modules/x/cli.js */
export const inImage = (appRoot: string, path: string) => posix.join('/', appRoot, path);
