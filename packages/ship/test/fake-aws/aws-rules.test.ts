// The rules AWS enforces that the fake models (README.md, "Rules AWS enforces"), each through
// the real SDK. Test names carry the catalogue id: catalogue.test.ts checks every entry has one.
import {
  ApplicationAutoScalingClient,
  ListTagsForResourceCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  ClientException,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ecsTrust = (condition?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

const service = async (ecs: ECSClient) =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }))).services![0]!;

describe('Application Auto Scaling', () => {
  it('[autoscaling-tag-existing-target] refuses Tags on an existing scalable target; TagResource changes them', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    await createService(fake, { image: 'demo:1' });
    const scaling = new ApplicationAutoScalingClient(sdkConfig(fake));
    const target = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: 'service/demo/demo-prod',
      ScalableDimension: 'ecs:service:DesiredCount' as const,
      MinCapacity: 1,
      MaxCapacity: 4,
    };
    const { ScalableTargetARN: arn } = await scaling.send(
      new RegisterScalableTargetCommand({ ...target, Tags: { 'ship:app': 'demo' } }),
    );
    // Changing capacity without Tags is how an existing target is updated.
    await scaling.send(new RegisterScalableTargetCommand({ ...target, MaxCapacity: 6 }));
    const again = scaling.send(
      new RegisterScalableTargetCommand({ ...target, Tags: { 'ship:app': 'demo' } }),
    );
    await expect(again).rejects.toBeInstanceOf(ValidationException);
    await expect(again).rejects.toThrow(
      'The scalable target that you tried to tag already exists. To update tags on an existing scalable target, use the TagResource API.',
    );
    await scaling.send(new TagResourceCommand({ ResourceARN: arn, Tags: { 'ship:env': 'prod' } }));
    await scaling.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['ship:app'] }));
    const { Tags } = await scaling.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    expect(Tags).toEqual({ 'ship:env': 'prod' });
    expect(
      fake.state.autoscaling.targets.get(`ecs|${target.ResourceId}|${target.ScalableDimension}`),
    ).toMatchObject({
      maxCapacity: 6,
    });
  });
});

describe('IAM', () => {
  it('[iam-global-names] a role name is the account’s, whichever region creates or deletes it', async () => {
    fake = await startFakeAws();
    const east = new IAMClient(sdkConfig(fake));
    const west = new IAMClient(sdkConfig(fake, { region: 'eu-west-1' }));
    await east.send(
      new CreateRoleCommand({ RoleName: 'web-prod-execution', AssumeRolePolicyDocument: ecsTrust() }),
    );
    const twice = west.send(
      new CreateRoleCommand({ RoleName: 'web-prod-execution', AssumeRolePolicyDocument: ecsTrust() }),
    );
    await expect(twice).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await expect(twice).rejects.toThrow('Role with name web-prod-execution already exists.');
    const { Role } = await west.send(new GetRoleCommand({ RoleName: 'web-prod-execution' }));
    expect(Role!.Arn).toBe('arn:aws:iam::123456789012:role/web-prod-execution');
    // Deleting "in" the other region deletes the one role both regions see.
    await west.send(new DeleteRoleCommand({ RoleName: 'web-prod-execution' }));
    expect(fake.state.iam.roles.has('web-prod-execution')).toBe(false);
    expect(fake.inventory().filter((i) => i.type === 'role')).toEqual([]);
  });

  it('[iam-eventual-consistency] ECS cannot assume a new role until it has propagated, though GetRole sees it', async () => {
    fake = await startFakeAws({ pollsToStable: 1, iamPropagationCalls: 3 });
    const ecs = new ECSClient(sdkConfig(fake));
    await createService(fake, { image: 'demo:1' });
    const blocked = await service(ecs);
    expect(blocked.runningCount).toBe(0);
    expect(blocked.events![0]!.message).toMatch(/ECS was unable to assume the role '.*demo-prod-execution'/);
    const iam = new IAMClient(sdkConfig(fake));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'demo-prod-execution' }))).Role).toBeDefined();
    await service(ecs);
    const running = await service(ecs);
    expect(running.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 1 });
  });

  it('[iam-trust-conditions] aws:SourceAccount in the trust policy must name this account for ECS to assume the role', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    const ecs = new ECSClient(sdkConfig(fake));
    const iam = new IAMClient(sdkConfig(fake));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'demo-prod-execution',
        AssumeRolePolicyDocument: ecsTrust({ StringEquals: { 'aws:SourceAccount': '999999999999' } }),
      }),
    );
    await createService(fake, { image: 'demo:1' });
    expect((await service(ecs)).events![0]!.message).toMatch(/unable to assume the role/);
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'demo-prod-execution',
        PolicyDocument: ecsTrust({
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:123456789012:*' },
        }),
      }),
    );
    await service(ecs);
    expect((await service(ecs)).deployments![0]).toMatchObject({ rolloutState: 'COMPLETED' });
  });
});

describe('limits', () => {
  it('[limit-names] names past AWS’s lengths or alphabets are refused with the service’s message', async () => {
    fake = await startFakeAws();
    const ecs = new ECSClient(sdkConfig(fake));
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const ec2 = new EC2Client(sdkConfig(fake));
    const iam = new IAMClient(sdkConfig(fake));
    await expect(ecs.send(new CreateClusterCommand({ clusterName: 'a'.repeat(256) }))).rejects.toThrow(
      /Cluster name can have up to 255 characters/,
    );
    await expect(
      elb.send(
        new CreateTargetGroupCommand({
          Name: 'a'.repeat(33),
          Protocol: 'HTTP',
          Port: 80,
          VpcId: fake.state.ec2.vpc.id,
        }),
      ),
    ).rejects.toThrow(/maximum of 32 characters/);
    await expect(
      elb.send(
        new CreateLoadBalancerCommand({ Name: 'a'.repeat(33), Subnets: ['subnet-0fa4e000000000001'] }),
      ),
    ).rejects.toThrow(/cannot be longer than '32' characters/);
    await expect(
      iam.send(new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: ecsTrust() })),
    ).rejects.toThrow(/roleName/);
    await expect(
      ec2.send(new CreateSecurityGroupCommand({ GroupName: 'g'.repeat(256), Description: 'x' })),
    ).rejects.toThrow(/Length exceeds maximum of 255/);
    await createService(fake, { image: 'demo:1' });
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'demo',
          serviceName: 'has a space',
          taskDefinition: 'demo-prod',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0fa4e000000000001'] } },
        }),
      ),
    ).rejects.toThrow(/Service name can have up to 255 characters/);
  });

  it('[limit-fargate-sizes] Fargate takes only its CPU/memory pairs', async () => {
    fake = await startFakeAws();
    const ecs = new ECSClient(sdkConfig(fake));
    const register = (cpu: string, memory: string) =>
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'demo-prod',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu,
          memory,
          containerDefinitions: [{ name: 'app', image: 'demo:1' }],
        }),
      );
    await expect(register('256', '4096')).rejects.toBeInstanceOf(ClientException);
    await expect(register('1024', '512')).rejects.toBeInstanceOf(ClientException);
    await expect(register('512', '1024')).resolves.toBeDefined();
  });

  it('[limit-security-groups-per-eni] a task takes at most 5 security groups', async () => {
    fake = await startFakeAws();
    const ec2 = new EC2Client(sdkConfig(fake));
    const groups: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { GroupId } = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: `g${i}`, Description: 'x' }),
      );
      groups.push(GroupId!);
    }
    const create = createService(fake, { image: 'demo:1', securityGroups: groups });
    await expect(create).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(create).rejects.toThrow('limit of 5 security groups');
    fake.state.ecs.clusters.clear();
    await expect(
      createService(fake, { image: 'demo:1', securityGroups: groups.slice(0, 5) }),
    ).resolves.toBeDefined();
  });

  it('[limit-rule-priority] listener-rule priorities are 1–50000 and unique per listener', async () => {
    fake = await startFakeAws();
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const { LoadBalancers } = await elb.send(
      new CreateLoadBalancerCommand({
        Name: 'demo',
        Subnets: ['subnet-0fa4e000000000001', 'subnet-0fa4e000000000002'],
      }),
    );
    const { TargetGroups } = await elb.send(
      new CreateTargetGroupCommand({
        Name: 'demo',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: fake.state.ec2.vpc.id,
        TargetType: 'ip',
      }),
    );
    const forward = [{ Type: 'forward' as const, TargetGroupArn: TargetGroups![0]!.TargetGroupArn! }];
    const { Listeners } = await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: LoadBalancers![0]!.LoadBalancerArn!,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: forward,
      }),
    );
    const rule = (priority: number) =>
      elb.send(
        new CreateRuleCommand({
          ListenerArn: Listeners![0]!.ListenerArn!,
          Priority: priority,
          Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [`p${priority}.example.com`] } }],
          Actions: forward,
        }),
      );
    await expect(rule(0)).rejects.toThrow(/Member must have value between 1 and 50000/);
    await expect(rule(50001)).rejects.toThrow(/Member must have value between 1 and 50000/);
    await expect(rule(50000)).resolves.toBeDefined();
    await expect(rule(50000)).rejects.toThrow("Priority '50000' is currently in use");
  });
});

describe('CloudWatch Logs', () => {
  it('[logs-filter-pages] FilterLogEvents pages hold at most 1 MB, oldest first', async () => {
    fake = await startFakeAws();
    const logs = new CloudWatchLogsClient(sdkConfig(fake));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/demo' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/demo', logStreamName: 's' }));
    const message = 'x'.repeat(10_000);
    const logEvents = Array.from({ length: 250 }, (_, i) => ({ timestamp: 1_000 + i, message }));
    await logs.send(new PutLogEventsCommand({ logGroupName: '/demo', logStreamName: 's', logEvents }));
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/demo' }));
    expect(first.events!.length).toBeLessThan(250);
    expect(first.events!.length * 10_026).toBeLessThanOrEqual(1_048_576);
    expect(first.events![0]!.timestamp).toBe(1_000);
    const second = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/demo', nextToken: first.nextToken }),
    );
    expect(second.events![0]!.timestamp).toBe(1_000 + first.events!.length);
  });
});

describe('ECS', () => {
  it('[ecs-service-deployments-lag] a new deployment is listed by ListServiceDeployments only after a while', async () => {
    fake = await startFakeAws({ pollsToStable: 5 });
    const ecs = new ECSClient(sdkConfig(fake));
    await createService(fake, { image: 'demo:1' });
    for (let i = 0; i < 5; i++) await service(ecs);
    fake.configure({ consistencyDelayCalls: 3 });
    const next = await registerTaskDefinition(fake, { image: 'demo:2' });
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: next }));
    const list = async () =>
      (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'demo-prod' })))
        .serviceDeployments!;
    expect(await list()).toHaveLength(1);
    // DescribeServices already shows the new primary; the history does not yet.
    expect((await service(ecs)).taskDefinition).toBe(next);
    expect(await list()).toHaveLength(1);
    expect(await list()).toHaveLength(2);
  });
});
