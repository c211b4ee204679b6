// Small builders the fake's own tests share: a cluster, a task definition and
// a service, made through the real SDK.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  type LoadBalancer,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { FakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

export interface ServiceSetup {
  image: string;
  logGroup?: string;
  loadBalancers?: LoadBalancer[];
  securityGroups?: string[];
  desiredCount?: number;
  rollback?: boolean;
  healthCheck?: boolean;
}

const trustPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** The execution role the task definitions name; ECS must be able to assume it to launch tasks. */
export async function createExecutionRole(fake: FakeAws): Promise<void> {
  if (fake.state.iam.roles.has('demo-prod-execution')) return;
  const iam = new IAMClient(sdkConfig(fake));
  await iam.send(
    new CreateRoleCommand({ RoleName: 'demo-prod-execution', AssumeRolePolicyDocument: trustPolicy }),
  );
}

export async function registerTaskDefinition(fake: FakeAws, setup: ServiceSetup): Promise<string> {
  const ecs = new ECSClient(sdkConfig(fake));
  await createExecutionRole(fake);
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'demo-prod',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/demo-prod-execution',
      containerDefinitions: [
        {
          name: 'app',
          image: setup.image,
          essential: true,
          portMappings: [{ containerPort: 8080 }],
          healthCheck: setup.healthCheck ? { command: ['CMD', 'node', 'health.js'] } : undefined,
          logConfiguration: setup.logGroup
            ? {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': setup.logGroup,
                  'awslogs-region': 'us-east-1',
                  'awslogs-stream-prefix': 'ecs',
                },
              }
            : undefined,
        },
      ],
      tags: [{ key: 'ship:app', value: 'demo' }],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

export async function createService(fake: FakeAws, setup: ServiceSetup): Promise<string> {
  const ecs = new ECSClient(sdkConfig(fake));
  await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
  const taskDefinition = await registerTaskDefinition(fake, setup);
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'demo',
      serviceName: 'demo-prod',
      taskDefinition,
      desiredCount: setup.desiredCount ?? 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0fa4e000000000001', 'subnet-0fa4e000000000002'],
          securityGroups: setup.securityGroups,
          assignPublicIp: 'ENABLED',
        },
      },
      loadBalancers: setup.loadBalancers,
      healthCheckGracePeriodSeconds: setup.loadBalancers ? 10 : undefined,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: setup.rollback ?? true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
      propagateTags: 'SERVICE',
      tags: [{ key: 'ship:app', value: 'demo' }],
    }),
  );
  return taskDefinition;
}
