// The files of the built app, as npm would publish them: npm's own file lister (npm-packlist)
// applies `files`, .npmignore and npm's always-included files, so the image holds what the
// package means to ship. Bundled dependencies need npm's full tree: those apps go through
// `npm pack --dry-run` (slower: a second npm process).
import { execFile } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import packlist from 'npm-packlist';
import { UserError } from '../errors.js';
import type { LayerFile } from '../image/layer-layout.js';
import type { NodeApp } from './node-app.js';

const run = promisify(execFile);

export async function listPackageFiles(app: NodeApp): Promise<string[]> {
  const pkg = app.packageJson;
  if (pkg.bundleDependencies || pkg.bundledDependencies) return listWithNpmPack(app);
  // The part of an Arborist node npm-packlist reads when nothing is bundled.
  const tree = {
    path: app.dir,
    package: pkg,
    isProjectRoot: true,
    edgesOut: new Map(),
    workspaces: undefined,
  };
  const files = await packlist(tree, { path: app.dir });
  return files.sort();
}

async function listWithNpmPack(app: NodeApp): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspaces=false'],
      {
        cwd: app.dir,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_loglevel: 'error' },
      },
    ));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new UserError(
      `${app.dir}: \`npm pack --dry-run\` failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`,
      'check package.json "files"',
    );
  }
  const packed = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (packed[0]?.files ?? []).map((f) => f.path).sort();
}

/** The app's files as layer files under `prefix` (e.g. `app/packages/dashboard`). */
export async function readAppFiles(app: NodeApp, prefix: string): Promise<LayerFile[]> {
  const paths = await listPackageFiles(app);
  if (!paths.includes(app.entryFile)) {
    throw new UserError(
      `${join(app.dir, 'package.json')}: the start command runs ${app.entryFile}, which is not in the package (not built yet, or left out by "files")`,
      app.packageJson.scripts?.build
        ? `build the app first: npm run build${app.workspaceDir ? ` -w ${app.name}` : ''}`
        : 'add it to "files"',
    );
  }
  return Promise.all(
    paths.map(async (path): Promise<LayerFile> => {
      const full = join(app.dir, path);
      const info = await lstat(full);
      return {
        kind: 'file',
        path: `${prefix}/${path}`,
        content: await readFile(full),
        executable: (info.mode & 0o111) !== 0,
      };
    }),
  );
}
