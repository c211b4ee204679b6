// A private dependency behind a token: the app's .npmrc names a registry on loopback and a token
// for it. The install step (real `npm ci`) must use it; the token must be in neither the install
// cache, nor the app's layer files, nor the cache key. The registry is a small HTTP server that
// serves one tarball made here and refuses requests without the token (401), as a private one does.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeApp } from '../../src/app/node-app.js';
import {
  installProductionDependencies,
  readDependencyFiles,
  stageInstall,
  withoutSecrets,
} from '../../src/app/production-dependencies.js';
import { appFilesFor } from '../../src/build/app-layers.js';
import { writeTar } from '../../src/image/layer-tar.js';

const TOKEN = 'npm_s3cretTokenNeverInAnImage';
const amd64 = { os: 'linux', architecture: 'amd64' } as const;
let dir: string;
let server: Server;
let port: number;
const seen: string[] = [];
let tarball: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-npmrc-'));
  // A cache of this test's own (this file runs in a worker of its own): nothing from a run before.
  process.env.npm_config_cache = join(dir, 'npm-cache');
  const file = (path: string, text: string) => ({
    path,
    type: 'file' as const,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: 0,
    content: Buffer.from(text),
  });
  tarball = gzipSync(
    await writeTar([
      file('package/package.json', '{"name":"@ship-test/private-dep","version":"1.0.0","main":"index.js"}'),
      // New bytes each run: npm's cache, found by integrity, must never answer for the registry.
      file('package/index.js', `module.exports = "private ${randomBytes(8).toString('hex')}";\n`),
    ]),
  );
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '(no auth)'}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end('{"error":"authentication required"}');
      return;
    }
    if (req.url?.endsWith('/private-dep-1.0.0.tgz')) res.writeHead(200).end(tarball);
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function writeApp(appDir: string, npmrc: string) {
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  await mkdir(appDir, { recursive: true });
  const pkg = {
    name: 'private-app',
    version: '1.0.0',
    scripts: { start: 'node server.js' },
    dependencies: { '@ship-test/private-dep': '1.0.0' },
  };
  await writeFile(join(appDir, 'package.json'), JSON.stringify(pkg));
  await writeFile(
    join(appDir, 'package-lock.json'),
    JSON.stringify({
      name: 'private-app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'private-app', version: '1.0.0', dependencies: pkg.dependencies },
        'node_modules/@ship-test/private-dep': {
          version: '1.0.0',
          // As npm writes it for the public registry; npm sends it to the .npmrc registry instead.
          resolved: 'https://registry.npmjs.org/@ship-test/private-dep/-/private-dep-1.0.0.tgz',
          integrity,
        },
      },
    }),
  );
  await writeFile(join(appDir, 'server.js'), 'require("@ship-test/private-dep");\n');
  await writeFile(join(appDir, '.npmrc'), npmrc);
}

async function filesUnder(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('.npmrc: used by the install step, never in the cache or the image', () => {
  it('installs a private package with the token, and leaves the token nowhere', async () => {
    const appDir = join(dir, 'app');
    const npmrc = `registry=http://127.0.0.1:${port}/\n//127.0.0.1:${port}/:_authToken=${TOKEN}\n`;
    await writeApp(appDir, npmrc);
    const app = await readNodeApp(appDir);
    const cacheDir = join(dir, 'cache');
    const install = await installProductionDependencies(app, amd64, cacheDir);

    expect(seen).toContain(`GET /@ship-test/private-dep/-/private-dep-1.0.0.tgz Bearer ${TOKEN}`);
    expect(
      await readFile(join(install.dir, 'node_modules/@ship-test/private-dep/index.js'), 'utf8'),
    ).toContain('private');
    // Nothing under the cache holds the token or an .npmrc.
    for (const file of await filesUnder(cacheDir)) {
      expect(file).not.toMatch(/\.npmrc$/);
      expect((await readFile(file)).includes(TOKEN), file).toBe(false);
    }
    // Nor do the layers' files: the dependencies and the app's own (which has .npmrc beside it).
    const deps = await readDependencyFiles(install.dir, 'app');
    const appFiles = await appFilesFor(app, 'app', []);
    for (const file of [...deps.files, ...appFiles.files]) {
      expect(file.path).not.toMatch(/\.npmrc$/);
      if (file.kind === 'file') expect(Buffer.from(file.content).includes(TOKEN), file.path).toBe(false);
    }
    expect(appFiles.files.map((f) => f.path)).toContain('app/server.js');
  }, 120_000);

  it('without the token the install fails, naming the tool and the lockfile', async () => {
    const appDir = join(dir, 'no-token');
    await writeApp(appDir, `registry=http://127.0.0.1:${port}/\n`);
    // Fresh caches: the first test's install (same key: the token is not in it) and npm's tarball.
    process.env.npm_config_cache = join(dir, 'npm-cache-2');
    await expect(
      installProductionDependencies(await readNodeApp(appDir), amd64, join(dir, 'cache-2')),
    ).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('npm ci --omit=dev') });
  }, 120_000);

  it('the cache key follows the registry, not the token (which it never reveals)', async () => {
    const key = async (npmrc: string, name: string) => {
      await writeApp(join(dir, name), npmrc);
      return (await stageInstall(await readNodeApp(join(dir, name)), amd64)).key;
    };
    const a = await key(`registry=http://127.0.0.1:${port}/\n//127.0.0.1:${port}/:_authToken=one\n`, 'k1');
    const b = await key(`registry=http://127.0.0.1:${port}/\n//127.0.0.1:${port}/:_authToken=two\n`, 'k2');
    const c = await key(`registry=http://127.0.0.1:1/\n//127.0.0.1:${port}/:_authToken=one\n`, 'k3');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(withoutSecrets('//r/:_authToken=abc\n_auth = xyz\nregistry=https://r/\nemail=a@b\n')).toBe(
      '//r/:_authToken=\n_auth =\nregistry=https://r/\nemail=\n',
    );
  });
});
