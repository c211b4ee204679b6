// The app fixtures of test/apps, copied to a work directory and built the way their projects
// build (tsc for the TypeScript ones), then turned into images by ship's library: used by the
// app-shapes container test and the app-shapes benchmark.
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage } from '../../src/build/build-image.js';
import { publishImage } from '../../src/build/publish-image.js';
import { PODMAN, repoRoot } from './dashboard-copy.js';

const run = promisify(execFile);
export const fixturesDir = join(repoRoot, 'packages/ship/test/apps');

export interface AppShape {
  name: string;
  /** The app directory inside the fixture. */
  app: string;
  /** tsconfig files to compile first, relative to the fixture. */
  tsc: string[];
  /** What `/` answers with. */
  body: RegExp;
  /** The app handles SIGTERM itself (fastify-cli, pm2-runtime do), so ship's preload leaves the signal to it. */
  ownSignalHandler?: boolean;
}

export const APP_SHAPES: AppShape[] = [
  { name: 'express', app: '.', tsc: [], body: /express says hello/ },
  { name: 'fastify', app: '.', tsc: [], body: /"root":true/, ownSignalHandler: true },
  { name: 'ts-nest', app: '.', tsc: ['tsconfig.json'], body: /Hello World!/ },
  { name: 'yarn', app: '.', tsc: [], body: /yarn installed me/ },
  { name: 'pnpm', app: '.', tsc: [], body: /pnpm installed me/ },
  {
    name: 'mono',
    app: 'packages/api',
    tsc: ['packages/lib/tsconfig.json', 'packages/api/tsconfig.json'],
    body: /hello from @mono\/lib, api; lib ms 2\.1\.3; api ms 2\.0\.0/,
  },
  // The same two packages as pnpm and Yarn 1 workspaces, installed by those tools with their lockfiles.
  ...['pnpm-mono', 'yarn-mono'].map((name) => ({
    name,
    app: 'packages/api',
    tsc: ['packages/lib/tsconfig.json', 'packages/api/tsconfig.json'],
    body: /hello from @mono\/lib, api; lib ms 2\.1\.3; api ms 2\.0\.0/,
  })),
  // `pm2 start server.js`: ship runs pm2-runtime instead (pm2 start daemonises).
  { name: 'pm2', app: '.', tsc: [], body: /pm2 runs me/, ownSignalHandler: true },
  // better-sqlite3 compiled by ship for the base's Node; bcrypt from its own prebuilds.
  { name: 'native', app: '.', tsc: [], body: /sqlite says 2; bcrypt matches/ },
];

/** Copies a fixture to `target` (without node_modules or dist) and runs its build. Returns the app dir. */
export async function prepareFixture(
  shape: Pick<AppShape, 'name' | 'app' | 'tsc'>,
  target: string,
): Promise<string> {
  await cp(join(fixturesDir, shape.name), target, {
    recursive: true,
    filter: (source) => !/\/(node_modules|dist)(\/|$)/.test(source.slice(fixturesDir.length)),
  });
  const tsc = join(repoRoot, 'node_modules/.bin/tsc');
  for (const config of shape.tsc) await run(tsc, ['-p', join(target, config)], { cwd: target });
  return join(target, shape.app);
}

export interface BuiltArchive {
  archive: string;
  seconds: number;
  /** Compressed bytes of ship's layers (without the base). */
  ownBytes: number;
  start: string[];
  warnings: string[];
}

/** `ship build --output oci-archive:FILE`, in-process. */
export async function buildToArchive(
  appDir: string,
  options: { base: string; cacheDir: string; archive: string },
): Promise<BuiltArchive> {
  const t0 = performance.now();
  const image = await buildImage({
    appDir,
    base: options.base,
    insecureBase: true,
    cacheDir: options.cacheDir,
    sourceDateEpoch: 0,
  });
  await publishImage(image, { kind: 'oci-archive', path: options.archive }, { name: image.app.name });
  return {
    archive: options.archive,
    seconds: (performance.now() - t0) / 1000,
    ownBytes: image.layers.filter((l) => l.role !== 'base').reduce((sum, l) => sum + l.size, 0),
    start: image.start.command,
    warnings: image.warnings,
  };
}

export async function fixtureNames(): Promise<string[]> {
  return (await readdir(fixturesDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/**
 * `podman run` as the tests run every image: detached, read-only root, host network, PORT (and
 * `env`). As uid 1000 unless `user` is null, which keeps the image's own user (the test of that).
 */
export async function runReadOnly(
  image: string,
  name: string,
  port: number,
  options: { user?: string | null; env?: Record<string, string> } = {},
): Promise<void> {
  const user = options.user === undefined ? '1000:1000' : options.user;
  const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  await run(
    'podman',
    [
      ...PODMAN,
      'run',
      '-d',
      '--name',
      name,
      '--read-only',
      ...(user === null ? [] : ['--user', user]),
      '--network',
      'host',
      '--ulimit',
      'nofile=20000:20000',
      '--ulimit',
      'nproc=1000:1000',
      '-e',
      `PORT=${port}`,
      ...env,
      image,
    ],
    { timeout: 120_000 },
  );
}

export interface StopResult {
  exitCode: string;
  /** From sending the stop to the app's exit, by the container's FinishedAt: the app's own latency. */
  exitMs: number;
  /** `podman stop` wall time: adds podman's own work (vfs unmount, conmon), seconds under heavy load. */
  wallMs: number;
}

/** `podman stop -t 10`, timed both ways; a clean app exits 0 well before the timeout's SIGKILL (137). */
export async function stopAndMeasure(container: string): Promise<StopResult> {
  const t0 = Date.now();
  await run('podman', [...PODMAN, 'stop', '-t', '10', container], { timeout: 60_000 });
  const wallMs = Date.now() - t0;
  const { stdout } = await run('podman', [
    ...PODMAN,
    'inspect',
    '--format',
    '{{.State.ExitCode}} {{.State.FinishedAt.UnixMilli}}',
    container,
  ]);
  const [exitCode = '', finished = '0'] = stdout.trim().split(' ');
  return { exitCode, exitMs: Number(finished) - t0, wallMs };
}

/** Polls `url` until a 200 while the container runs; else fails with its logs. Returns the body. */
export async function waitFor200(url: string, container: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  let last = '';
  const inspect = async (args: string[]) =>
    (await run('podman', [...PODMAN, ...args], { timeout: 60_000 })).stdout.trim();
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      const body = await res.text();
      if (res.status === 200) return body;
      last = `${res.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    const state = await inspect(['inspect', '--format', '{{.State.Status}}', container]);
    if (state !== 'running') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // The container's stderr comes out on podman's stderr.
  const logs = await run('podman', [...PODMAN, 'logs', container]).then((r) => r.stdout + r.stderr, String);
  throw new Error(`${url}: no 200 (${last}); container logs:\n${logs}`);
}

/**
 * A two-file Next.js 15 app router app, installed from the npm registry (install scripts off) and
 * built with `next build`, with or without `output: 'standalone'`. Not committed: next alone is
 * 300 MB installed. 1–3 minutes on a loaded machine. Returns the app directory.
 */
export async function prepareNextApp(target: string, options: { standalone: boolean }): Promise<string> {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: options.standalone ? 'next-app' : 'next-full-app',
      version: '0.1.0',
      private: true,
      scripts: { build: 'next build', start: 'next start' },
      dependencies: { next: '15.5.4', react: '19.1.1', 'react-dom': '19.1.1' },
    }),
    'next.config.js': options.standalone
      ? "module.exports = { output: 'standalone' };\n"
      : 'module.exports = {};\n',
    'app/layout.js':
      'export default function RootLayout({ children }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n',
    'app/page.js': 'export default function Home() {\n  return <main>Next says hello</main>;\n}\n',
    'public/robots.txt': 'User-agent: *\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(target, path, '..'), { recursive: true });
    await writeFile(join(target, path), text);
  }
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: target, env });
  await run(join(target, 'node_modules/.bin/next'), ['build'], {
    cwd: target,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return target;
}
