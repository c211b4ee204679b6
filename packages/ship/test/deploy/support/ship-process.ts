// Runs `ship` with the environment pointing it at the fake AWS endpoint, and a
// fixture Node app: in this process (`run`), or as the real CLI in a child
// process (`start`, to kill it). With `processEnv: true`, `run` also puts that
// environment in `process.env` while the command runs (support/ship-in-process.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shipInProcess } from '../../support/ship-in-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../../src/cli.ts');
const tsx = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;

export interface ShipResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningShip {
  child: ChildProcess;
  output(): string;
  /** Resolves once stdout+stderr match `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  result: Promise<ShipResult>;
}

export interface ShipDir {
  dir: string;
  env: NodeJS.ProcessEnv;
  writeConfig(config: Record<string, unknown>): Promise<void>;
  start(args: string[]): RunningShip;
  run(args: string[]): Promise<ShipResult>;
  remove(): Promise<void>;
}

export async function shipDir(
  endpoint: string,
  extraEnv: NodeJS.ProcessEnv = {},
  options: { processEnv?: boolean } = {},
): Promise<ShipDir> {
  const dir = await mkdtemp(join(tmpdir(), 'ship-deploy-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
    SHIP_POLL_INTERVAL_MS: '25',
    SHIP_CACHE_DIR: join(dir, '.cache'),
    NO_COLOR: '1',
    ...extraEnv,
  };
  const start = (args: string[]): RunningShip => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', tsx, cli, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const result = new Promise<ShipResult>((done) =>
      child.on('close', (code) => done({ code, stdout, stderr })),
    );
    return {
      child,
      output: () => stdout + stderr,
      result,
      async waitFor(pattern, timeoutMs = 90_000) {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(stdout + stderr)) {
          if (Date.now() > deadline || child.exitCode !== null) {
            throw new Error(`ship ${args.join(' ')}: no ${pattern} in:\n${stdout}\n${stderr}`);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    };
  };
  return {
    dir,
    env,
    writeConfig: (config) => writeFile(join(dir, 'ship.config.json'), `${JSON.stringify(config, null, 2)}\n`),
    start,
    run: (args) => shipInProcess(args, { env, cwd: dir, processEnv: options.processEnv === true }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A small Node app: package.json with a start script, a lockfile, server.js answering /healthz. */
export async function writeFixtureApp(dir: string, greeting = 'hello'): Promise<void> {
  const pkg = { name: 'fixture-app', version: '1.0.0', private: true, scripts: { start: 'node server.js' } };
  const lock = {
    name: 'fixture-app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'fixture-app', version: '1.0.0' } },
  };
  const server = [
    "import { createServer } from 'node:http';",
    `createServer((req, res) => res.end(req.url === '/healthz' ? 'ok' : ${JSON.stringify(greeting)}))`,
    '  .listen(Number(process.env.PORT ?? 8080));',
    '',
  ].join('\n');
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ ...pkg, type: 'module' }, null, 2)}\n`);
  await writeFile(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  await writeFile(join(dir, 'server.js'), server);
}
