// The layers ship adds on top of the base, each a pure function of its inputs and cached in the
// content store by a key of those inputs: production node_modules (once per lockfile), the app
// (with the sibling workspace packages it uses and the graceful-exit preload), and data files.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readAppFiles, readBundledApp, selectPackageFiles } from '../app/app-files.js';
import { judgeNativeAddons, type NativePackage } from '../app/native-addons.js';
import type { NodeApp } from '../app/node-app.js';
import {
  type DependencyFiles,
  type InstalledDependencies,
  readDependencyFiles,
} from '../app/production-dependencies.js';
import type { WorkspacePackage } from '../app/workspace-packages.js';
import { UserError } from '../errors.js';
import { type Digest, sha256 } from '../image/digest.js';
import { type LayerFile, layoutLayer } from '../image/layer-layout.js';
import { GZIP_LEVEL, packLayer } from '../image/layer-tar.js';
import { formatPlatform, type Platform } from '../image/platform.js';
import type { ContentStore } from '../store/content-store.js';
import { GRACEFUL_EXIT_PATH, GRACEFUL_EXIT_SOURCE } from './graceful-exit.js';

export interface LayerRecord {
  digest: Digest;
  diffId: Digest;
  size: number;
  packages?: number;
  nativeAddons?: NativePackage[];
}

async function packToStore(store: ContentStore, files: LayerFile[], mtime: number): Promise<LayerRecord> {
  const layer = await packLayer(layoutLayer(files, mtime));
  await store.put(layer.blob);
  return { digest: layer.digest, diffId: layer.diffId, size: layer.size };
}

async function cachedLayer(
  store: ContentStore,
  key: string,
  make: () => Promise<LayerRecord>,
): Promise<LayerRecord> {
  const record = await store.readRecord<LayerRecord>('layers', key);
  if (record && (await store.has(record.digest))) return record;
  const made = await make();
  await store.writeRecord('layers', key, made);
  return made;
}

/** The node_modules of an install that go into the image, as layer files under `appRoot`. */
async function dependencyFiles(
  installDir: string,
  appRoot: string,
  appDir: string,
  workspaces: readonly WorkspacePackage[],
  withContent: boolean,
): Promise<DependencyFiles> {
  const links = new Set(workspaces.map((w) => w.dir));
  const files = await readDependencyFiles(installDir, appRoot, { keepLinksTo: links, withContent });
  // npm nests a workspace member's dependencies in <member>/node_modules when the root's
  // versions conflict with its own: those go in too, for the app and the siblings it uses.
  for (const dir of nestedDirs(appDir, workspaces)) {
    const more = await readDependencyFiles(join(installDir, dir), `${appRoot}/${dir}`, {
      keepLinksTo: links,
      at: dir,
      withContent,
      bytesBefore: files.bytes,
    });
    files.files.push(...more.files);
    files.packages += more.packages;
    files.bytes = more.bytes;
    files.nativeAddons.push(...more.nativeAddons.map((a) => ({ ...a, dir: `${dir}/${a.dir}` })));
  }
  return files;
}

const nestedDirs = (appDir: string, workspaces: readonly WorkspacePackage[]) =>
  [appDir, ...workspaces.map((w) => w.dir)].filter(Boolean);

/** The packages with compiled code in an install (nothing is read but directory listings). */
export async function findNativeAddons(
  installDir: string,
  appDir: string,
  workspaces: readonly WorkspacePackage[],
): Promise<NativePackage[]> {
  return (await dependencyFiles(installDir, 'app', appDir, workspaces, false)).nativeAddons;
}

/**
 * (1) production node_modules, keyed by the install (lockfile + package.jsons + platform, and the
 * Node the addons were compiled for). Refuses an install whose native addons have no binary for
 * the target (the image would crash on require).
 */
export async function dependencyLayer(
  store: ContentStore,
  install: InstalledDependencies,
  workspaces: readonly WorkspacePackage[],
  target: { platform: Platform; host: Platform | undefined; appRoot: string; mtime: number; appDir: string },
): Promise<{ record: LayerRecord; warnings: string[] }> {
  const key = sha256(
    `deps-v4 ${install.key} ${target.appRoot} ${target.mtime} ${GZIP_LEVEL} ${nestedDirs(target.appDir, workspaces).join(',')} ${target.host?.architecture}`,
  ).slice(7, 39);
  const record = await cachedLayer(store, key, async () => {
    const files = await dependencyFiles(install.dir, target.appRoot, target.appDir, workspaces, true);
    const made = await packToStore(store, files.files, target.mtime);
    return { ...made, packages: files.packages, nativeAddons: files.nativeAddons };
  });
  const verdict = judgeNativeAddons(record.nativeAddons ?? [], target.platform, target.host);
  if (verdict.broken.length) throw nativeAddonRefusal(verdict.broken, target.platform);
  return { record, warnings: verdict.warnings };
}

export function nativeAddonRefusal(broken: readonly string[], platform: Platform, why?: string): UserError {
  return new UserError(
    `native addons would crash on require in the ${formatPlatform(platform)} image:\n  ${broken.join('\n  ')}${why ? `\n  ship compiles such addons only on a machine like the image, and ${why}` : ''}`,
    `build on a ${formatPlatform(platform)} machine with the image's C library, use versions that ship prebuilt binaries for ${formatPlatform(platform)} inside their npm package (prebuilds/linux-…), or build this app's image with a Dockerfile that runs \`npm ci\` on the base image`,
  );
}

/** (2) the app: its files (or its self-contained build output), the sibling packages it uses, the preload. */
export async function appFilesFor(
  app: NodeApp,
  appRoot: string,
  workspaces: readonly WorkspacePackage[],
): Promise<{ files: LayerFile[]; serverDir: string; entry?: string }> {
  const preload: LayerFile = {
    kind: 'file',
    path: GRACEFUL_EXIT_PATH,
    content: Buffer.from(GRACEFUL_EXIT_SOURCE),
  };
  if (app.start.shape !== 'node') {
    const bundled = await readBundledApp(app, appRoot);
    return {
      files: withoutPackageManagerConfig([...bundled.files, preload]),
      serverDir: bundled.serverDir,
      entry: bundled.entry,
    };
  }
  const prefix = app.workspaceDir ? `${appRoot}/${app.workspaceDir}` : appRoot;
  const files = await readAppFiles(app, prefix);
  for (const workspace of workspaces) {
    const dir = join(app.root, workspace.dir);
    const main = libraryEntry(workspace.packageJson);
    const top = main?.split('/');
    const needs = !Array.isArray(workspace.packageJson.files) && top && top.length > 1 ? [top[0]!] : [];
    for (const path of await selectPackageFiles(dir, workspace.packageJson, { needs })) {
      const full = join(dir, path);
      files.push({
        kind: 'file',
        path: `${appRoot}/${workspace.dir}/${path}`,
        content: await readFile(full),
      });
    }
  }
  files.push(preload);
  return { files: withoutPackageManagerConfig(files), serverDir: app.workspaceDir };
}

/**
 * npm-packlist already leaves .npmrc out; build output taken whole (.next/standalone, .output)
 * could still carry one, with a registry token: never into a layer.
 */
const withoutPackageManagerConfig = (files: LayerFile[]) =>
  files.filter((file) => !/(^|\/)\.(npmrc|yarnrc(\.yml)?)$/.test(file.path));

/** The file a package's importers load: "main", else the first path in "exports" ("." entry). */
export function libraryEntry(pkg: { main?: string; exports?: unknown }): string | undefined {
  if (pkg.main) return pkg.main.replace(/^\.\//, '');
  const first = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of ['.', 'import', 'require', 'node', 'default', ...Object.keys(record)]) {
        const found = key in record ? first(record[key]) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };
  return first(pkg.exports)?.replace(/^\.\//, '');
}

export async function appLayer(store: ContentStore, files: LayerFile[], mtime: number): Promise<LayerRecord> {
  return packToStore(store, files, mtime);
}

/** (3) data files under `<appRoot>/data/<name>`. */
export async function dataLayer(
  store: ContentStore,
  dataFiles: readonly string[],
  appRoot: string,
  mtime: number,
): Promise<{ record: LayerRecord; paths: string[] }> {
  const files: LayerFile[] = [];
  for (const file of dataFiles) {
    let content: Buffer;
    try {
      content = await readFile(resolve(file));
    } catch (error) {
      throw new UserError(
        `data file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
        'give the path of a local data file',
      );
    }
    files.push({ kind: 'file', path: `${appRoot}/data/${basename(file)}`, content });
  }
  const key = sha256(
    `data ${mtime} ${GZIP_LEVEL} ${files.map((f) => `${f.path} ${f.kind === 'file' ? sha256(f.content) : ''}`).join(' ')}`,
  ).slice(7, 39);
  const record = await cachedLayer(store, key, () => packToStore(store, files, mtime));
  return { record, paths: files.map((f) => `/${f.path}`) };
}
