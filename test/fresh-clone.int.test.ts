// What a newcomer does first, on a fresh clone: `npm ci`, then the commands. `npm ci` links the
// workspace bins before the `prepare` script builds dist/, so each bin is a committed file that
// loads dist/ (a bin pointing into dist/ got no link, and `npx ship` then offered a stranger's
// package). A second `npm ci` in an old tree hides that, which is why this test clones.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './docs.js';

const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), 'ebov-fresh-clone-'));
const clone = path.join(folder, 'repo');
// npm with no update check and no audit: the test must not depend on anything but the registry.
const env = {
  ...process.env,
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

async function npx(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npx', ['--no-install', ...args], { cwd: clone, env, timeout: 60_000 });
}

function withoutDataSource(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { EBOV_DATA: _ignored, ...rest } = environment;
  return rest;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Polls `/readyz` every 20 ms; resolves with the milliseconds it took, or rejects at the limit. */
async function readyWithin(port: number, limitMs: number, child: ChildProcess): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ready within ${limitMs} ms`);
}

describe('a fresh clone', () => {
  beforeAll(async () => {
    await run('git', ['clone', '--quiet', REPO_ROOT, clone], { timeout: 60_000 });
    await run('npm', ['ci', '--prefer-offline'], { cwd: clone, env, timeout: 480_000, maxBuffer: 64 << 20 });
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('`npx --no-install ship --help` works right after the first `npm ci`', async () => {
    const { stdout } = await npx(['ship', '--help']);
    expect(stdout).toMatch(/ship/);
    expect(stdout).toMatch(/deploy/);
  });

  it('`npx --no-install ebov-dash --help` works right after the first `npm ci`', async () => {
    const { stdout } = await npx(['ebov-dash', '--help']);
    expect(stdout).toMatch(/--port/);
    expect(stdout).toMatch(/--data/);
  });

  it('`npm start -- --port N` serves the data it carries, offline, and a SIGTERM to npm stops the server', async () => {
    const port = await freePort();
    // No network needed: the default source is the snapshot in packages/dashboard/data.
    const child = spawn('npm', ['start', '--', '--port', String(port)], {
      cwd: clone,
      env: { ...withoutDataSource(env), XDG_CACHE_HOME: path.join(folder, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const ms = await readyWithin(port, 10_000, child);
      console.log(`fresh clone: npm start → /readyz 200 in ${ms} ms`);
      const meta = (await (await fetch(`http://127.0.0.1:${port}/api/meta`)).json()) as { source: unknown };
      expect(JSON.stringify(meta.source)).toMatch(/snapshot/i);
      const series = (await (
        await fetch(`http://127.0.0.1:${port}/api/series?indicator=cumulative-all-cases&country=Guinea`)
      ).json()) as { series: { values: (number | null)[] }[] };
      expect(series.series[0]?.values.length).toBeGreaterThan(100);
      // The server is npm's child (the script execs node): the signal reaches it and it drains.
      const serverPids = (await run('pgrep', ['-P', String(child.pid)])).stdout.trim().split('\n');
      expect(serverPids).toHaveLength(1);
      child.kill('SIGTERM');
      await once(child, 'exit');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const alive = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        () => true,
        () => false,
      );
      expect(alive, output).toBe(false);
      expect(() => process.kill(Number(serverPids[0]), 0)).toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('without dist/, each bin says to run `npm run build` instead of a stack trace', async () => {
    for (const [pkg, bin] of [
      ['dashboard', 'ebov-dash'],
      ['ship', 'ship'],
    ] as const) {
      const dist = path.join(clone, 'packages', pkg, 'dist');
      renameSync(dist, `${dist}.away`);
      try {
        const failed = await npx([bin, '--help']).then(
          () => null,
          (error: { code: number; stderr: string }) => error,
        );
        expect(failed?.code).toBe(1);
        expect(failed?.stderr).toContain('Run `npm run build`');
        expect(failed?.stderr).not.toMatch(/\n\s+at /);
      } finally {
        renameSync(`${dist}.away`, dist);
      }
    }
  });
});
