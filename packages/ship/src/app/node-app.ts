// Reading a Node app directory: its package.json, the lockfile that pins its dependencies (its
// own, or the workspace root's when it is a workspace package), and the command that starts it.
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { resolveEntryFile } from './entry-file.js';
import { LOCKFILE_NAMES, type Lockfile, type LockfileKind, lockfileTool } from './package-managers.js';
import { CONFIG_HINT, chooseStartCommand, type StartPlan } from './start-command.js';

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
  /** The lockfile that pins the dependencies (in `root`) and the tool that installs it; none for self-contained build outputs. */
  lockfile?: Lockfile;
  /** The command that starts the app, and why it was chosen. */
  start: StartPlan;
  /** The app file `start` runs as node resolves it (e.g. dist/main.js for `node dist/main`); none for a dependency's bin. */
  entryFile?: string;
}

export interface ReadAppOptions {
  /** ship.config.json `start`: wins over package.json scripts. */
  start?: string | readonly string[];
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

export async function readNodeApp(appDir: string, options: ReadAppOptions = {}): Promise<NodeApp> {
  const dir = resolve(appDir);
  const pkgFile = join(dir, 'package.json');
  const packageJson = await readJson(pkgFile);
  if (!packageJson) {
    throw new UserError(
      `${appDir}: no package.json — ship builds a Node app directory`,
      'pass the app directory, e.g. `ship build packages/api`',
    );
  }
  const name = packageJson.name ?? 'app';
  const isFile = (path: string) => statSync(join(dir, path), { throwIfNoEntry: false })?.isFile() === true;
  const nestCli = await readJson(join(dir, 'nest-cli.json'));
  const start = chooseStartCommand({
    scripts: packageJson.scripts ?? {},
    ...(packageJson.main ? { main: packageJson.main } : {}),
    ...(options.start !== undefined ? { configured: options.start } : {}),
    exists: (path) => statSync(join(dir, path), { throwIfNoEntry: false }) !== undefined,
    ...(typeof nestCli?.entryFile === 'string' ? { nestEntryFile: nestCli.entryFile } : {}),
    packageFile: pkgFile,
  });
  let entryFile: string | undefined;
  if (start.entry.kind === 'app') {
    const spec = start.entry.file;
    const found = resolveEntryFile(spec, {
      isFile,
      readMain: (sub) => {
        try {
          const main = (JSON.parse(readFileSync(join(dir, sub, 'package.json'), 'utf8')) as PackageJson).main;
          return typeof main === 'string' ? main : undefined;
        } catch {
          return undefined;
        }
      },
    });
    if (!found.file) {
      const buildScript = packageJson.scripts?.build;
      throw new UserError(
        `${pkgFile}: the start command (${start.reason.split(':')[0]}) runs ${spec}, which does not exist here (node would try ${found.tried.slice(0, 6).join(', ')})${buildScript ? ': the app is not built' : ''}`,
        buildScript ? 'build the app first (npm run build), then run ship build again' : CONFIG_HINT,
      );
    }
    entryFile = found.file;
  }

  const standalone = start.shape !== 'node';
  const app = (
    root: string,
    rootPackageJson: PackageJson,
    workspaceDir: string,
    lockfile?: Lockfile,
  ): NodeApp => ({
    dir,
    packageJson,
    name,
    ...(packageJson.version ? { version: packageJson.version } : {}),
    root,
    rootPackageJson,
    workspaceDir,
    ...(lockfile ? { lockfile } : {}),
    start,
    ...(entryFile ? { entryFile } : {}),
  });
  // Next standalone and Nitro outputs carry their own traced node_modules: no install.
  if (standalone) return app(dir, packageJson, '');
  // The nearest lockfile up from the app (its own, or its workspace root's) decides how to install.
  for (let up = dir; ; up = dirname(up)) {
    for (const [lockName, kind] of LOCKFILE_NAMES) {
      const path = join(up, lockName);
      if (!(await exists(path))) continue;
      const rootPkg = up === dir ? packageJson : ((await readJson(join(up, 'package.json'))) ?? {});
      const text = kind === 'pnpm' || kind === 'yarn' ? await readFile(path, 'utf8') : '';
      const lockfile = lockfileTool(lockName, kind, text, rootPkg.packageManager, path);
      if (up === dir) return app(dir, packageJson, '', lockfile);
      const rel = relative(up, dir).split(sep).join('/');
      if (
        !(await workspacePatternsAt(up, rootPkg, lockfile.kind)).some((pattern) =>
          matchesWorkspace(pattern, rel),
        )
      ) {
        throw new UserError(
          `${appDir}: no lockfile here, and the workspace of ${path} does not list it (${lockfile.kind === 'pnpm' ? 'pnpm-workspace.yaml' : 'package.json "workspaces"'})`,
          `add it to the workspace, or run \`${lockfile.kind} install\` in the app directory to create its own lockfile`,
        );
      }
      return app(up, rootPkg, rel, lockfile);
    }
    if (dirname(up) === up) break;
  }
  throw new UserError(
    `${appDir}: no lockfile (package-lock.json, pnpm-lock.yaml or yarn.lock) here or above`,
    'run `npm install` to create one: ship installs exactly what the lockfile pins',
  );
}

/** The workspace globs of a root: pnpm's from pnpm-workspace.yaml, npm's and yarn's from package.json. */
export async function workspacePatternsAt(
  root: string,
  rootPkg: PackageJson,
  kind: LockfileKind,
): Promise<string[]> {
  if (kind !== 'pnpm') return workspacePatterns(rootPkg);
  const text = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const parsed = parseYaml(text) as { packages?: unknown } | null;
  return Array.isArray(parsed?.packages)
    ? parsed.packages.filter((p): p is string => typeof p === 'string')
    : [];
}
