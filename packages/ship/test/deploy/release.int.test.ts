// Canary and linear releases through the CLI against the fake AWS (ECS's
// native strategies, the production rule's weights, CloudWatch alarms): a
// canary that passes, a canary whose alarm fires during its bake (rolled back,
// exit 1, the alarm and CloudWatch's reason named), a linear release that
// prints each traffic step, and destroy removing what the release added.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { holdImages } from '../fake-aws/push-test-image.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/rel@sha256:${c.repeat(64)}`;
const base = { app: 'rel', loadBalancer: 'alb' };

describe('canary and linear releases', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let cloudwatch: CloudWatchClient;
  const configure = (release: Record<string, unknown>) =>
    writeFile(join(ws.dir, 'ship.config.json'), JSON.stringify({ ...base, release }, null, 2));
  const deploy = (digest: string) =>
    ws.run(['deploy', '--env', 'production', '--image', image(digest), '--yes']);

  /** The new revision's share of the production rule's traffic, as the fake's ALB has it. */
  const canaryShare = (): number => {
    let best = 0;
    for (const rule of fake.state.elbv2.rules.values()) {
      for (const action of rule.actions) {
        const groups = (action['ForwardConfig'] as { TargetGroups?: { Weight?: number }[] } | undefined)
          ?.TargetGroups;
        for (const g of groups ?? []) if ((g.Weight ?? 0) > 0 && (g.Weight ?? 0) < 100) best = g.Weight ?? 0;
      }
    }
    return best;
  };

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, base);
    cloudwatch = new CloudWatchClient(sdkConfig(fake));
  });
  afterAll(async () => {
    cloudwatch?.destroy();
    await ws?.remove();
    await fake?.close();
  });

  it('plan shows the strategy and the alarms; deploy creates the release resources and a CANARY service', async () => {
    await configure({ strategy: 'canary', canary: { percent: 10, bakeMinutes: 2 }, bakeMinutes: 1 });
    const plan = await ws.run(['plan', '--env', 'production', '--image', image('a')]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'release: canary: 10 % for 2 min → 100 %, bake 1 min; rolls back when the 5xx rate is above 1 % or p99 latency above 2000 ms (alarms rel-production-5xx-rate, rel-production-p99-latency)',
    );
    for (const line of [
      '+ create target group rel-production--alt',
      '+ create release role rel-production-us-east-1-release',
      '+ create alarm rel-production-5xx-rate',
      '+ create alarm rel-production-p99-latency',
    ])
      expect(plan.stdout).toContain(line);

    const first = await deploy('a');
    expect(first.stderr).not.toContain('✘');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('created listener rule on listener :80: every path → production');

    const ecs = new ECSClient(sdkConfig(fake));
    const [service] =
      (await ecs.send(new DescribeServicesCommand({ cluster: 'rel', services: ['rel-production'] })))
        .services ?? [];
    ecs.destroy();
    expect(service?.deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      bakeTimeInMinutes: 1,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 },
      alarms: {
        alarmNames: ['rel-production-5xx-rate', 'rel-production-p99-latency'],
        enable: true,
        rollback: true,
      },
    });
    const advanced = service?.loadBalancers?.[0]?.advancedConfiguration;
    expect(advanced?.roleArn).toBe('arn:aws:iam::123456789012:role/rel-production-us-east-1-release');
    expect(advanced?.alternateTargetGroupArn).toContain('targetgroup/rel-production--alt/');
    expect(advanced?.productionListenerRule).toContain('listener-rule/app/rel/');

    const alarms =
      (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'rel-' }))).MetricAlarms ?? [];
    expect(alarms.map((a) => a.AlarmName)).toEqual(['rel-production-5xx-rate', 'rel-production-p99-latency']);
    const tags = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarms[0]?.AlarmArn }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ship:app', Value: 'rel' },
        { Key: 'ship:env', Value: 'production' },
      ]),
    );

    // Nothing changed: the plan is empty (the table knows the release's resources).
    const again = await ws.run(['plan', '--env', 'production', '--image', image('a'), '--json']);
    const listed = JSON.parse(again.stdout) as { create: unknown[]; update: unknown[] };
    expect([listed.create, listed.update]).toEqual([[], []]);
  });

  it('a canary that passes: 10 % with its bake countdown, then 100 %, exit 0', async () => {
    const run = await deploy('b');
    expect(run.stderr).not.toContain('✘');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('traffic: 10 % on the new revision');
    expect(run.stderr).toMatch(/canary 10 % → bake \d:\d\d left → 100 %/);
    expect(run.stderr).toContain('traffic: 100 % on the new revision');
    expect(run.stdout).toContain('rel-production runs rel-production:2');
  });

  it('a canary whose alarm fires during the bake rolls back and exits 1 naming the alarm and its reason', async () => {
    await configure({ strategy: 'canary', canary: { percent: 10, bakeMinutes: 600 }, bakeMinutes: 1 });
    const running = deploy('c');
    // During the canary's bake (10 % on the new revision), the 5xx rate crosses its threshold.
    const deadline = Date.now() + 60_000;
    while (canaryShare() !== 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(canaryShare()).toBe(10);
    await cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'rel-production-5xx-rate',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed: 1 datapoint [12.5] was greater than the threshold (1.0).',
      }),
    );
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ECS rolled back to rel-production:2');
    expect(run.stderr).toContain(
      'alarm rel-production-5xx-rate fired (Threshold Crossed: 1 datapoint [12.5] was greater than the threshold (1.0).)',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(canaryShare()).toBe(0);
    await cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'rel-production-5xx-rate',
        StateValue: 'OK',
        StateReason: 'test',
      }),
    );
  });

  it('a linear release prints each traffic step and completes', async () => {
    await configure({ strategy: 'linear', linear: { stepPercent: 25, intervalMinutes: 1 }, bakeMinutes: 0 });
    const plan = await ws.run(['plan', '--env', 'production', '--image', image('d')]);
    expect(plan.stdout).toContain(
      'release: linear: 25 % for 1 min → 50 % for 1 min → 75 % for 1 min → 100 %, bake 0 min',
    );
    const run = await deploy('d');
    expect(run.stderr).not.toContain('✘');
    expect(run.code).toBe(0);
    const steps = [...run.stderr.matchAll(/traffic: ([\d.]+) % on the new revision/g)].map((m) =>
      Number(m[1]),
    );
    expect(steps).toEqual([25, 50, 75, 100]);
  });

  it('rollback keeps the release: the service stays LINEAR with its alarms', async () => {
    holdImages(fake, [image('b'), image('c'), image('d')]);
    const run = await ws.run(['rollback', '--env', 'production']);
    expect(run.stderr).not.toContain('✘');
    expect(run.code).toBe(0);
    const ecs = new ECSClient(sdkConfig(fake));
    const [service] =
      (await ecs.send(new DescribeServicesCommand({ cluster: 'rel', services: ['rel-production'] })))
        .services ?? [];
    ecs.destroy();
    expect(service?.deploymentConfiguration).toMatchObject({
      strategy: 'LINEAR',
      alarms: {
        alarmNames: ['rel-production-5xx-rate', 'rel-production-p99-latency'],
        enable: true,
        rollback: true,
      },
    });
  });

  it('destroy removes the alarms, the alternate target group, the release role and the production rule', async () => {
    const run = await ws.run(['destroy', '--env', 'production', '--yes']);
    expect(run.stderr).not.toContain('✘');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('alarm rel-production-5xx-rate');
    const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'rel-' })))
      .MetricAlarms;
    expect(alarms).toEqual([]);
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const groups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
    elb.destroy();
    expect(groups.map((g) => g.TargetGroupName)).toEqual([]);
    expect(fake.state.elbv2.rules.size).toBe(0);
    const iam = new IAMClient(sdkConfig(fake));
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'rel-production-us-east-1-release' })),
    ).rejects.toThrow(/cannot be found|NoSuchEntity/);
    iam.destroy();
  });
});
