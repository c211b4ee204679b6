import {
  ClientException,
  ClusterContainsServicesException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
afterEach(async () => {
  await fake?.close();
});

const fargate = {
  family: 'demo-prod',
  requiresCompatibilities: ['FARGATE' as const],
  networkMode: 'awsvpc' as const,
  cpu: '256',
  memory: '512',
};
const container = { name: 'app', image: 'registry/demo:1', portMappings: [{ containerPort: 8080 }] };
const network = { awsvpcConfiguration: { subnets: ['subnet-0fa4e000000000001'] } };

describe('ECS validation, with ECS messages', () => {
  it('rejects Fargate sizes outside the table and mismatched awsvpc ports', async () => {
    fake = await startFakeAws();
    const ecs = new ECSClient(sdkConfig(fake));
    const tooSmall = ecs.send(
      new RegisterTaskDefinitionCommand({ ...fargate, memory: '4096', containerDefinitions: [container] }),
    );
    await expect(tooSmall).rejects.toBeInstanceOf(ClientException);
    await expect(tooSmall).rejects.toThrow(
      'No Fargate configuration exists for given values: 256 CPU, 4096 memory.',
    );
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          ...fargate,
          containerDefinitions: [{ ...container, portMappings: [{ containerPort: 8080, hostPort: 80 }] }],
        }),
      ),
    ).rejects.toThrow(
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
    );
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...fargate,
        cpu: '0.5 vCPU',
        memory: '1 GB',
        containerDefinitions: [container],
      }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'demo-prod',
      revision: 1,
      cpu: '0.5 vCPU',
      memory: '1 GB',
    });
  });

  it('rejects a load balancer on a port the container does not expose, and a grace period without one', async () => {
    fake = await startFakeAws();
    const ecs = new ECSClient(sdkConfig(fake));
    await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ ...fargate, containerDefinitions: [container] }));
    const graceOnly = ecs.send(
      new CreateServiceCommand({
        cluster: 'demo',
        serviceName: 'demo-prod',
        taskDefinition: 'demo-prod',
        networkConfiguration: network,
        healthCheckGracePeriodSeconds: 10,
      }),
    );
    await expect(graceOnly).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(graceOnly).rejects.toThrow(
      'Health check grace period is only valid for services configured to use load balancers',
    );

    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const tg = await elb.send(
      new CreateTargetGroupCommand({
        Name: 'demo-prod',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: fake.state.ec2.vpc.id,
        TargetType: 'ip',
      }),
    );
    const targetGroupArn = tg.TargetGroups![0]!.TargetGroupArn!;
    const withLoadBalancer = (containerPort: number) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: 'demo',
          serviceName: 'demo-prod',
          taskDefinition: 'demo-prod',
          networkConfiguration: network,
          loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort }],
        }),
      );
    await expect(withLoadBalancer(8080)).rejects.toThrow(
      `The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`,
    );
    const lb = await elb.send(
      new CreateLoadBalancerCommand({ Name: 'demo', Subnets: fake.state.ec2.subnets.map((s) => s.id) }),
    );
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn!,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    );
    await expect(withLoadBalancer(9090)).rejects.toThrow(
      'The container app did not have a container port 9090 defined.',
    );
    const created = await withLoadBalancer(8080);
    expect(created.service!.loadBalancers).toEqual([
      { targetGroupArn, containerName: 'app', containerPort: 8080 },
    ]);
  });

  it('refuses to delete a cluster with services, until the service is force-deleted', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    const ecs = new ECSClient(sdkConfig(fake));
    await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ ...fargate, containerDefinitions: [container] }));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'demo',
        serviceName: 'web',
        taskDefinition: 'demo-prod',
        networkConfiguration: network,
      }),
    );
    await expect(ecs.send(new DeleteClusterCommand({ cluster: 'demo' }))).rejects.toBeInstanceOf(
      ClusterContainsServicesException,
    );
    const deleted = await ecs.send(
      new DeleteServiceCommand({ cluster: 'demo', service: 'web', force: true }),
    );
    expect(deleted.service).toMatchObject({ status: 'DRAINING', desiredCount: 0 });
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'web' }));
    expect(taskArns).toEqual([]);
    expect(fake.state.ec2.networkInterfaces.size).toBe(0);
    const cluster = await ecs.send(new DeleteClusterCommand({ cluster: 'demo' }));
    expect(cluster.cluster!.status).toBe('INACTIVE');
    await expect(ecs.send(new ListServicesCommand({ cluster: 'demo' }))).rejects.toBeInstanceOf(
      ClusterNotFoundException,
    );
  });

  it('cannot launch tasks until ECS can assume the execution role', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    const ecs = new ECSClient(sdkConfig(fake));
    const role = 'arn:aws:iam::123456789012:role/demo-prod-execution';
    await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...fargate,
        executionRoleArn: role,
        containerDefinitions: [container],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'demo',
        serviceName: 'demo-prod',
        taskDefinition: 'demo-prod',
        networkConfiguration: network,
      }),
    );
    const poll = async () =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] })))
        .services![0]!;
    const blocked = await poll();
    expect(blocked).toMatchObject({ runningCount: 0, pendingCount: 0 });
    expect(blocked.events![0]!.message).toMatch(
      /^\(service demo-prod\) failed to launch a task with \(error ECS was unable to assume the role 'arn:aws:iam::123456789012:role\/demo-prod-execution'/,
    );
    await new IAMClient(sdkConfig(fake)).send(
      new CreateRoleCommand({
        RoleName: 'demo-prod-execution',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await poll();
    const running = await poll();
    expect(running.deployments![0]).toMatchObject({
      rolloutState: 'COMPLETED',
      runningCount: 1,
      failedTasks: 0,
    });
  });
});
