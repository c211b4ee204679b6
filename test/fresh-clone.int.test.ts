// What a newcomer does first, on a fresh clone: `npm ci`, then the commands. `npm ci` links the
// workspace bins before the `prepare` script builds dist/, so each bin is a committed file that
// loads dist/ (a bin pointing into dist/ got no link, and `npx ship` then offered a stranger's
// package). A second `npm ci` in an old tree hides that, which is why this test clones.
import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
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
