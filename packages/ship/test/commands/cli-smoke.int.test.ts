// The real entry point in a process of its own (the other command tests run
// ship in-process): --help loads no AWS SDK module, a mistyped flag exits 2
// before anything runs, and nothing is coloured in a pipe.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const probe = new URL('../../bench/help-probe.mjs', import.meta.url).href;

async function ship(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', probe, cli, ...args],
      {
        env: { PATH: process.env.PATH, ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('ship (spawned)', () => {
  it('--help loads no AWS SDK module and prints plain text in a pipe', async () => {
    for (const args of [['--help'], ['deploy', '--help'], ['destroy', '--help']]) {
      const out = await ship(args);
      expect(out.code).toBe(0);
      expect(out.stderr).toContain('PROBE ');
      expect(out.stderr).not.toContain('AWS-SDK ');
      expect(out.stdout).not.toContain('\u001b[');
    }
  });

  it('the probe does see the SDK when a command loads it (the check above can fail)', async () => {
    const out = await ship(['status', '--env', 'x'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(out.stderr).toContain('AWS-SDK @aws-sdk/');
  });

  it('destroy --evn exits 2 with "did you mean --env?" and deletes nothing', async () => {
    const out = await ship(['destroy', '--evn', 'feature-x', '--yes']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('✘ unknown flag --evn');
    expect(out.stderr).toContain('did you mean --env?');
    expect(out.stderr).not.toContain('AWS-SDK ');
  });
});
