// Per-branch environments side by side, `ship env list`, `ship env delete`,
// and `ship destroy` (confirmation, dependency order, shared resources last,
// interrupted then re-run) through the real CLI against the fake AWS endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAutoscaling } from '../../src/rollout/autoscaling.js';
import { type FakeAws, type InventoryItem, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { seedClients, seedDeployedService, seedForeignResources } from './support/seed-with-sdk.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${c.repeat(64)}`;
const isShip = (item: InventoryItem) => Object.keys(item.tags).some((k) => k.startsWith('ship:'));
const key = (item: InventoryItem) => `${item.type} ${item.name ?? item.id}`;
const envOf = (item: InventoryItem) => item.tags['ship:env'];

describe('environments and destroy', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let foreign: InventoryItem[];
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'web' });
    const clients = seedClients(fake);
    await seedForeignResources(clients);
    foreign = fake.inventory().filter((i) => !isShip(i));
    await seedDeployedService(fake, clients, { app: 'web', env: 'production' }, image('1'));
    await seedDeployedService(fake, clients, { app: 'web', env: 'feature-login' }, image('2'));
    // applyAutoscaling runs in this process: the standard chain finds these fake credentials.
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const context = { region: fake.region, endpoint: fake.endpoint };
    await applyAutoscaling(
      context,
      { min: 1, max: 3, cpuTarget: 60 },
      { cluster: 'web', service: 'web-feature-login' },
      { 'ship:app': 'web', 'ship:env': 'feature-login', 'ship:scope': 'env' },
    );
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('lists both environments, each its own service in the app cluster', async () => {
    const { code, stdout } = await ws.run(['env', 'list', '--env', 'production', '--json']);
    expect(code).toBe(0);
    const { app, environments } = JSON.parse(stdout);
    expect(app).toBe('web');
    expect(
      environments.map((e: Record<string, unknown>) => [
        e.env,
        e.service,
        e.health,
        e.taskDefinition,
        e.current,
      ]),
    ).toEqual([
      ['feature-login', 'web-feature-login', 'steady', 'web-feature-login:1', false],
      ['production', 'web-production', 'steady', 'web-production:1', true],
    ]);
    const text = await ws.run(['env', 'list', '--env', 'production']);
    expect(text.stdout.split('\n')[0]).toMatch(/^ENV +HEALTH +TASKS +REVISION +URL$/);
    expect(text.stdout).toMatch(/\n\* production +steady +1\/1 +web-production:1 +http:\/\//);
  });

  it('autoscaling: a scalable target with the configured bounds and a CPU target-tracking policy', async () => {
    const scaling = fake.inventory().filter((i) => i.service === 'application-autoscaling');
    expect(scaling.map((i) => `${i.type} ${i.name}`).sort()).toEqual([
      'scalable-target service/web/web-feature-login',
      'scaling-policy web-feature-login-cpu',
    ]);
    const { ApplicationAutoScalingClient, DescribeScalingPoliciesCommand, DescribeScalableTargetsCommand } =
      await import('@aws-sdk/client-application-auto-scaling');
    const client = new ApplicationAutoScalingClient(sdkConfig(fake));
    const targets = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(targets.ScalableTargets?.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      ['service/web/web-feature-login', 1, 3],
    ]);
    const policies = await client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }));
    expect(policies.ScalingPolicies?.[0]).toMatchObject({
      PolicyName: 'web-feature-login-cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    const status = JSON.parse((await ws.run(['status', '--env', 'feature-login', '--json'])).stdout);
    expect(status.autoscaling).toEqual({
      min: 1,
      max: 3,
      metric: 'ECSServiceAverageCPUUtilization',
      targetValue: 60,
    });
  });

  it('asks on a terminal, refuses without --yes when stdin is not one, and deletes nothing', async () => {
    const before = fake.inventory();
    const { code, stderr } = await ws.run(['destroy', '--env', 'feature-login']);
    expect(code).toBe(1);
    expect(stderr).toContain(
      '✘ refusing to destroy web · feature-login without confirmation: stdin is not a terminal',
    );
    expect(stderr).toContain('→ run `ship destroy --env feature-login --yes` to destroy without asking');
    // On a terminal it asks; anything but the environment's name cancels.
    const asked = await ws.runOnTerminal(
      ['destroy', '--env', 'feature-login'],
      /to destroy it: /,
      'feature\n',
    );
    expect(asked.stdout).toContain('Type the environment name (feature-login) to destroy it: ');
    expect(asked.stdout).toContain('✘ destroy cancelled; nothing was deleted');
    expect(asked.code).toBe(1);
    expect(fake.inventory()).toEqual(before);
  });

  it('deleting one environment (while AWS throttles) leaves the other and the shared resources untouched', async () => {
    const before = fake.inventory();
    const callsBefore = fake.calls().length;
    fake.configure({ throttle: { every: 6 } });
    const { code, stdout, stderr } = await ws
      .run(['env', 'delete', 'feature-login', '--yes'])
      .finally(() => fake.configure({ throttle: false }));
    const throttled = fake
      .calls()
      .slice(callsBefore)
      .filter((c) => /Throttl|RequestLimitExceeded/.test(c.error ?? ''));
    expect(throttled.length).toBeGreaterThan(3);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    expect(stdout).toBe('destroyed web · feature-login (7 resources)\n');
    // Dependency order: scaling, then the service (drained), … security group after its ENIs.
    const order = [...stderr.matchAll(/✔ deleted (.+) \S+ \(/g)].map((m) => m[1]);
    expect(order).toEqual([
      'scaling policy',
      'scalable target',
      'service',
      'task definition',
      'security group',
      'task execution role',
      'log group',
    ]);
    expect(stderr).toContain('Shared resources stay for: production.');
    const after = fake.inventory();
    expect(after.filter((i) => envOf(i) === 'feature-login' || i.name?.includes('feature-login'))).toEqual(
      [],
    );
    const kept = (items: InventoryItem[]) =>
      items
        .filter((i) => !(envOf(i) === 'feature-login' || i.name?.includes('feature-login')))
        .map(key)
        .sort();
    expect(kept(after)).toEqual(kept(before));
    expect(after.filter((i) => i.type === 'service').map((i) => i.name)).toEqual(['web-production']);
  });

  it('an interrupted destroy of the last environment finishes on re-run, leaving only what ship did not create', async () => {
    const first = ws.start(['destroy', '--env', 'production', '--yes']);
    await first.waitFor(/✔ deleted service web-production/, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const half = fake.inventory().filter(isShip).map(key);
    expect(half.length).toBeGreaterThan(0);
    expect(half).not.toContain('service web-production');

    const again = await ws.run(['destroy', '--env', 'production', '--yes']);
    expect(again.stderr).not.toContain('✘');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('This is the last environment of the app: shared resources go too.');
    expect(again.stdout).toMatch(/^destroyed web · production \(\d+ resources\)\n$/);
    const after = fake.inventory();
    expect(after.filter(isShip)).toEqual([]);
    expect(after.filter((i) => i.service === 'application-autoscaling')).toEqual([]);
    expect(after.map(key).sort()).toEqual(foreign.map(key).sort());

    const nothing = await ws.run(['destroy', '--env', 'production', '--yes']);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain(
      'Nothing to destroy: no resources tagged ship:app=web ship:env=production.',
    );
  });
});
