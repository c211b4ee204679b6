// `ship ci github` through the real CLI in a fresh git repository: the
// workflow lands at the repository root, parses as YAML with the jobs,
// permissions and triggers described; a re-run changes nothing; a file the
// user changed is replaced only with --force.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

describe('ship ci github', { timeout: 120_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  const workflowFile = () => join(ws.dir, '.github/workflows/ship.yml');
  beforeAll(async () => {
    fake = await startFakeAws();
    ws = await shipWorkspace(fake, { app: 'shop', region: 'eu-west-1' });
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('outside a git repository says where the workflow must go and writes nothing', async () => {
    const { code, stderr } = await ws.run(['ci', 'github']);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'is not inside a git repository: the workflow goes to .github/workflows/ship.yml',
    );
    expect(stderr).toContain('→ run `git init`');
  });

  it('writes .github/workflows/ship.yml: push and pull_request triggers, three jobs, OIDC', async () => {
    execFileSync('git', ['init', '-q', '-b', 'trunk'], { cwd: ws.dir });
    const { code, stdout, stderr } = await ws.run(['ci', 'github']);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('.github/workflows/ship.yml\n');
    expect(stderr).toContain('pushes to trunk deploy shop · trunk');
    expect(stderr).toContain(
      'next: ship ci role --repo OWNER/NAME, then set the repository variable SHIP_ROLE_ARN',
    );
    const workflow = parse(await readFile(workflowFile(), 'utf8'));
    expect(workflow.on.push.branches).toEqual(['trunk']);
    expect(workflow.on.pull_request.types).toContain('closed');
    expect(Object.keys(workflow.jobs)).toEqual(['deploy', 'preview', 'cleanup']);
    for (const job of Object.values(workflow.jobs) as { permissions: Record<string, string> }[]) {
      expect(job.permissions['id-token']).toBe('write');
    }
    expect(JSON.stringify(workflow)).toContain('"aws-region":"eu-west-1"');
  });

  it('a re-run changes nothing; a changed file is replaced only with --force', async () => {
    const again = await ws.run(['ci', 'github']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('.github/workflows/ship.yml is already up to date');
    await writeFile(workflowFile(), 'name: mine\n');
    const refused = await ws.run(['ci', 'github', '--branch', 'main']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('✘ .github/workflows/ship.yml already exists and differs');
    expect(await readFile(workflowFile(), 'utf8')).toBe('name: mine\n');
    const role = 'arn:aws:iam::123456789012:role/ship-ci-shop';
    const forced = await ws.run(['ci', 'github', '--branch', 'main', '--role-arn', role, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const workflow = parse(await readFile(workflowFile(), 'utf8'));
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.jobs.deploy.steps.at(-1).run).toBe('npx --no-install ship deploy --env production --yes');
    expect(JSON.stringify(workflow)).toContain(`"role-to-assume":"${role}"`);
  });

  it('refuses a --role-arn that is not a role ARN, and --print writes nothing', async () => {
    const bad = await ws.run(['ci', 'github', '--role-arn', 'ship-ci-shop']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('✘ --role-arn "ship-ci-shop": expected an IAM role ARN');
    const before = await readFile(workflowFile(), 'utf8');
    const printed = await ws.run(['ci', 'github', '--branch', 'develop', '--print']);
    expect(printed.code).toBe(0);
    expect(parse(printed.stdout).jobs.deploy.name).toBe('deploy beta');
    expect(await readFile(workflowFile(), 'utf8')).toBe(before);
  });
});
