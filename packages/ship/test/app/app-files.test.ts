// Which files go into the image, and the reasons given when the start file would not: a
// NestJS-shaped app whose dist/ is git-ignored, `files` and .shipignore narrowing, node's
// resolution of `node dist/main`, Next standalone and Nitro layouts, workspace siblings.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppFiles, readBundledApp } from '../../src/app/app-files.js';
import { resolveEntryFile } from '../../src/app/entry-file.js';
import { readNodeApp } from '../../src/app/node-app.js';
import { neededWorkspaces } from '../../src/app/workspace-packages.js';
import { appFilesFor, libraryEntry } from '../../src/build/app-layers.js';

let dir: string;
const write = async (path: string, text = '') => {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
};
const pkg = (value: object) => JSON.stringify(value);
const paths = (files: { path: string }[]) => files.map((f) => f.path).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-app-files-'));
  // NestJS starter: dist/ git-ignored, `node dist/main` without .js.
  await write(
    'nest/package.json',
    pkg({
      name: 'nest',
      scripts: { start: 'nest start', 'start:prod': 'node dist/main', build: 'nest build' },
    }),
  );
  await write('nest/package-lock.json', '{}');
  await write('nest/.gitignore', 'dist/\nnode_modules/\ncoverage/\n');
  await write('nest/src/main.ts', 'x');
  await write('nest/dist/main.js', 'x');
  await write('nest/dist/app.module.js', 'x');
  await write('nest/node_modules/x/index.js', 'x');
  // The same, narrowed by `files` that leave dist/main.js out, and by .shipignore.
  await write(
    'narrow/package.json',
    pkg({ name: 'narrow', files: ['lib'], scripts: { start: 'node dist/main.js' } }),
  );
  await write('narrow/package-lock.json', '{}');
  await write('narrow/lib/a.js', 'x');
  await write('narrow/dist/main.js', 'x');
  await write('shipignored/package.json', pkg({ name: 'si', scripts: { start: 'node dist/main.js' } }));
  await write('shipignored/package-lock.json', '{}');
  await write('shipignored/.gitignore', 'dist\n');
  await write('shipignored/.shipignore', '*.map\ndist/main.js\n');
  await write('shipignored/dist/main.js', 'x');
  await write('maps/package.json', pkg({ name: 'maps', scripts: { start: 'node dist/main.js' } }));
  await write('maps/package-lock.json', '{}');
  await write('maps/.gitignore', 'dist\n');
  await write('maps/.shipignore', '*.map\ntest/\n');
  await write('maps/dist/main.js', 'x');
  await write('maps/dist/main.js.map', 'x');
  await write('maps/test/a.test.js', 'x');
  // node's resolution: a directory with package.json main.
  await write('dirmain/package.json', pkg({ name: 'dm', scripts: { start: 'node server' } }));
  await write('dirmain/package-lock.json', '{}');
  await write('dirmain/server/package.json', pkg({ main: 'start.js' }));
  await write('dirmain/server/start.js', 'x');
  // Next standalone (output: 'standalone'), git-ignored .next.
  await write(
    'next/package.json',
    pkg({ name: 'web', scripts: { start: 'next start', build: 'next build' } }),
  );
  await write('next/.gitignore', '.next\n');
  await write('next/.next/standalone/server.js', 'x');
  await write('next/.next/standalone/package.json', '{}');
  await write('next/.next/standalone/node_modules/next/package.json', '{}');
  await write('next/.next/standalone/.next/server/app/page.js', 'x');
  await write('next/.next/static/chunks/main.js', 'x');
  await write('next/.next/cache/big', 'x');
  await write('next/public/favicon.ico', 'x');
  // A Yarn berry starter.
  await write('yarn/package.json', pkg({ name: 'y', scripts: { start: 'node app.js' } }));
  await write('yarn/app.js', 'x');
  await write('yarn/yarn.lock', '__metadata:\n  version: 8\n');
  // npm workspaces: @mono/api uses @mono/lib, whose dist is git-ignored; @mono/other is unused.
  await write('mono/package.json', pkg({ name: 'mono', workspaces: ['packages/*'] }));
  await write('mono/package-lock.json', '{}');
  await write('mono/.gitignore', 'dist\n');
  await write(
    'mono/packages/api/package.json',
    pkg({ name: '@mono/api', dependencies: { '@mono/lib': '*' }, scripts: { start: 'node dist/server.js' } }),
  );
  await write('mono/packages/api/dist/server.js', 'x');
  await write('mono/packages/lib/package.json', pkg({ name: '@mono/lib', main: './dist/index.js' }));
  await write('mono/packages/lib/dist/index.js', 'x');
  await write('mono/packages/lib/src/index.ts', 'x');
  await write('mono/packages/other/package.json', pkg({ name: '@mono/other' }));
  // A pnpm workspace: its members are listed in pnpm-workspace.yaml, not package.json.
  await write('pmono/package.json', pkg({ name: 'pmono', packageManager: 'pnpm@9.15.0' }));
  await write('pmono/pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  await write('pmono/pnpm-workspace.yaml', "packages:\n  - 'apps/*'\n");
  await write('pmono/apps/web/package.json', pkg({ name: 'web', scripts: { start: 'node server.js' } }));
  await write('pmono/apps/web/server.js', 'x');
  await write('pmono/tools/cli/package.json', pkg({ name: 'cli', scripts: { start: 'node cli.js' } }));
  await write('pmono/tools/cli/cli.js', 'x');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the app files', () => {
  it('include the git-ignored build output the start command runs (NestJS: node dist/main)', async () => {
    const app = await readNodeApp(join(dir, 'nest'));
    expect(app.entryFile).toBe('dist/main.js');
    expect(paths(await readAppFiles(app, 'app'))).toEqual([
      'app/dist/app.module.js',
      'app/dist/main.js',
      'app/package.json',
      'app/src/main.ts',
    ]);
  });

  it('"files" narrows: the error names "files" as the reason, not "build first"', async () => {
    const app = await readNodeApp(join(dir, 'narrow'));
    await expect(readAppFiles(app, 'app')).rejects.toMatchObject({
      message: expect.stringContaining('"files" leaves out dist/main.js, the file the start command runs'),
      hint: expect.stringContaining('add "dist" to "files"'),
    });
  });

  it('.shipignore narrows, and excluding the start file is named as the reason', async () => {
    const maps = await readNodeApp(join(dir, 'maps'));
    expect(paths(await readAppFiles(maps, 'app'))).toEqual(['app/dist/main.js', 'app/package.json']);
    const app = await readNodeApp(join(dir, 'shipignored'));
    await expect(readAppFiles(app, 'app')).rejects.toThrow('.shipignore: excludes dist/main.js');
  });

  it("resolves `node server` to the directory's package.json main", async () => {
    expect((await readNodeApp(join(dir, 'dirmain'))).entryFile).toBe('server/start.js');
  });

  it('lays out Next standalone: traced node_modules kept, .next/static and public beside server.js, no cache', async () => {
    const app = await readNodeApp(join(dir, 'next'));
    expect(app.start.shape).toBe('next-standalone');
    const bundled = await readBundledApp(app, 'app');
    expect(bundled.entry).toBe('server.js');
    expect(paths(bundled.files)).toEqual([
      'app/.next/server/app/page.js',
      'app/.next/static/chunks/main.js',
      'app/node_modules/next/package.json',
      'app/package.json',
      'app/public/favicon.ico',
      'app/server.js',
    ]);
  });

  it('refuses a Yarn berry lockfile naming it, rather than re-resolving versions', async () => {
    await expect(readNodeApp(join(dir, 'yarn'))).rejects.toMatchObject({
      message: expect.stringContaining('yarn.lock: a Yarn 2+ (berry) lockfile'),
    });
  });

  it('finds a pnpm workspace member through pnpm-workspace.yaml, with the pnpm version package.json names', async () => {
    const app = await readNodeApp(join(dir, 'pmono/apps/web'));
    expect(app).toMatchObject({
      root: join(dir, 'pmono'),
      workspaceDir: 'apps/web',
      lockfile: { kind: 'pnpm', name: 'pnpm-lock.yaml', tool: 'pnpm@9.15.0' },
    });
    await expect(readNodeApp(join(dir, 'pmono/tools/cli'))).rejects.toThrow('(pnpm-workspace.yaml)');
  });

  it('takes the sibling workspace packages the app uses, with their git-ignored build output', async () => {
    const app = await readNodeApp(join(dir, 'mono/packages/api'));
    const { files } = await appFilesFor(app, 'app', [
      { dir: 'packages/lib', packageJson: { name: '@mono/lib', main: './dist/index.js' } },
    ]);
    expect(paths(files)).toEqual([
      'app/packages/api/dist/server.js',
      'app/packages/api/package.json',
      'app/packages/lib/dist/index.js',
      'app/packages/lib/package.json',
      'app/packages/lib/src/index.ts',
      'ship/graceful-exit.cjs',
    ]);
  });
});

describe('neededWorkspaces', () => {
  const ws = (dir: string, name: string, dependencies: Record<string, string> = {}) => ({
    dir,
    packageJson: { name, dependencies },
  });
  it('follows production dependencies transitively, and nothing else', () => {
    const all = [
      ws('packages/api', '@m/api', { '@m/lib': '*', express: '4' }),
      ws('packages/lib', '@m/lib', { '@m/util': '*' }),
      ws('packages/util', '@m/util', { '@m/lib': '*' }),
      ws('packages/web', '@m/web'),
    ];
    expect(
      neededWorkspaces(
        { name: '@m/api', dependencies: { '@m/lib': '*' }, devDependencies: { '@m/web': '*' } },
        all,
      ).map((w) => w.dir),
    ).toEqual(['packages/lib', 'packages/util']);
  });
});

describe('resolveEntryFile: as node resolves the main file', () => {
  const files = new Set(['dist/main.js', 'bin/www', 'srv/index.js', 'lib/package.json', 'lib/x.js', 'a.mjs']);
  const lookup = {
    isFile: (p: string) => files.has(p),
    readMain: (d: string) => (d === 'lib' ? './x' : undefined),
  };
  it.each([
    ['dist/main', 'dist/main.js'],
    ['./dist/main.js', 'dist/main.js'],
    ['bin/www', 'bin/www'],
    ['srv', 'srv/index.js'],
    ['lib', 'lib/x.js'],
    ['a.mjs', 'a.mjs'],
    ['a', undefined], // node never adds .mjs
    ['dist/../dist/main', 'dist/main.js'],
  ])('%s → %s', (spec, file) => expect(resolveEntryFile(spec, lookup).file).toBe(file));
});

describe('libraryEntry', () => {
  it.each([
    [{ main: './dist/index.js' }, 'dist/index.js'],
    [{ exports: './dist/index.js' }, 'dist/index.js'],
    [{ exports: { '.': { import: './esm/index.js', require: './cjs/index.js' } } }, 'esm/index.js'],
    [{}, undefined],
  ])('%j → %s', (pkg, entry) => expect(libraryEntry(pkg)).toBe(entry));
});
