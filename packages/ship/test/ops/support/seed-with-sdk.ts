// Test setup for the operating commands: creates, with the real SDK against
// the fake, the resources `ship deploy` leaves behind for an app and
// environment (same names and tags, from src/deploy/naming.ts) and rolls out
// task-definition revisions. It stands in for `ship deploy --image` so these
// tests do not depend on the deploy command's progress; it is not a second
// deploy implementation (no diffing, no ALB, no waiting rules of its own).
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { ShipConfig } from '../../../src/config/schema.js';
import { resourceNames, shipTags } from '../../../src/deploy/naming.js';
import { buildTaskDefinition, registrationInput } from '../../../src/deploy/task-definition.js';
import type { FakeAws } from '../../fake-aws/index.js';
import { holdImages } from '../../fake-aws/push-test-image.js';
import { sdkConfig } from '../../fake-aws/sdk-config.js';

export interface SeedTarget {
  app: string;
  env: string;
}

export function seedClients(fake: FakeAws) {
  const config = sdkConfig(fake);
  return {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
  };
}

type Clients = ReturnType<typeof seedClients>;

const listTags = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const ecsTags = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

function configFor(fake: FakeAws, target: SeedTarget, extra: Record<string, unknown> = {}): ShipConfig {
  return parseConfig(JSON.stringify({ app: target.app, environment: target.env, ...extra }), {
    file: 'ship.config.json',
    defaultRegion: fake.region,
  }).config;
}

/** Creates the environment's service running `image` (and the app's shared resources if missing); waits until COMPLETED. */
export async function seedDeployedService(
  fake: FakeAws,
  clients: Clients,
  target: SeedTarget,
  image: string,
  options: { desiredCount?: number } = {},
): Promise<string> {
  const names = resourceNames(target, 'us-east-1');
  const appTags = shipTags(target, 'app');
  const envTags = shipTags(target, 'env');
  const config = configFor(fake, target);

  const cluster = await clients.ecs.send(new DescribeClustersCommand({ clusters: [names.cluster] }));
  if (!cluster.clusters?.some((c) => c.status === 'ACTIVE')) {
    await clients.ecs.send(new CreateClusterCommand({ clusterName: names.cluster, tags: ecsTags(appTags) }));
    await clients.ecr.send(
      new CreateRepositoryCommand({ repositoryName: names.repository, tags: listTags(appTags) }),
    );
  }
  const roleArn = await ensureRole(clients, names.executionRole, { ...envTags, 'ship:region': 'us-east-1' });
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: names.logGroup, tags: envTags }));
  const vpc = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  const subnets = (await clients.ec2.send(new DescribeSubnetsCommand({}))).Subnets!.map((s) => s.SubnetId!);
  const group = await clients.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: names.taskSecurityGroup,
      Description: `ship ${target.app} ${target.env} tasks`,
      VpcId: vpc,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: listTags(envTags) }],
    }),
  );
  holdImages(fake, [image]);
  const taskDefinition = await registerRevision(clients, config, roleArn, image);
  await clients.ecs.send(
    new CreateServiceCommand({
      cluster: names.cluster,
      serviceName: names.service,
      taskDefinition,
      desiredCount: options.desiredCount ?? 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets, securityGroups: [group.GroupId!], assignPublicIp: 'ENABLED' },
      },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
      tags: ecsTags(envTags),
      propagateTags: 'SERVICE',
    }),
  );
  await settle(clients, target);
  return taskDefinition;
}

/** Registers a new revision with `image` and points the service at it; waits until ECS settles (completed or rolled back) unless `wait` is false. */
export async function seedRevision(
  fake: FakeAws,
  clients: Clients,
  target: SeedTarget,
  image: string,
  options: { wait?: boolean } = {},
): Promise<string> {
  const names = resourceNames(target, 'us-east-1');
  const role = await clients.iam.send(new GetRoleCommand({ RoleName: names.executionRole }));
  holdImages(fake, [image]);
  const taskDefinition = await registerRevision(clients, configFor(fake, target), role.Role!.Arn!, image);
  await clients.ecs.send(
    new UpdateServiceCommand({ cluster: names.cluster, service: names.service, taskDefinition }),
  );
  if (options.wait !== false) await settle(clients, target);
  return taskDefinition;
}

/** Polls DescribeServices (each poll is a tick of the fake's clock) until one deployment is left and it is not IN_PROGRESS. */
export async function settle(clients: Clients, target: SeedTarget, maxPolls = 60): Promise<void> {
  const names = resourceNames(target, 'us-east-1');
  for (let i = 0; i < maxPolls; i++) {
    const found = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: names.cluster, services: [names.service] }),
    );
    const deployments = found.services?.[0]?.deployments ?? [];
    if (deployments.length === 1 && deployments[0]!.rolloutState !== 'IN_PROGRESS') return;
  }
  throw new Error(`${names.service} did not settle in ${maxPolls} polls`);
}

/** Polls DescribeServices `n` times (moves the fake's clock). */
export async function tick(clients: Clients, target: SeedTarget, n: number): Promise<void> {
  const names = resourceNames(target, 'us-east-1');
  for (let i = 0; i < n; i++) {
    await clients.ecs.send(
      new DescribeServicesCommand({ cluster: names.cluster, services: [names.service] }),
    );
  }
}

/** Writes lines to a stream of the environment's log group, as a task's awslogs driver would. */
export async function writeLogLines(clients: Clients, target: SeedTarget, stream: string, lines: string[]) {
  const names = resourceNames(target, 'us-east-1');
  await clients.logs
    .send(new CreateLogStreamCommand({ logGroupName: names.logGroup, logStreamName: stream }))
    .catch((error: Error) => {
      if (error.name !== 'ResourceAlreadyExistsException') throw error;
    });
  await clients.logs.send(
    new PutLogEventsCommand({
      logGroupName: names.logGroup,
      logStreamName: stream,
      logEvents: lines.map((message) => ({ message, timestamp: Date.now() })),
    }),
  );
}

/** Resources a user made by hand, untagged: destroy must leave them alone. */
export async function seedForeignResources(clients: Clients): Promise<void> {
  const vpc = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  const existing = await clients.ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['hand-made'] }] }),
  );
  if ((existing.SecurityGroups ?? []).length === 0) {
    await clients.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'hand-made', Description: 'not ship', VpcId: vpc }),
    );
  }
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'hand-made' }));
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: '/ship/hand-made' }));
}

async function ensureRole(clients: Clients, name: string, tags: Record<string, string>): Promise<string> {
  const role = await clients.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
      Tags: listTags(tags),
    }),
  );
  await clients.iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'ship-task-execution',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: '*' }],
      }),
    }),
  );
  return role.Role!.Arn!;
}

async function registerRevision(clients: Clients, config: ShipConfig, roleArn: string, image: string) {
  const target = { app: config.app, env: config.environment };
  const definition = buildTaskDefinition({
    config,
    names: resourceNames(target, 'us-east-1'),
    image,
    executionRoleArn: roleArn,
  });
  const input = {
    ...registrationInput(definition),
    tags: ecsTags(shipTags(target, 'env')),
  } as RegisterTaskDefinitionCommandInput;
  const out = await clients.ecs.send(new RegisterTaskDefinitionCommand(input));
  return out.taskDefinition!.taskDefinitionArn!;
}
