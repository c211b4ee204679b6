import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  ModifyTargetGroupAttributesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
afterEach(async () => {
  await fake?.close();
});

const shipTags = [
  { Key: 'ship:app', Value: 'demo' },
  { Key: 'ship:env', Value: 'prod' },
];

async function albStack(ec2: EC2Client, elb: ElasticLoadBalancingV2Client) {
  const vpcs = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const vpcId = vpcs.Vpcs![0]!.VpcId!;
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const subnetIds = subnets.Subnets!.map((s) => s.SubnetId!);
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'demo-prod',
      Description: 'demo prod',
      VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: shipTags }],
    }),
  );
  const lb = await elb.send(
    new CreateLoadBalancerCommand({
      Name: 'demo',
      Subnets: subnetIds,
      SecurityGroups: [sg.GroupId!],
      Tags: shipTags,
    }),
  );
  const tg = await elb.send(
    new CreateTargetGroupCommand({
      Name: 'demo-prod',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: vpcId,
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      Tags: shipTags,
    }),
  );
  const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
  const tgArn = tg.TargetGroups![0]!.TargetGroupArn!;
  const listener = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  return {
    vpcId,
    subnetIds,
    sgId: sg.GroupId!,
    lb: lb.LoadBalancers![0]!,
    tgArn,
    listenerArn: listener.Listeners![0]!.ListenerArn!,
  };
}

describe('EC2, ELBv2 and ECS together', () => {
  it('runs a service behind an ALB, reports target health and tears down to an empty inventory', async () => {
    fake = await startFakeAws({ pollsToStable: 3 });
    const ec2 = new EC2Client(sdkConfig(fake));
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const ecs = new ECSClient(sdkConfig(fake));
    const stack = await albStack(ec2, elb);
    expect(stack.subnetIds).toHaveLength(3);
    expect(stack.lb.DNSName).toMatch(/^demo-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(stack.lb.State!.Code).toBe('provisioning');

    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: stack.sgId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await expect(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: stack.sgId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
    await expect(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: stack.sgId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/33' }] },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'CIDR block 10.0.0.0/33 is malformed',
    });
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:ship:app', Values: ['demo'] }] }),
    );
    expect(groups.SecurityGroups!.map((g) => g.GroupName)).toEqual(['demo-prod']);
    expect(groups.SecurityGroups![0]!.IpPermissions![0]).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(groups.SecurityGroups![0]!.Tags).toEqual(shipTags);

    await createService(fake, {
      image: 'registry/demo:1',
      securityGroups: [stack.sgId],
      loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 8080 }],
    });
    const health = async () =>
      (
        await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: stack.tgArn }))
      ).TargetHealthDescriptions!.map((d) => d.TargetHealth!.State);
    const poll = () => ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }));
    await poll();
    expect(await health()).toEqual([]);
    await poll();
    expect(await health()).toEqual(['initial']);
    const done = await poll();
    expect(done.services![0]!.deployments![0]!.rolloutState).toBe('COMPLETED');
    expect(await health()).toEqual(['healthy']);

    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod' }));
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: taskArns }));
    const eniId = tasks![0]!.attachments![0]!.details!.find((d) => d.name === 'networkInterfaceId')!.value!;
    const enis = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
    expect(enis.NetworkInterfaces![0]!.Association!.PublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(enis.NetworkInterfaces![0]!.Groups).toEqual([{ GroupId: stack.sgId, GroupName: 'demo-prod' }]);

    await expect(ec2.send(new DeleteSecurityGroupCommand({ GroupId: stack.sgId }))).rejects.toMatchObject({
      name: 'DependencyViolation',
      message: `resource ${stack.sgId} has a dependent object`,
    });
    await expect(
      elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: stack.tgArn })),
    ).rejects.toBeInstanceOf(ResourceInUseException);

    // destroy, in dependency order
    await expect(
      ecs.send(new DeleteServiceCommand({ cluster: 'demo', service: 'demo-prod' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', desiredCount: 0 }));
    const deleted = await ecs.send(new DeleteServiceCommand({ cluster: 'demo', service: 'demo-prod' }));
    expect(deleted.service!.status).toBe('DRAINING');
    expect((await poll()).services![0]!.status).toBe('INACTIVE');
    await elb.send(new DeleteListenerCommand({ ListenerArn: stack.listenerArn }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: stack.tgArn }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: stack.lb.LoadBalancerArn! }));
    await expect(
      elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [stack.lb.LoadBalancerArn!] })),
    ).rejects.toBeInstanceOf(LoadBalancerNotFoundException);
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: stack.sgId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: stack.sgId }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'demo' }));
    const [taskDefinition] = fake.inventory().filter((i) => i.type === 'task-definition');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinition!.id }));
    await new IAMClient(sdkConfig(fake)).send(new DeleteRoleCommand({ RoleName: 'demo-prod-execution' }));
    expect(fake.inventory()).toEqual([]);
  });

  it('stops tasks failing ELB health checks, naming the target group, then rolls back', async () => {
    fake = await startFakeAws({ pollsToStable: 2, circuitBreakerThreshold: 2 });
    const ec2 = new EC2Client(sdkConfig(fake));
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const ecs = new ECSClient(sdkConfig(fake));
    const stack = await albStack(ec2, elb);
    const loadBalancers = [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 8080 }];
    const good = await createService(fake, {
      image: 'registry/demo:1',
      securityGroups: [stack.sgId],
      loadBalancers,
    });
    const poll = async () =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] })))
        .services![0]!;
    await poll();
    await poll();
    fake.failImages(/:2$/, 'unhealthy');
    const bad = await registerTaskDefinition(fake, { image: 'registry/demo:2' });
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: bad }));
    await poll();
    await poll();
    const states = (
      await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: stack.tgArn }))
    ).TargetHealthDescriptions!.map((d) => d.TargetHealth);
    expect(states).toContainEqual({ State: 'healthy' });
    expect(states).toContainEqual({
      State: 'unhealthy',
      Reason: 'Target.FailedHealthChecks',
      Description: 'Health checks failed',
    });
    let service = await poll();
    for (let i = 0; i < 10 && service.taskDefinition === bad; i++) service = await poll();
    expect(service.taskDefinition).toBe(good);
    const { taskArns } = await ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod', desiredStatus: 'STOPPED' }),
    );
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: taskArns }));
    expect(tasks!.find((t) => t.taskDefinitionArn === bad)!.stoppedReason).toBe(
      `Task failed ELB health checks in (target-group ${stack.tgArn})`,
    );
  });

  it('keeps ALB rules for per-branch environments and target group attributes', async () => {
    fake = await startFakeAws();
    const ec2 = new EC2Client(sdkConfig(fake));
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const stack = await albStack(ec2, elb);
    const feature = await elb.send(
      new CreateTargetGroupCommand({
        Name: 'demo-feature-x',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: stack.vpcId,
        TargetType: 'ip',
      }),
    );
    const featureArn = feature.TargetGroups![0]!.TargetGroupArn!;
    await elb.send(
      new CreateRuleCommand({
        ListenerArn: stack.listenerArn,
        Priority: 10,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['feature-x.demo.example.com'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: featureArn }],
        Tags: [{ Key: 'ship:env', Value: 'feature-x' }],
      }),
    );
    await expect(
      elb.send(
        new CreateRuleCommand({
          ListenerArn: stack.listenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/x/*'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: featureArn }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'PriorityInUseException' });
    const { Rules } = await elb.send(new DescribeRulesCommand({ ListenerArn: stack.listenerArn }));
    expect(Rules!.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ['10', false],
      ['default', true],
    ]);
    expect(Rules![0]!.Conditions).toEqual([
      { Field: 'host-header', HostHeaderConfig: { Values: ['feature-x.demo.example.com'] } },
    ]);
    expect(Rules![0]!.Actions![0]).toMatchObject({ Type: 'forward', TargetGroupArn: featureArn });
    const tags = await elb.send(new DescribeTagsCommand({ ResourceArns: [Rules![0]!.RuleArn!] }));
    expect(tags.TagDescriptions![0]!.Tags).toEqual([{ Key: 'ship:env', Value: 'feature-x' }]);

    await elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: featureArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }],
      }),
    );
    const attributes = await elb.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: featureArn }),
    );
    expect(attributes.Attributes).toContainEqual({
      Key: 'deregistration_delay.timeout_seconds',
      Value: '15',
    });
    await elb.send(new DeleteRuleCommand({ RuleArn: Rules![0]!.RuleArn! }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: featureArn }));
  });

  it('registers autoscaling for an ECS service', async () => {
    fake = await startFakeAws();
    const aas = new ApplicationAutoScalingClient(sdkConfig(fake));
    await createService(fake, { image: 'registry/demo:1' });
    const target = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: 'service/demo/demo-prod',
      ScalableDimension: 'ecs:service:DesiredCount' as const,
    };
    await expect(
      aas.send(
        new PutScalingPolicyCommand({ ...target, PolicyName: 'cpu', PolicyType: 'TargetTrackingScaling' }),
      ),
    ).rejects.toBeInstanceOf(ObjectNotFoundException);
    await aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }));
    await aas.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 60,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          ScaleInCooldown: 60,
          ScaleOutCooldown: 30,
        },
      }),
    );
    const targets = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(targets.ScalableTargets![0]).toMatchObject({ ...target, MinCapacity: 1, MaxCapacity: 4 });
    expect(targets.ScalableTargets![0]!.CreationTime).toBeInstanceOf(Date);
    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: target.ResourceId }),
    );
    expect(policies.ScalingPolicies![0]!.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    });
    await aas.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: 'cpu' }));
    await aas.send(new DeregisterScalableTargetCommand(target));
    expect(fake.inventory().filter((i) => i.service === 'application-autoscaling')).toEqual([]);
  });
});
