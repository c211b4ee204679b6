// The files of the app, as the app needs them to run (not as `npm pack` would publish them):
//
//   1. what npm would publish (npm-packlist: `files`, .npmignore or .gitignore, always-included files);
//   2. without `files`, the build output the start command runs from (the top directory of the
//      entry file: dist/, build/, …) and what the framework command needs (.next, build, public),
//      even when .gitignore leaves them out: build output is usually git-ignored;
//   3. minus what `.shipignore` (gitignore syntax) excludes.
//
// `files` and `.shipignore` narrow; nothing widens them silently. Each "not in the image" error
// names the rule that left the file out. Next standalone and Nitro outputs are self-contained and
// laid out by `readBundledApp`. Bundled dependencies need npm's full tree: those apps go through
// `npm pack --dry-run` (slower: a second npm process).
import { execFile } from 'node:child_process';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import ignore, { type Ignore } from 'ignore';
import packlist from 'npm-packlist';
import { UserError } from '../errors.js';
import type { LayerFile } from '../image/layer-layout.js';
import type { NodeApp, PackageJson } from './node-app.js';

const run = promisify(execFile);

/** Never copied from a build output directory: caches and installs of the developer's machine. */
const NEVER = new Set(['node_modules', '.git', '.DS_Store']);
const NEVER_PATHS = new Set(['.next/cache']);

export async function listPackageFiles(dir: string, pkg: PackageJson): Promise<string[]> {
  if (pkg.bundleDependencies || pkg.bundledDependencies) return listWithNpmPack(dir);
  // The part of an Arborist node npm-packlist reads when nothing is bundled.
  const tree = { path: dir, package: pkg, isProjectRoot: true, edgesOut: new Map(), workspaces: undefined };
  return (await packlist(tree, { path: dir })).sort();
}

async function listWithNpmPack(dir: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspaces=false'],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_loglevel: 'error' } },
    ));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new UserError(
      `${dir}: \`npm pack --dry-run\` failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`,
      'check package.json "files"',
    );
  }
  const packed = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (packed[0]?.files ?? []).map((f) => f.path).sort();
}

/**
 * Every file (and symlink) under `rel` of `dir`, relative to `dir`; nothing if `rel` does not exist.
 * node_modules is skipped unless the output traced its own (Next standalone, Nitro).
 */
export async function walkFiles(dir: string, rel: string, withNodeModules = false): Promise<string[]> {
  const info = await lstat(join(dir, rel)).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [rel];
  const out: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const child = `${sub}/${entry.name}`;
      if (
        NEVER_PATHS.has(child) ||
        (NEVER.has(entry.name) && !(withNodeModules && entry.name === 'node_modules'))
      )
        continue;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(child);
    }
  };
  await walk(rel);
  return out;
}

async function readShipignore(dir: string): Promise<Ignore | undefined> {
  const text = await readFile(join(dir, '.shipignore'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : ignore().add(text);
}

/** The top directory of the entry file (`dist` for dist/main.js), if it is in one. */
function buildOutputOf(entryFile: string | undefined): string[] {
  const top = entryFile?.split('/');
  return top && top.length > 1 ? [top[0]!] : [];
}

/**
 * The app-relative paths going into the image for a package directory: npm's list, plus (when
 * package.json has no `files`) the build output and `needs`, minus .shipignore.
 */
export async function selectPackageFiles(
  dir: string,
  pkg: PackageJson,
  required: { entryFile?: string; needs?: readonly string[] } = {},
): Promise<string[]> {
  const selected = new Set(await listPackageFiles(dir, pkg));
  const narrowedByFiles = Array.isArray(pkg.files);
  const extra = [...(narrowedByFiles ? [] : buildOutputOf(required.entryFile)), ...(required.needs ?? [])];
  for (const rel of extra) for (const path of await walkFiles(dir, rel)) selected.add(path);
  const shipignore = await readShipignore(dir);
  const paths = [...selected].filter((path) => path !== '.shipignore' && !shipignore?.ignores(path)).sort();
  const entry = required.entryFile;
  if (entry && !paths.includes(entry)) {
    const packageFile = join(dir, 'package.json');
    if (shipignore?.ignores(entry))
      throw new UserError(
        `${join(dir, '.shipignore')}: excludes ${entry}, the file the start command runs`,
        `remove the line that matches ${entry} from .shipignore`,
      );
    throw new UserError(
      `${packageFile}: "files" leaves out ${entry}, the file the start command runs`,
      `add "${entry.split('/')[0]}" to "files" in package.json (or remove "files": ship then takes the build output)`,
    );
  }
  return paths;
}

async function toLayerFile(dir: string, rel: string, imagePath: string): Promise<LayerFile> {
  const full = join(dir, rel);
  const info = await lstat(full);
  if (info.isSymbolicLink()) return { kind: 'symlink', path: imagePath, target: await readlink(full) };
  return {
    kind: 'file',
    path: imagePath,
    content: await readFile(full),
    executable: (info.mode & 0o111) !== 0,
  };
}

/** The app's files as layer files under `prefix` (e.g. `app/packages/api`). */
export async function readAppFiles(app: NodeApp, prefix: string): Promise<LayerFile[]> {
  const paths = await selectPackageFiles(app.dir, app.packageJson, {
    ...(app.entryFile ? { entryFile: app.entryFile } : {}),
    needs: app.start.needs,
  });
  return Promise.all(paths.map((path) => toLayerFile(app.dir, path, `${prefix}/${path}`)));
}

export interface BundledApp {
  files: LayerFile[];
  /** Directory of the server inside the image prefix ('' unless a monorepo's standalone output). */
  serverDir: string;
  /** The file node runs, relative to `serverDir`. */
  entry: string;
}

/**
 * Self-contained build outputs, laid out the way their servers expect:
 * Next standalone: `.next/standalone/*` at the root, `.next/static` and `public` beside server.js;
 * Nitro: `.output/` as built (its server carries its own node_modules).
 */
export async function readBundledApp(app: NodeApp, prefix: string): Promise<BundledApp> {
  if (app.start.shape === 'nitro') {
    const paths = await walkFiles(app.dir, '.output', true);
    const files = await Promise.all(paths.map((p) => toLayerFile(app.dir, p, `${prefix}/${p}`)));
    return { files, serverDir: '', entry: '.output/server/index.mjs' };
  }
  const standalone = '.next/standalone';
  const server = app.entryFile ?? `${standalone}/server.js`;
  const serverDir = posix.dirname(server.slice(standalone.length + 1));
  const under = serverDir === '.' ? '' : serverDir;
  const moves: [from: string, to: string][] = [
    [standalone, ''],
    ['.next/static', posix.join(under, '.next/static')],
    ['public', posix.join(under, 'public')],
  ];
  const files: LayerFile[] = [];
  for (const [from, to] of moves) {
    for (const path of await walkFiles(app.dir, from, true)) {
      const inImage = posix.join(prefix, to, path.slice(from.length + 1));
      files.push(await toLayerFile(app.dir, path, inImage));
    }
  }
  const staticDir = `${posix.join(prefix, under, '.next/static')}/`;
  if (!files.some((f) => f.path.startsWith(staticDir)))
    throw new UserError(
      `${join(app.dir, '.next/static')}: missing: the standalone server would answer every page without its scripts and styles`,
      'run `next build` again (it writes .next/static beside .next/standalone)',
    );
  return { files, serverDir: under, entry: 'server.js' };
}
