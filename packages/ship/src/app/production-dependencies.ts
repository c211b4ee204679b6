// Production node_modules exactly as the lockfile pins them: package.json + lockfile are staged in
// a cache directory keyed by their hash (and the platform and tool), the lockfile's own tool
// (`npm ci --omit=dev`, pnpm or yarn with a frozen lockfile, see package-managers.ts) runs there
// once, and later builds reuse it. Install scripts never run (supply-chain safety). The project's
// .npmrc (and yarn 1's .yarnrc) is copied into that install step for private registries and
// tokens, then deleted: it is never in the cache or the image.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import type { LayerFile } from '../image/layer-layout.js';
import { formatPlatform, type Platform, platformOfNode } from '../image/platform.js';
import type { NativePackage } from './native-addons.js';
import { matchesWorkspace, type NodeApp, type PackageJson, workspacePatternsAt } from './node-app.js';
import { installCommand, type Lockfile, type LockfileKind } from './package-managers.js';

const run = promisify(execFile);

/** The package.json fields that decide what `npm ci` installs; the rest (scripts…) do not. */
const INSTALL_FIELDS = [
  'name',
  'version',
  // yarn 1 enables workspaces only in a private root.
  'private',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'bundledDependencies',
  'overrides',
  'workspaces',
  // pnpm's and yarn's own fields that change what their frozen install accepts.
  'pnpm',
  'resolutions',
  'packageManager',
];

function installFields(pkg: PackageJson): Record<string, unknown> {
  return Object.fromEntries(INSTALL_FIELDS.filter((f) => pkg[f] !== undefined).map((f) => [f, pkg[f]]));
}

export async function workspaceDirs(
  root: string,
  rootPkg: PackageJson,
  kind: LockfileKind = 'npm',
): Promise<string[]> {
  const patterns = await workspacePatternsAt(root, rootPkg, kind);
  if (patterns.length === 0) return [];
  const found: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 4) return;
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (patterns.some((p) => matchesWorkspace(p, child))) {
        try {
          await stat(join(root, child, 'package.json'));
          found.push(child);
        } catch {}
      }
      await walk(child, depth + 1);
    }
  };
  await walk('', 0);
  return found.sort();
}

export interface StagedInstall {
  /** What goes into the staging dir: relative path → file bytes. */
  files: Map<string, Buffer>;
  /** The package manager's config files among them (.npmrc, .yarnrc): deleted after the install. */
  config: string[];
  key: string;
}

/**
 * The project's package manager config, read by the install (registry, scopes, auth tokens for
 * private packages): .npmrc for npm and pnpm, and .yarnrc as well for yarn 1. Never in the image.
 */
const CONFIG_FILES: Record<LockfileKind, string[]> = {
  npm: ['.npmrc'],
  pnpm: ['.npmrc'],
  yarn: ['.npmrc', '.yarnrc'],
};

/** Keys whose values are credentials: kept out of the cache key, so a key reveals nothing of them. */
const SECRET_SETTING =
  /^(\s*[^=#;]*?(?:_authToken|_auth|_password|username|email|certfile|keyfile|cert|key)\s*=).*$/gm;

export const withoutSecrets = (config: string) => config.replace(SECRET_SETTING, '$1');

export async function stageInstall(app: NodeApp, platform: Platform): Promise<StagedInstall> {
  const lock = lockfileOf(app);
  const files = new Map<string, Buffer>();
  files.set(lock.name, await readFile(join(app.root, lock.name)));
  files.set('package.json', Buffer.from(JSON.stringify(installFields(app.rootPackageJson))));
  if (lock.kind === 'pnpm') {
    const workspace = await readFile(join(app.root, 'pnpm-workspace.yaml')).catch(() => undefined);
    if (workspace) files.set('pnpm-workspace.yaml', workspace);
  }
  const config: string[] = [];
  for (const name of CONFIG_FILES[lock.kind]) {
    const bytes = await readFile(join(app.root, name)).catch(() => undefined);
    if (bytes) {
      files.set(name, bytes);
      config.push(name);
    }
  }
  if (app.workspaceDir) {
    for (const dir of await workspaceDirs(app.root, app.rootPackageJson, lock.kind)) {
      const pkg = JSON.parse(await readFile(join(app.root, dir, 'package.json'), 'utf8')) as PackageJson;
      files.set(`${dir}/package.json`, Buffer.from(JSON.stringify(installFields(pkg))));
    }
  }
  const hash = createHash('sha256');
  hash.update(
    `ship-node-modules-v3 ${lock.tool} ${formatPlatform(platform)} ${app.workspaceDir ? app.name : ''}\n`,
  );
  for (const [path, raw] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = config.includes(path) ? Buffer.from(withoutSecrets(raw.toString('utf8'))) : raw;
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  }
  return { files, config, key: hash.digest('hex').slice(0, 32) };
}

function lockfileOf(app: NodeApp): Lockfile {
  if (!app.lockfile)
    throw new Error(`${app.dir}: no lockfile to install from (a self-contained build output)`);
  return app.lockfile;
}

export interface InstalledDependencies {
  /** Directory whose node_modules holds the production dependencies. */
  dir: string;
  key: string;
  cached: boolean;
}

export async function installProductionDependencies(
  app: NodeApp,
  platform: Platform,
  cacheDir: string,
): Promise<InstalledDependencies> {
  const staged = await stageInstall(app, platform);
  const dir = join(cacheDir, 'node-modules', staged.key);
  try {
    await stat(join(dir, '.ship-complete'));
    return { dir, key: staged.key, cached: true };
  } catch {}
  const temp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(temp, { recursive: true });
  try {
    for (const [path, bytes] of staged.files) {
      await mkdir(dirname(join(temp, path)), { recursive: true });
      await writeFile(join(temp, path), bytes, { mode: staged.config.includes(path) ? 0o600 : 0o644 });
    }
    const host = platformOfNode(process.arch);
    const lock = lockfileOf(app);
    const install = installCommand(lock, {
      ...(app.workspaceDir ? { workspace: app.name } : {}),
      ...(!host || host.architecture !== platform.architecture
        ? { cpu: platform.architecture === 'amd64' ? ('x64' as const) : ('arm64' as const) }
        : {}),
    });
    try {
      await run(install.command, install.args, {
        cwd: temp,
        maxBuffer: 64 * 1024 * 1024,
        // yarn 1 would leave a v8-compile-cache directory in TMPDIR.
        env: { ...process.env, npm_config_update_notifier: 'false', DISABLE_V8_COMPILE_CACHE: '1' },
      });
    } catch (error) {
      const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
      const output = `${stdout}\n${stderr}`.trim() || String(error);
      throw new UserError(
        `${install.shown} for ${app.name} failed: ${output.split('\n').slice(-4).join(' | ')}`,
        `check that ${lock.name} is in sync with package.json (run \`${lock.kind} install\`) and that the npm registry is reachable`,
      );
    }
    // Credentials do not stay in the cache (and never reach a layer: only node_modules is read).
    for (const name of staged.config) await rm(join(temp, name), { force: true });
    await writeFile(join(temp, '.ship-complete'), '');
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { dir, key: staged.key, cached: false };
}

export interface DependencyFiles {
  files: LayerFile[];
  packages: number;
  /** Bytes of file content read, with `bytesBefore`. */
  bytes: number;
  /** Packages with compiled code (binding.gyp or .node files). */
  nativeAddons: NativePackage[];
}

/**
 * The most file content one node_modules layer may hold. Layers are made in memory (tar, then
 * gzip), so this bounds ship's memory whatever the app depends on: about 3× this at the peak.
 */
export const MAX_DEPENDENCY_BYTES = 1024 * 1024 * 1024;
const EMPTY = new Uint8Array(0);
const MiB = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;

export interface DependencyReadOptions {
  /** Workspace directories whose npm links are kept (their files go in with the app). */
  keepLinksTo?: ReadonlySet<string>;
  /** Where this node_modules sits in the install (e.g. `packages/api`); default the root. */
  at?: string;
  /** false: list the files without reading them (to look for native addons). */
  withContent?: boolean;
  maxBytes?: number;
  /** Bytes already taken by other node_modules of the same layer. */
  bytesBefore?: number;
}

/** `a/node_modules/b/x.js` → `a`; `@s/a/x.js` → `@s/a`: the top-level package a file belongs to. */
function topPackage(rel: string): string {
  const parts = rel.split('/');
  return parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? rel);
}

function tooLarge(installDir: string, limit: number, bytesByPackage: Map<string, number>): UserError {
  const largest = [...bytesByPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, size]) => `${name} ${MiB(size)}`)
    .join(', ');
  return new UserError(
    `${join(installDir, 'node_modules')}: the production dependencies hold more than ${MiB(limit)} of files, ship's limit for one layer (largest so far: ${largest})`,
    "move build-time packages to devDependencies (ship installs with --omit=dev); for Next.js set output: 'standalone' so that only the traced files go in",
  );
}

/**
 * node_modules as layer files under `prefix` (e.g. `app`). Links out of node_modules are npm's
 * workspace links: kept for the workspace directories in `keepLinksTo` (e.g. `packages/lib`, whose
 * files go in with the app), left out otherwise.
 */
export async function readDependencyFiles(
  installDir: string,
  prefix: string,
  options: DependencyReadOptions = {},
): Promise<DependencyFiles> {
  const keepLinksTo = options.keepLinksTo ?? new Set<string>();
  const limit = options.maxBytes ?? MAX_DEPENDENCY_BYTES;
  const files: LayerFile[] = [];
  const native = new Map<string, NativePackage>();
  const bytesByPackage = new Map<string, number>();
  let packages = 0;
  let bytes = options.bytesBefore ?? 0;
  const root = join(installDir, 'node_modules');
  const optional = await optionalPackages(root);
  const nativeOf = (rel: string): NativePackage => {
    const parts = rel.split('/');
    const start = parts.lastIndexOf('node_modules') + 1;
    const end = parts[start]?.startsWith('@') ? start + 2 : start + 1;
    const dir = parts.slice(0, end).join('/');
    let found = native.get(dir);
    if (!found) {
      found = {
        name: parts.slice(start, end).join('/'),
        dir,
        gyp: false,
        binaries: [],
        optional: optional.has(dir),
      };
      native.set(dir, found);
    }
    return found;
  };
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = join(root, child);
      if (!rel && entry.name === '.package-lock.json') continue;
      if (entry.isSymbolicLink()) {
        const target = await readlink(full);
        // Relative to the install root: pnpm links a member's sibling from <member>/node_modules.
        const at = options.at ? `${options.at}/` : '';
        const resolved = posix.normalize(posix.join(posix.dirname(`${at}node_modules/${child}`), target));
        const inside = resolved.startsWith('node_modules/') || resolved.startsWith(`${at}node_modules/`);
        if (!inside && !keepLinksTo.has(resolved)) continue;
        files.push({ kind: 'symlink', path: `${prefix}/node_modules/${child}`, target });
      } else if (entry.isDirectory()) {
        files.push({ kind: 'dir', path: `${prefix}/node_modules/${child}` });
        if (isPackageDir(`node_modules/${child}`)) packages++;
        await walk(child);
      } else if (entry.isFile()) {
        const inPackage = `node_modules/${child}`;
        if (entry.name === 'binding.gyp') nativeOf(inPackage).gyp = true;
        if (entry.name.endsWith('.node')) {
          const addon = nativeOf(inPackage);
          addon.binaries.push(inPackage.slice(addon.dir.length + 1));
        }
        const info = await lstat(full);
        const top = topPackage(child);
        bytesByPackage.set(top, (bytesByPackage.get(top) ?? 0) + info.size);
        bytes += info.size;
        if (bytes > limit) throw tooLarge(installDir, limit, bytesByPackage);
        files.push({
          kind: 'file',
          path: `${prefix}/node_modules/${child}`,
          content: options.withContent === false ? EMPTY : await readFile(full),
          executable: (info.mode & 0o111) !== 0,
        });
      }
    }
  };
  await walk('');
  return {
    files,
    packages,
    bytes,
    nativeAddons: [...native.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1)),
  };
}

/** Package directories npm marked optional (reached only through optionalDependencies). */
async function optionalPackages(nodeModules: string): Promise<Set<string>> {
  try {
    const lock = JSON.parse(await readFile(join(nodeModules, '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, { optional?: boolean }>;
    };
    return new Set(
      Object.entries(lock.packages ?? {})
        .filter(([, entry]) => entry.optional)
        .map(([path]) => path),
    );
  } catch {
    return new Set();
  }
}

/** `node_modules/x`, `node_modules/@s/x`, `node_modules/a/node_modules/x`: a package's own directory. */
function isPackageDir(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (name.startsWith('.') || name.startsWith('@')) return false;
  return (
    parts.at(-2) === 'node_modules' ||
    (parts.at(-2)?.startsWith('@') === true && parts.at(-3) === 'node_modules')
  );
}
