// Runs `ship` against the fake AWS endpoint: in this process (`run`), or as
// the real CLI in a child process (`start`, `runOnTerminal`: signals and a
// terminal need a process of its own).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FakeAws } from '../../fake-aws/index.js';
import { shipInProcess } from '../../support/ship-in-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../../src/cli.ts');
const tsx = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;

export interface ShipRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ShipWorkspace {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], options?: { input?: string }): Promise<ShipRun>;
  /** Runs ship on a pseudo-terminal (util-linux `script`), answering `answer` once `prompt` shows. */
  runOnTerminal(args: string[], prompt: RegExp, answer: string): Promise<ShipRun>;
  start(args: string[]): ShipProcess;
  remove(): Promise<void>;
}

export interface ShipProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout+stderr match, rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** A temp directory with a ship.config.json, and the environment pointing the CLI at the fake. */
export async function shipWorkspace(fake: FakeAws, config: Record<string, unknown>): Promise<ShipWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'ship-ops-'));
  await writeFile(join(dir, 'ship.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL: fake.endpoint,
    AWS_REGION: fake.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    SHIP_POLL_INTERVAL_MS: '20',
    NO_COLOR: '1',
  };
  const start = (args: string[]): ShipProcess => {
    const child = spawn(process.execPath, ['--import', tsx, cli, ...args], {
      cwd: dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      exited,
      async waitFor(pattern, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(out + err)) {
          if (Date.now() > deadline || child.exitCode !== null) {
            throw new Error(`ship ${args.join(' ')}: no ${pattern} in output:\n${out}\n${err}`);
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      },
    };
  };
  return {
    dir,
    env,
    start,
    run: (args, options = {}) => shipInProcess(args, { env, cwd: dir, ...options }),
    async runOnTerminal(args, prompt, answer) {
      const command = [process.execPath, '--import', tsx, cli, ...args].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: dir,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let answered = false;
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (!answered && prompt.test(out)) {
          answered = true;
          child.stdin!.write(answer);
        }
      });
      const code = await new Promise<number | null>((done) => child.on('close', done));
      return { code, stdout: out, stderr: '' };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
