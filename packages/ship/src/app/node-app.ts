// Reading a Node app directory: its package.json, the lockfile that pins its dependencies (its
// own, or the workspace root's when it is a workspace package), and the command that starts it.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  scripts?: Record<string, string>;
  files?: string[];
  workspaces?: string[] | { packages?: string[] };
  repository?: string | { url?: string };
  [field: string]: unknown;
}

export interface NodeApp {
  /** Absolute path of the app directory. */
  dir: string;
  packageJson: PackageJson;
  name: string;
  version?: string;
  /** The directory holding the lockfile: the app itself, or the workspace root. */
  root: string;
  rootPackageJson: PackageJson;
  /** Path of the app inside the root ('' for a standalone app, e.g. 'packages/dashboard'). */
  workspaceDir: string;
  /** The start command without a shell, relative to the app directory, e.g. ['node', 'dist/cli.js']. */
  start: string[];
  /** The script file `start` runs, relative to the app directory. */
  entryFile: string;
}

async function readJson(file: string): Promise<PackageJson | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error) {
    throw new UserError(
      `${file}: not valid JSON (${(error as Error).message})`,
      'fix the file and run again',
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function workspacePatterns(pkg: PackageJson): string[] {
  const ws = pkg.workspaces;
  return Array.isArray(ws) ? ws : (ws?.packages ?? []);
}

/** npm's workspace globs as used in practice: `packages/*`, `apps/**`, or plain paths. */
export function matchesWorkspace(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

const SHELL_SYNTAX = /[;&|<>`$(){}*?'"\\]/;

/** `node [node options] file [args]` → argv; anything needing a shell is refused (signals must reach node). */
export function parseStartCommand(script: string, where: string): { argv: string[]; entryFile: string } {
  const argv = script.trim().split(/\s+/);
  if (argv[0] !== 'node' || SHELL_SYNTAX.test(script)) {
    throw new UserError(
      `${where}: "${script}" is not a plain \`node <file>\` command`,
      'ship runs node directly (no shell, no npm) so SIGTERM reaches the app; make the start script `node <file> [args]`',
    );
  }
  const entryFile = argv.slice(1).find((arg) => !arg.startsWith('-'));
  if (!entryFile)
    throw new UserError(
      `${where}: "${script}" names no script file for node`,
      'e.g. "start": "node dist/server.js"',
    );
  return { argv, entryFile: entryFile.replace(/^\.\//, '') };
}

export async function readNodeApp(appDir: string): Promise<NodeApp> {
  const dir = resolve(appDir);
  const pkgFile = join(dir, 'package.json');
  const packageJson = await readJson(pkgFile);
  if (!packageJson) {
    throw new UserError(
      `${appDir}: no package.json — ship builds a Node app directory`,
      'pass the app directory, e.g. `ship build packages/dashboard`',
    );
  }
  const name = packageJson.name ?? 'app';
  const startScript = packageJson.scripts?.start;
  let start: { argv: string[]; entryFile: string };
  if (startScript) start = parseStartCommand(startScript, `${pkgFile}: scripts.start`);
  else if (packageJson.main)
    start = { argv: ['node', packageJson.main], entryFile: packageJson.main.replace(/^\.\//, '') };
  else
    throw new UserError(`${pkgFile}: no scripts.start and no main`, 'add "start": "node <file>" to scripts');

  if (await exists(join(dir, 'package-lock.json'))) {
    return {
      dir,
      packageJson,
      name,
      ...(packageJson.version ? { version: packageJson.version } : {}),
      root: dir,
      rootPackageJson: packageJson,
      workspaceDir: '',
      start: start.argv,
      entryFile: start.entryFile,
    };
  }
  // A workspace package: its lockfile is the root's, whose `workspaces` name this directory.
  for (let up = dirname(dir); ; up = dirname(up)) {
    const rootPkg = await readJson(join(up, 'package.json'));
    if (rootPkg && (await exists(join(up, 'package-lock.json')))) {
      const rel = relative(up, dir).split(sep).join('/');
      if (!workspacePatterns(rootPkg).some((pattern) => matchesWorkspace(pattern, rel))) {
        throw new UserError(
          `${appDir}: no package-lock.json here, and ${join(up, 'package.json')} does not list it in workspaces`,
          'run `npm install` in the app directory to create its lockfile',
        );
      }
      return {
        dir,
        packageJson,
        name,
        ...(packageJson.version ? { version: packageJson.version } : {}),
        root: up,
        rootPackageJson: rootPkg,
        workspaceDir: rel,
        start: start.argv,
        entryFile: start.entryFile,
      };
    }
    if (dirname(up) === up) break;
  }
  throw new UserError(
    `${appDir}: no package-lock.json`,
    'run `npm install` to create one: ship installs exactly what the lockfile pins',
  );
}
