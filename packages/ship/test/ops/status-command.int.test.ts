// `ship status` through the real CLI against the fake AWS endpoint.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { seedClients, seedDeployedService, seedRevision } from './support/seed-with-sdk.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const image = (n: number) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${digest(n)}`;

describe('ship status', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'web' });
    const clients = seedClients(fake);
    await seedDeployedService(fake, clients, { app: 'web', env: 'production' }, image(1), {
      desiredCount: 2,
    });
    await seedRevision(fake, clients, { app: 'web', env: 'production' }, image(2));
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('shows the service, its deployment with revision and digest, events, URL and cost', async () => {
    const { code, stdout, stderr } = await ws.run(['status', '--env', 'production']);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('web · production · us-east-1: steady');
    expect(lines[1]).toBe('  service     web-production (cluster web, ACTIVE)');
    expect(lines[2]).toBe('  tasks       2 running, 0 pending, 2 desired');
    expect(lines[3]).toMatch(/^ {2}url {9}http:\/\/\d+\.\d+\.\d+\.\d+:8080\/$/);
    expect(lines[4]).toMatch(
      /^ {2}cost {8}\$\d+\.\d\d\/month \(2 × 0\.25 vCPU \/ 0\.5 GiB X86_64, prices of 2026-03\); on ARM64 \$\d+\.\d\d \(saves \$\d+\.\d\d\)$/,
    );
    expect(stdout).toMatch(
      /\nDeployments\n {2}PRIMARY web-production:2 +COMPLETED +2\/2 running, updated \d+s ago\n/,
    );
    expect(stdout).toContain(
      `          web: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${digest(2).slice(0, 19)}…`,
    );
    expect(stdout).toMatch(/\nRecent events\n.*has reached a steady state\./);
    expect(stdout).not.toContain('Targets'); // no load balancer
    expect(stderr).toContain('next: ship logs --env production --since 10m');
  });

  it('--json has the documented stable shape', async () => {
    const { code, stdout } = await ws.run(['status', '--env', 'production', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'app',
      'env',
      'region',
      'cluster',
      'service',
      'status',
      'health',
      'tasks',
      'url',
      'deployments',
      'targets',
      'events',
      'autoscaling',
      'cost',
    ]);
    expect(json).toMatchObject({
      schemaVersion: 1,
      app: 'web',
      env: 'production',
      region: 'us-east-1',
      cluster: 'web',
      service: 'web-production',
      status: 'ACTIVE',
      health: 'steady',
      tasks: { running: 2, pending: 0, desired: 2 },
      targets: null,
      autoscaling: null,
      cost: { tasks: 2, cpu: 256, memoryMiB: 512, platform: 'X86_64', priceDate: '2026-03' },
    });
    expect(json.deployments).toHaveLength(1);
    expect(json.deployments[0]).toMatchObject({
      role: 'PRIMARY',
      taskDefinition: 'web-production:2',
      revision: 2,
      rolloutState: 'COMPLETED',
      rolloutReason: null,
      tasks: { running: 2, pending: 0, desired: 2, failed: 0 },
      images: [{ container: 'web', image: image(2), digest: digest(2) }],
    });
    expect(Date.parse(json.deployments[0].createdAt)).not.toBeNaN();
    expect(json.url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:8080\/$/);
    expect(json.events.length).toBeGreaterThan(0);
    expect(json.events[0]).toEqual({
      at: expect.any(String),
      message: expect.stringContaining('web-production'),
    });
    expect(json.cost.monthlyUsd).toBeGreaterThan(json.cost.arm64MonthlyUsd);
  });

  it('says when the environment has no service, and what to do', async () => {
    const { code, stdout, stderr } = await ws.run(['status', '--env', 'beta']);
    expect(code).toBe(0);
    expect(stdout).toBe('web · beta · us-east-1: no service web-beta in cluster web\n');
    expect(stderr).toContain('next: ship deploy --env beta');
    const json = JSON.parse((await ws.run(['status', '--env', 'beta', '--json'])).stdout);
    expect(json).toMatchObject({ status: 'MISSING', health: 'missing', deployments: [], cost: null });
  });

  it('without --env, the environment comes from the git branch', async () => {
    execFileSync('git', ['init', '-q', '-b', 'develop'], { cwd: ws.dir });
    const develop = JSON.parse((await ws.run(['status', '--json'])).stdout);
    expect(develop).toMatchObject({ env: 'beta', service: 'web-beta', status: 'MISSING' });
    execFileSync('git', ['checkout', '-q', '-b', 'main'], { cwd: ws.dir });
    const main = JSON.parse((await ws.run(['status', '--json'])).stdout);
    expect(main).toMatchObject({ env: 'production', service: 'web-production', status: 'ACTIVE' });
  });

  it('rejects a bad --env before any AWS call', async () => {
    const before = fake.calls().length;
    const { code, stderr } = await ws.run(['status', '--env', 'Feature/X']);
    expect(code).toBe(1);
    expect(stderr).toContain('✘ --env "Feature/X": an environment name must be lowercase letters');
    expect(stderr).toContain('→ use `--env feature-x`');
    expect(fake.calls().length).toBe(before);
  });
});
