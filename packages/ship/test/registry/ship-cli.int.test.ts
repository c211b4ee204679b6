// `ship build` and `ship push` end to end (the first build through the real CLI, the rest
// in-process): the dashboard (a copy of this workspace's lockfile, package.jsons and built dist) on
// the Node base stand-in, pushed to a real registry through a recording proxy, pulled and run with
// podman; and the error paths.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReference } from '../../src/image/reference.js';
import { pullImage } from '../../src/registry/pull-image.js';
import { ContentStore } from '../../src/store/content-store.js';
import { runReadOnly } from '../support/app-fixtures.js';
import {
  copyDashboard,
  dashboardData as dataFile,
  PODMAN,
  repoRoot,
  serveBaseStandin,
} from '../support/dashboard-copy.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';
import { isBlobUpload, type RegistryProxy, startRegistryProxy } from '../support/registry-proxy.js';
import { shipInProcess } from '../support/ship-in-process.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'packages/ship/src/cli.ts');
const suffix = randomBytes(4).toString('hex');

let registry: TestRegistry;
let authRegistry: TestRegistry;
let proxy: RegistryProxy;
let work: string;
let app: string;
let base: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const shipEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  SHIP_CACHE_DIR: join(work, 'cache'),
  SOURCE_DATE_EPOCH: '1700000000',
  SHIP_PROGRESS: 'plain',
  ...env,
});

/**
 * `ship <args>` in this process, with its environment also in `process.env` (as a child's would
 * be): most tests. The first build spawns the real CLI, the smoke test of the entry point.
 */
function ship(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return shipInProcess(args, { env: shipEnv(env), cwd: repoRoot, processEnv: true });
}

function spawnShip(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: repoRoot,
      env: shipEnv(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

async function git(args: string[]) {
  await run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: app });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ship-cli-'));
  app = join(work, 'app');
  [registry, authRegistry] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: { username: 'ci', password: 'secret' } }),
  ]);
  proxy = await startRegistryProxy(registry);
  const dashboard = await copyDashboard(app);
  expect(dashboard).toBe(join(app, 'packages/dashboard'));
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '.']);
  await git(['commit', '-q', '-m', 'app']);
  // The real base cannot be pulled here: the container tests' stand-in, served by our registry.
  serveBaseStandin(registry.host);
  base = `${proxy.host}/library/node:24-slim`;
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([registry?.stop(), authRegistry?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const buildArgs = (repo: string, extra: string[] = []) => [
  'build',
  join(app, 'packages/dashboard'),
  '--repo',
  repo,
  '--base',
  base,
  '--insecure',
  '--data-file',
  dataFile,
  '--json',
  ...extra,
];

interface BuildJson {
  reference: string;
  digest: string;
  tags: string[];
  bytesUploaded: number;
  layersUploaded: number;
  layersSkipped: number;
  layersMounted: number;
  layers: { role: string; digest: string; size: number }[];
}

let first: BuildJson;

describe('ship build --repo', () => {
  it('builds the dashboard, pushes it, and prints the reference by digest', async () => {
    const result = await spawnShip(buildArgs(`${proxy.host}/ebov-dash`));
    expect(result.stderr).not.toMatch(/✘/);
    expect(result.code).toBe(0);
    first = JSON.parse(result.stdout) as BuildJson;
    expect(first.reference).toBe(`${proxy.host}/ebov-dash@${first.digest}`);
    expect(first.tags).toEqual([expect.stringMatching(/^main-[0-9a-f]{7}-[0-9a-f]{12}$/)]);
    expect(first.layers.map((l) => l.role)).toEqual(['base', 'dependencies', 'app', 'data']);
    // The base is on the same registry: mounted, not uploaded.
    expect(first).toMatchObject({ layersMounted: 1, layersUploaded: 3 });
    const pulled = await pullImage(parseReference(`${registry.host}/ebov-dash:${first.tags[0]}`), {
      platform: { os: 'linux', architecture: 'amd64' },
      store: new ContentStore(join(work, 'pulled')),
      insecure: true,
    });
    expect(pulled.digest).toBe(first.digest);
    const dashboardStart = (
      JSON.parse(await readFile(join(app, 'packages/dashboard/package.json'), 'utf8')) as {
        scripts: { start: string };
      }
    ).scripts.start;
    expect(dashboardStart).toMatch(/^node /);
    expect(pulled.config.config).toMatchObject({
      // The start script, run by node itself with ship's graceful-exit preload
      // (e.g. "node dist/cli.js" → ["node", "--require", "/ship/graceful-exit.cjs", "dist/cli.js"]).
      Entrypoint: ['node', '--require', '/ship/graceful-exit.cjs', ...dashboardStart.split(/\s+/).slice(1)],
      WorkingDir: '/app/packages/dashboard',
      User: '1000:1000',
      ExposedPorts: { '8080/tcp': {} },
      Labels: { 'org.opencontainers.image.created': '2023-11-14T22:13:20Z' },
    });
    expect(pulled.config.config?.Env).toEqual(
      expect.arrayContaining([
        'NODE_ENV=production',
        'PORT=8080',
        'EBOV_DATA=/app/data/ebola_data_db_format.csv',
      ]),
    );
  }, 300_000); // cold caches: npm ci and the base download happen here

  it('is reproducible: the same source builds the same digest, and the re-push uploads no layer bytes', async () => {
    const start = proxy.requests.length;
    const result = await ship(buildArgs(`${proxy.host}/ebov-dash`));
    expect(result.code).toBe(0);
    const again = JSON.parse(result.stdout) as BuildJson;
    expect(again.digest).toBe(first.digest);
    expect(again).toMatchObject({ bytesUploaded: 0, layersUploaded: 0, layersSkipped: 4 });
    expect(
      proxy.requests.slice(start).filter((r) => isBlobUpload({ method: r.method, url: r.path } as never)),
    ).toEqual([]);
  });

  it('re-uploads only the app layer after a code change, and tags the dirty tree', async () => {
    await appendFile(join(app, 'packages/dashboard/dist/cli.js'), '\n// a code change\n');
    const start = proxy.requests.length;
    const result = await ship(buildArgs(`${proxy.host}/ebov-dash`));
    expect(result.code).toBe(0);
    const changed = JSON.parse(result.stdout) as BuildJson;
    expect(changed.digest).not.toBe(first.digest);
    const differs = changed.layers.filter((l, i) => l.digest !== first.layers[i]?.digest).map((l) => l.role);
    expect(differs).toEqual(['app']);
    const appLayer = changed.layers.find((l) => l.role === 'app')!;
    expect(changed).toMatchObject({ layersUploaded: 1, layersSkipped: 3 });
    const uploaded = proxy.requests
      .slice(start)
      .filter((r) => isBlobUpload({ method: r.method, url: r.path } as never) && r.status === 201)
      .reduce((sum, r) => sum + r.bodyBytes, 0);
    expect(uploaded).toBe(changed.bytesUploaded);
    expect(uploaded - appLayer.size).toBeLessThan(4096); // the rest is the config
    expect(changed.tags[0]).toMatch(/^main-[0-9a-f]{7}-dirty-[0-9a-f]{12}-[0-9a-f]{12}$/);
  });
});

describe('the image runs', () => {
  it('starts under podman with a read-only root as uid 1000 and answers /healthz', async () => {
    const image = `${registry.host}/ebov-dash@${first.digest}`;
    const name = `ship-test-${suffix}`;
    const port = await freePort();
    execFileSync('podman', [...PODMAN, 'pull', '--quiet', '--tls-verify=false', image], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      // The image's own user, not --user: the test is that the image does not run as root.
      await runReadOnly(image, name, port, { user: null, env: { HOST: '127.0.0.1' } });
      let status = 0;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && status !== 200) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      const logs =
        status === 200 ? '' : execFileSync('podman', [...PODMAN, 'logs', name], { encoding: 'utf8' });
      expect(status, logs).toBe(200);
      const user = execFileSync('podman', [...PODMAN, 'top', name, 'user'], { encoding: 'utf8' });
      expect(user).not.toMatch(/\broot\b/);
    } finally {
      execFileSync('podman', [...PODMAN, 'rm', '-f', '-t', '0', name], { stdio: 'ignore' });
      execFileSync('podman', [...PODMAN, 'rmi', '-f', image], { stdio: 'ignore' });
    }
  });
});

describe('ship build --output and ship push', () => {
  let archive: string;
  let archiveDigest: string;

  it('writes an oci-archive that podman load accepts', async () => {
    archive = join(work, 'ebov-dash.tar');
    const result = await ship([
      'build',
      join(app, 'packages/dashboard'),
      '--output',
      `oci-archive:${archive}`,
      '--base',
      base,
      '--insecure',
      '--json',
    ]);
    expect(result.code).toBe(0);
    archiveDigest = (JSON.parse(result.stdout) as BuildJson).digest;
    const loaded = execFileSync('podman', [...PODMAN, 'load', '-q', '-i', archive], { encoding: 'utf8' });
    const name = /Loaded image: (\S+)/.exec(loaded)?.[1];
    expect(name).toMatch(/ebov-dash:main-/);
    execFileSync('podman', [...PODMAN, 'rmi', '-f', name!], { stdio: 'ignore' });
    expect((await readdir(work)).filter((f) => f.includes('ship-tmp'))).toEqual([]);
  });

  it('pushes the archive, with the digest the build printed', async () => {
    const result = await ship([
      'push',
      `oci-archive:${archive}`,
      '--repo',
      `${proxy.host}/from-archive`,
      '--insecure',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`${proxy.host}/from-archive@${archiveDigest}`);
  });

  it('retries an upload cut mid-body and still succeeds', async () => {
    proxy.faults.push({
      match: (req) => isBlobUpload(req) && Number(req.headers['content-length']) > 1_000_000,
      action: { dropAfterBytes: 200_000 },
      times: 1,
    });
    const result = await ship([
      'push',
      `oci-archive:${archive}`,
      '--repo',
      `${proxy.host}/cut-upload`,
      '--insecure',
    ]);
    expect(result.stderr).toContain('retrying');
    expect(result.code).toBe(0);
    expect(proxy.faults.at(-1)?.times).toBe(0);
  });

  it.each([
    {
      name: 'wrong password',
      args: () => ['push', `oci-archive:${archive}`, '--repo', `${authRegistry.host}/app`, '--insecure'],
      env: { SHIP_REGISTRY_USERNAME: 'ci', SHIP_REGISTRY_PASSWORD: 'wrong' },
      message: /✘ 401 from 127\.0\.0\.1:\d+: the credentials were refused/,
      hint: '→ check SHIP_REGISTRY_USERNAME and SHIP_REGISTRY_PASSWORD',
    },
    {
      name: 'registry down',
      args: () => ['push', `oci-archive:${archive}`, '--repo', '127.0.0.1:1/app', '--insecure'],
      env: {} as Record<string, string>,
      message: /✘ cannot reach 127\.0\.0\.1:1 \(ECONNREFUSED\) — is it running\?/,
      hint: '→ check the address',
    },
    {
      name: 'manifest rejected',
      args: () => {
        proxy.faults.push({
          match: (req) => req.method === 'PUT' && (req.url ?? '').includes('/manifests/'),
          action: {
            status: 400,
            body: '{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid"}]}',
          },
          times: 1,
        });
        return ['push', `oci-archive:${archive}`, '--repo', `${proxy.host}/rejected`, '--insecure'];
      },
      env: {},
      message:
        /✘ 400 from 127\.0\.0\.1:\d+: the registry rejected pushing manifest rejected:main-[0-9a-z-]+ \(MANIFEST_INVALID: manifest invalid\)/,
      hint: '',
    },
    {
      name: 'no destination',
      args: () => ['build', join(app, 'packages/dashboard')],
      env: {},
      message: /✘ say where the image goes/,
      hint: '→ add --repo <registry>/<repository> to push, or --output oci-archive:FILE',
    },
    {
      name: 'not an app directory',
      args: () => ['build', work, '--output', `oci-layout:${join(work, 'layout')}`],
      env: {},
      message: /✘ .*: no package.json — ship builds a Node app directory/,
      hint: '→ pass the app directory',
    },
  ])('$name: a clear message, a next step, no stack trace, exit 1', async ({ args, env, message, hint }) => {
    const result = await ship(args(), env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    if (hint) expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
