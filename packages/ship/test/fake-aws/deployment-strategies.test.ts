// ECS canary, linear and blue/green deployments in the fake, through the real
// SDK: traffic moves in the configured steps (the production rule's weights),
// each bake lasts its minutes on the modelled clock (one DescribeServices = one
// minute), and an alarm that fires during a canary fails the deployment,
// naming the alarm, and rolls back.
import * as cw from '@aws-sdk/client-cloudwatch';
import * as ecs from '@aws-sdk/client-ecs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
let client: ecs.ECSClient;
let elb: elbv2.ElasticLoadBalancingV2Client;
let rule = '';
let blue = '';
let green = '';

beforeEach(async () => {
  fake = await startFakeAws({ pollsToStable: 2 });
  client = new ecs.ECSClient(sdkConfig(fake, { maxAttempts: 1 }));
  elb = new elbv2.ElasticLoadBalancingV2Client(sdkConfig(fake));
  const vpc = fake.state.ec2.vpc.id;
  const group = async (Name: string) =>
    (
      await elb.send(
        new elbv2.CreateTargetGroupCommand({
          Name,
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: vpc,
          TargetType: 'ip',
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
  blue = await group('demo-blue');
  green = await group('demo-green');
  const lb = await elb.send(
    new elbv2.CreateLoadBalancerCommand({ Name: 'demo', Subnets: fake.state.ec2.subnets.map((s) => s.id) }),
  );
  const listener = await elb.send(
    new elbv2.CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  const created = await elb.send(
    new elbv2.CreateRuleCommand({
      ListenerArn: listener.Listeners![0]!.ListenerArn,
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: blue }],
    }),
  );
  rule = created.Rules![0]!.RuleArn!;
  await createService(fake, {
    image: 'registry/demo:1',
    loadBalancers: [
      {
        targetGroupArn: blue,
        containerName: 'app',
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: green,
          productionListenerRule: rule,
          roleArn: 'arn:aws:iam::123456789012:role/demo-ecs-infrastructure',
        },
      },
    ],
  });
  await tick(2);
});
afterEach(async () => {
  client?.destroy();
  elb?.destroy();
  await fake?.close();
});

const tick = async (n = 1) => {
  let last: ecs.Service | undefined;
  for (let i = 0; i < n; i++) {
    const out = await client.send(
      new ecs.DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }),
    );
    last = out.services![0];
  }
  return last!;
};

const weights = async () => {
  const out = await elb.send(new elbv2.DescribeRulesCommand({ RuleArns: [rule] }));
  const groups = out.Rules![0]!.Actions![0]!.ForwardConfig?.TargetGroups ?? [];
  return groups.find((g) => g.TargetGroupArn === green)?.Weight ?? 0;
};

const deploy = async (deploymentConfiguration: ecs.DeploymentConfiguration) => {
  const taskDefinition = await registerTaskDefinition(fake, { image: 'registry/demo:2' });
  await client.send(
    new ecs.UpdateServiceCommand({
      cluster: 'demo',
      service: 'demo-prod',
      taskDefinition,
      deploymentConfiguration,
    }),
  );
};

/** The new revision's traffic share after each tick, until the deployment leaves IN_PROGRESS. */
const follow = async () => {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const service = await tick();
    const primary = service.deployments!.find((d) => d.status === 'PRIMARY')!;
    seen.push(`${await weights()}`);
    if (primary.rolloutState !== 'IN_PROGRESS') return { seen, primary, service };
  }
  throw new Error('the deployment never finished');
};

describe('deployment strategies', () => {
  it('CANARY: 10 % for its bake, then 100 %, then the deployment bake, then COMPLETED', async () => {
    await deploy({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
      bakeTimeInMinutes: 2,
    });
    const { seen, primary, service } = await follow();
    // Tick 1 the new task starts, tick 2 it is ready: 10 % for 3 minutes, 100 % and 2 minutes' bake.
    expect(seen).toEqual(['0', '10', '10', '10', '100', '100', '100']);
    expect(primary.rolloutState).toBe('COMPLETED');
    expect(service.events!.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('shifted 10% of production traffic to the new revision'),
        expect.stringContaining('shifted 100% of production traffic to the new revision'),
      ]),
    );
  });

  it('LINEAR: every step in turn, each baked', async () => {
    await deploy({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 } });
    const { seen, primary } = await follow();
    expect(seen).toEqual(['0', '25', '50', '75', '100']);
    expect(primary.rolloutState).toBe('COMPLETED');
  });

  it('[ecs-release-target-group-alternates] the next release shifts to the other group, and back', async () => {
    const share = async (arn: string) => {
      const out = await elb.send(new elbv2.DescribeRulesCommand({ RuleArns: [rule] }));
      const groups = out.Rules![0]!.Actions![0]!.ForwardConfig?.TargetGroups ?? [];
      return groups.find((g) => g.TargetGroupArn === arn)?.Weight ?? 0;
    };
    await deploy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
    await follow();
    expect([await share(blue), await share(green)]).toEqual([0, 100]);
    await deploy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
    await follow();
    expect([await share(blue), await share(green)]).toEqual([100, 0]);
  });

  it('[elb-weighted-group-in-use] a target group in a weighted forward, even at weight 0, cannot be deleted', async () => {
    await deploy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 });
    await follow();
    await expect(
      elb.send(new elbv2.DeleteTargetGroupCommand({ TargetGroupArn: blue })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
  });

  it('BLUE_GREEN: all at once, then the bake', async () => {
    await deploy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    const { seen } = await follow();
    expect(seen).toEqual(['0', '100', '100']);
  });

  it('an alarm that fires during the canary fails the deployment naming it, returns traffic and rolls back', async () => {
    const cloudwatch = new cw.CloudWatchClient(sdkConfig(fake));
    await cloudwatch.send(
      new cw.PutMetricAlarmCommand({
        AlarmName: 'demo-5xx',
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    await deploy({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 },
      alarms: { alarmNames: ['demo-5xx'], enable: true, rollback: true },
    });
    await tick(3);
    expect(await weights()).toBe(5);
    await cloudwatch.send(
      new cw.SetAlarmStateCommand({ AlarmName: 'demo-5xx', StateValue: 'ALARM', StateReason: 'test: 5xx' }),
    );
    cloudwatch.destroy();
    const service = await tick();
    const failed = service.deployments!.find((d) => d.rolloutState === 'FAILED');
    expect(failed?.rolloutStateReason).toMatch(/failed: alarm demo-5xx is in ALARM state/);
    expect(await weights()).toBe(0);
    expect(service.events!.slice(0, 3).map((e) => e.message)).toEqual([
      expect.stringContaining('has started 1 tasks'),
      expect.stringContaining('rolling back to taskDefinition'),
      expect.stringContaining('deployment failed: alarm detected. Alarm demo-5xx is in ALARM state.'),
    ]);
    const history = await client.send(
      new ecs.ListServiceDeploymentsCommand({ cluster: 'demo', service: 'demo-prod' }),
    );
    expect(history.serviceDeployments?.[0]?.status).toMatch(/^ROLLBACK_/);
  });

  it.each([
    [{ strategy: 'CANARY' }, 'canaryConfiguration is required for the CANARY strategy'],
    [
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 1 } },
      'stepPercent must be between 3 and 100',
    ],
    [{ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2000 }, 'bakeTimeInMinutes must be between 0 and 1440'],
  ])('refuses %j', async (deploymentConfiguration, message) => {
    await expect(deploy(deploymentConfiguration as ecs.DeploymentConfiguration)).rejects.toThrow(message);
  });

  it('refuses a traffic-shifting strategy without the load balancer advanced configuration', async () => {
    const taskDefinition = await registerTaskDefinition(fake, { image: 'registry/demo:3' });
    await client.send(
      new ecs.CreateServiceCommand({
        cluster: 'demo',
        serviceName: 'plain',
        taskDefinition,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0fa4e000000000001'] } },
      }),
    );
    await expect(
      client.send(
        new ecs.UpdateServiceCommand({
          cluster: 'demo',
          service: 'plain',
          deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5 } },
        }),
      ),
    ).rejects.toThrow('requires a load balancer with advancedConfiguration');
  });
});
