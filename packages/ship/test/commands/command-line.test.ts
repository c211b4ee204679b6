// The command line, for every command in the table (src/commands/index.ts),
// so a new command cannot skip a rule: an unknown or mistyped flag exits 2
// with the usage line and "did you mean", before anything runs; --help lists
// every flag within 80 columns and without colour; values are checked.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, rollbackFlags } from '../../src/commands/index.js';
import { closest, parseCommandLine } from '../../src/commands/parse-args.js';
import { shipInProcess } from '../support/ship-in-process.js';

let dir: string;
// No AWS endpoint that answers: a command that ran would fail differently (exit 1, not 2).
const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' };
const ship = (args: string[]) => shipInProcess(args, { env, cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-cli-'));
  await writeFile(join(dir, 'ship.config.json'), '{ "app": "web", "region": "eu-west-1" }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A typo of a flag name: its middle letter dropped (`--memroy`-like mistakes are covered by the distance). */
const typo = (name: string) =>
  `--${name.slice(0, Math.floor(name.length / 2))}${name.slice(Math.floor(name.length / 2) + 1)}`;

describe.each(commands.map((c) => [c.name, c] as const))('ship %s', (name, spec) => {
  const words = name.split(' ');
  const required = (spec.positionals ?? []).filter((p) => p.required).map(() => 'x');

  it('refuses an unknown flag with exit 2, the usage line and what to do, running nothing', async () => {
    const out = await ship([...words, ...required, '--definitely-not-a-flag']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      new RegExp(`^Usage: ship ${name}\\b.*\\n✘ unknown flag --definitely-not-a-flag\\n`),
    );
    expect(out.stderr).toContain(`run \`ship ${name} --help\` for its flags`);
  });

  it.each(Object.keys(spec.flags).filter((flag) => flag.length >= 3))(
    'a mistyped --%s says "did you mean"',
    async (flag) => {
      const out = await ship([
        ...words,
        ...required,
        typo(flag),
        ...(spec.flags[flag]!.type === 'string' ? ['v'] : []),
      ]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`✘ unknown flag ${typo(flag)}`);
      expect(out.stderr).toContain(`→ did you mean --${flag}?`);
    },
  );

  it('--help lists every flag, in 80 columns, without colour', async () => {
    const out = await ship([...words, '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: ship ${name}\\b`));
    for (const flag of Object.keys(spec.flags))
      expect(out.stdout).toMatch(new RegExp(`--(\\[no-\\])?${flag}\\b`));
    expect(out.stdout).not.toContain('\u001b[');
    expect(Math.max(...out.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});

describe('the command line', () => {
  it("the issue's cases: destroy --evn, plan --memroy", async () => {
    const destroy = await ship(['destroy', '--evn', 'feature-x', '--yes']);
    expect(destroy.code).toBe(2);
    expect(destroy.stderr).toContain('did you mean --env?');
    const plan = await ship(['plan', '--memroy', '1024']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('did you mean --memory?');
  });

  it('rollback --no-wait turns waiting off; --wait and the default leave it on', () => {
    expect(parseCommandLine(['--no-wait'], rollbackFlags).flags.wait).toBe(false);
    expect(parseCommandLine(['--wait'], rollbackFlags).flags.wait).toBe(true);
    expect(parseCommandLine([], rollbackFlags).flags.wait).toBe(true);
  });

  it('a string flag needs a value; a boolean takes none; extra words are refused', async () => {
    const missing = await ship(['status', '--env']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('✘ --env needs a value')]);
    const swallowed = await ship(['status', '--env', '--json']);
    expect(swallowed.stderr).toContain('✘ --env needs a value; got the flag --json');
    const valued = await ship(['destroy', '--yes=true']);
    expect([valued.code, valued.stderr]).toEqual([2, expect.stringContaining('✘ --yes takes no value')]);
    const extra = await ship(['status', 'production']);
    expect([extra.code, extra.stderr]).toEqual([
      2,
      expect.stringContaining('✘ unexpected argument "production"'),
    ]);
    const none = await ship(['env', 'delete']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('✘ missing <name>')]);
  });

  it('unknown commands exit 2 with the closest one', async () => {
    const out = await ship(['deplyo']);
    expect([out.code, out.stderr]).toEqual([2, expect.stringContaining('did you mean `ship deploy`?')]);
    const sub = await ship(['env', 'lst']);
    expect([sub.code, sub.stderr]).toEqual([2, expect.stringContaining('did you mean `ship env list`?')]);
    expect(closest('--zzzzzz', ['--env', '--yes'])).toBeUndefined();
  });

  it('destroy without a terminal names the environment it would pick and requires --env', async () => {
    const out = await ship(['destroy', '--yes']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/✘ refusing to destroy without --env: .*the git branch says "[^"]+"/);
    expect(out.stderr).toMatch(/→ name it: `ship destroy --env \S+ --yes`/);
  });

  it('ship --help lists every command; no colour off a terminal', async () => {
    const out = await ship(['--help']);
    expect(out.code).toBe(0);
    for (const c of commands) expect(out.stdout).toContain(`  ${c.name} `);
    expect(out.stdout).not.toContain('\u001b[');
  });
});
