import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppFiles } from '../../src/app/app-files.js';
import { matchesWorkspace, readNodeApp } from '../../src/app/node-app.js';
import { readDependencyFiles, stageInstall } from '../../src/app/production-dependencies.js';
import { webUrlOfRemote } from '../../src/app/source-state.js';

let dir: string;
const write = async (path: string, text: string) => {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-app-'));
  // A workspace: root lockfile, packages/web is the app.
  await write('ws/package.json', JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
  await write('ws/package-lock.json', '{"lockfileVersion":3}');
  await write(
    'ws/packages/web/package.json',
    JSON.stringify({
      name: 'web',
      version: '1.2.3',
      files: ['dist'],
      scripts: { start: 'node --enable-source-maps dist/server.js', build: 'tsc' },
    }),
  );
  await write('ws/packages/web/dist/server.js', 'console.log(1)');
  await write('ws/packages/web/src/server.ts', 'console.log(1)');
  await write(
    'ws/packages/other/package.json',
    JSON.stringify({ name: 'other', dependencies: { a: '1' }, scripts: { test: 'x' } }),
  );
  // A standalone app without its build output.
  await write(
    'solo/package.json',
    JSON.stringify({ name: 'solo', scripts: { start: 'node dist/main.js', build: 'tsc' } }),
  );
  await write('solo/package-lock.json', '{}');
  // node_modules as npm ci leaves it.
  await write('install/node_modules/a/package.json', '{"name":"a"}');
  await write('install/node_modules/a/index.js', '');
  await write('install/node_modules/@s/b/package.json', '{"name":"@s/b"}');
  await write('install/node_modules/a/node_modules/c/package.json', '{"name":"c"}');
  await write('install/node_modules/addon/binding.gyp', '{}');
  await write('install/node_modules/addon/package.json', '{"name":"addon"}');
  await write('install/node_modules/.package-lock.json', '{}');
  await mkdir(join(dir, 'install/node_modules/.bin'), { recursive: true });
  await symlink('../a/index.js', join(dir, 'install/node_modules/.bin/a'));
  await symlink('../packages/web', join(dir, 'install/node_modules/web'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('matchesWorkspace', () => {
  it.each([
    ['packages/*', 'packages/dashboard', true],
    ['packages/*', 'packages/a/b', false],
    ['apps/**', 'apps/a/b', true],
    ['packages/dashboard', 'packages/dashboard', true],
    ['packages/*/', 'packages/x', true],
  ])('%s ~ %s = %s', (pattern, path, result) => expect(matchesWorkspace(pattern, path)).toBe(result));
});

describe('webUrlOfRemote', () => {
  it.each([
    ['git@github.com:owner/repo.git', 'https://github.com/owner/repo'],
    ['https://user:token@github.com/owner/repo.git\n', 'https://github.com/owner/repo'],
    ['ssh://git@host/owner/repo', 'https://host/owner/repo'],
    ['/srv/git/repo', undefined],
  ])('%s → %s', (remote, url) => expect(webUrlOfRemote(remote)).toBe(url));
});

describe('readNodeApp', () => {
  it('finds the workspace root lockfile for a workspace package', async () => {
    const app = await readNodeApp(join(dir, 'ws/packages/web'));
    expect(app).toMatchObject({
      name: 'web',
      version: '1.2.3',
      root: join(dir, 'ws'),
      workspaceDir: 'packages/web',
      start: { nodeOptions: ['--enable-source-maps'], entry: { kind: 'app', file: 'dist/server.js' } },
      entryFile: 'dist/server.js',
    });
  });

  it('lists the files npm would publish, under the image prefix', async () => {
    const app = await readNodeApp(join(dir, 'ws/packages/web'));
    const files = await readAppFiles(app, 'app/packages/web');
    expect(files.map((f) => f.path).sort()).toEqual([
      'app/packages/web/dist/server.js',
      'app/packages/web/package.json',
    ]);
  });

  it('says the app is not built when the start file does not exist, naming what node would try', async () => {
    await expect(readNodeApp(join(dir, 'solo'))).rejects.toMatchObject({
      message: expect.stringContaining(
        'runs dist/main.js, which does not exist here (node would try dist/main.js, dist/main.js.js',
      ),
      hint: 'build the app first (npm run build), then run ship build again',
    });
  });

  it.each([
    ['missing', 'no package.json'],
    ['install', 'no package.json'],
  ])('refuses %s with a clear message', async (sub, message) => {
    await expect(readNodeApp(join(dir, sub))).rejects.toThrow(message);
  });

  it('stages only what decides the install, for every workspace, keyed by content', async () => {
    const app = await readNodeApp(join(dir, 'ws/packages/web'));
    const amd = await stageInstall(app, { os: 'linux', architecture: 'amd64' });
    const arm = await stageInstall(app, { os: 'linux', architecture: 'arm64' });
    expect([...amd.files.keys()].sort()).toEqual([
      'package-lock.json',
      'package.json',
      'packages/other/package.json',
      'packages/web/package.json',
    ]);
    expect(JSON.parse(amd.files.get('packages/other/package.json')!.toString())).toEqual({
      name: 'other',
      dependencies: { a: '1' },
    });
    expect(amd.key).not.toBe(arm.key);
    expect((await stageInstall(app, { os: 'linux', architecture: 'amd64' })).key).toBe(amd.key);
  });
});

describe('readDependencyFiles', () => {
  it('keeps packages and links inside node_modules, drops workspace links not asked for and npm bookkeeping, finds native addons', async () => {
    const deps = await readDependencyFiles(join(dir, 'install'), 'app');
    const paths = deps.files.map((f) => f.path);
    expect(paths).toContain('app/node_modules/.bin/a');
    expect(paths).toContain('app/node_modules/a/node_modules/c/package.json');
    expect(paths).not.toContain('app/node_modules/web');
    expect(paths).not.toContain('app/node_modules/.package-lock.json');
    expect(deps.files.find((f) => f.path === 'app/node_modules/.bin/a')).toEqual({
      kind: 'symlink',
      path: 'app/node_modules/.bin/a',
      target: '../a/index.js',
    });
    expect(deps.packages).toBe(4); // a, @s/b, a/node_modules/c, addon
    const kept = await readDependencyFiles(join(dir, 'install'), 'app', {
      keepLinksTo: new Set(['packages/web']),
    });
    expect(kept.files.find((f) => f.path === 'app/node_modules/web')).toEqual({
      kind: 'symlink',
      path: 'app/node_modules/web',
      target: '../packages/web',
    });
    expect(deps.nativeAddons).toEqual([
      { name: 'addon', dir: 'node_modules/addon', gyp: true, binaries: [], optional: false },
    ]);
  });

  it("keeps pnpm's link to a sibling from a member's own node_modules, resolved from the install root", async () => {
    const root = await mkdtemp(join(tmpdir(), 'ship-deps-pnpm-'));
    try {
      await mkdir(join(root, 'packages/api/node_modules/@mono'), { recursive: true });
      await symlink('../../../lib', join(root, 'packages/api/node_modules/@mono/lib'));
      const read = (keep: string[]) =>
        readDependencyFiles(join(root, 'packages/api'), 'app/packages/api', {
          keepLinksTo: new Set(keep),
          at: 'packages/api',
        });
      expect((await read(['packages/lib'])).files).toContainEqual({
        kind: 'symlink',
        path: 'app/packages/api/node_modules/@mono/lib',
        target: '../../../lib',
      });
      expect((await read([])).files.filter((f) => f.kind === 'symlink')).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('bounds memory: past the byte limit it stops before reading more, naming the limit and the largest packages', async () => {
    const big = await mkdtemp(join(tmpdir(), 'ship-deps-limit-'));
    try {
      await mkdir(join(big, 'node_modules/huge'), { recursive: true });
      await mkdir(join(big, 'node_modules/small'), { recursive: true });
      await writeFile(join(big, 'node_modules/huge/blob.bin'), Buffer.alloc(3 * 1024 * 1024));
      await writeFile(join(big, 'node_modules/small/index.js'), 'x');
      const read = readDependencyFiles(big, 'app', { maxBytes: 2 * 1024 * 1024 });
      await expect(read).rejects.toMatchObject({
        name: 'UserError',
        message: expect.stringMatching(
          /more than 2 MiB of files, ship's limit for one layer \(largest so far: huge 3 MiB/,
        ),
        hint: expect.stringContaining('devDependencies'),
      });
      const listed = await readDependencyFiles(big, 'app', { withContent: false });
      expect(listed.bytes).toBe(3 * 1024 * 1024 + 1);
      expect(listed.files.every((f) => f.kind !== 'file' || f.content.length === 0)).toBe(true);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });
});
