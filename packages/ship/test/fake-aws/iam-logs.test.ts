import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
afterEach(async () => {
  await fake?.close();
});

const trustPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const executionPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

describe('IAM', () => {
  it('creates a tagged role with policies and refuses to delete it until they are gone', async () => {
    fake = await startFakeAws();
    const iam = new IAMClient(sdkConfig(fake));
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'demo-prod-execution',
        AssumeRolePolicyDocument: trustPolicy,
        Tags: [
          { Key: 'ship:app', Value: 'demo' },
          { Key: 'ship:env', Value: 'prod' },
        ],
      }),
    );
    expect(created.Role!.Arn).toBe('arn:aws:iam::123456789012:role/demo-prod-execution');
    expect(created.Role!.CreateDate).toBeInstanceOf(Date);
    await expect(
      iam.send(
        new CreateRoleCommand({ RoleName: 'demo-prod-execution', AssumeRolePolicyDocument: trustPolicy }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);

    const got = await iam.send(new GetRoleCommand({ RoleName: 'demo-prod-execution' }));
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(
      JSON.parse(trustPolicy),
    );
    expect(got.Role!.Tags).toEqual([
      { Key: 'ship:app', Value: 'demo' },
      { Key: 'ship:env', Value: 'prod' },
    ]);

    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'demo-prod-execution', PolicyArn: executionPolicy }),
    );
    await expect(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'demo-prod-execution',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    const readSecrets = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ssm:GetParameters',
          Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/demo/*',
        },
      ],
    });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'demo-prod-execution',
        PolicyName: 'secrets',
        PolicyDocument: readSecrets,
      }),
    );
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'demo-prod-execution' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: executionPolicy },
    ]);
    expect(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'demo-prod-execution' }))).PolicyNames,
    ).toEqual(['secrets']);
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'demo-prod-execution' }))).Tags).toHaveLength(
      2,
    );

    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'demo-prod-execution' }))).rejects.toBeInstanceOf(
      DeleteConflictException,
    );
    await iam.send(
      new DetachRolePolicyCommand({ RoleName: 'demo-prod-execution', PolicyArn: executionPolicy }),
    );
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'demo-prod-execution', PolicyName: 'secrets' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'demo-prod-execution' }));
    const gone = iam.send(new GetRoleCommand({ RoleName: 'demo-prod-execution' }));
    await expect(gone).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(gone).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(fake.inventory()).toEqual([]);
  });
});

describe('CloudWatch Logs', () => {
  it('manages a tagged log group with retention', async () => {
    fake = await startFakeAws();
    const logs = new CloudWatchLogsClient(sdkConfig(fake));
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: '/ship/demo/prod', tags: { 'ship:app': 'demo' } }),
    );
    await expect(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/ship/demo/prod' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ship/demo/prod', retentionInDays: 10 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ship/demo/prod', retentionInDays: 14 }));
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ship/demo' }));
    expect(logGroups).toHaveLength(1);
    expect(logGroups![0]).toMatchObject({ logGroupName: '/ship/demo/prod', retentionInDays: 14 });
    expect(typeof logGroups![0]!.creationTime).toBe('number');
    const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: logGroups![0]!.logGroupArn }));
    expect(tags.tags).toEqual({ 'ship:app': 'demo' });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/ship/demo/prod' }));
    await expect(
      logs.send(new DeleteLogGroupCommand({ logGroupName: '/ship/demo/prod' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('carries the lines tasks write through awslogs, filtered and paged', async () => {
    fake = await startFakeAws({ pollsToStable: 2, circuitBreakerThreshold: 1 });
    const logs = new CloudWatchLogsClient(sdkConfig(fake));
    const ecs = new ECSClient(sdkConfig(fake));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ship/demo/prod' }));
    const before = Date.now();
    fake.failImages(/:broken$/);
    await createService(fake, { image: 'registry/demo:broken', logGroup: '/ship/demo/prod' });
    for (let i = 0; i < 3; i++)
      await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }));

    const all = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ship/demo/prod', startTime: before }),
    );
    expect(all.events!.map((e) => e.message)).toEqual([
      'starting registry/demo:broken',
      'server listening on http://0.0.0.0:8080',
      'Error: the app crashed on start-up (fake-aws failImages)',
    ]);
    expect(all.events![0]!.logStreamName).toMatch(/^ecs\/app\/[0-9a-f]{32}$/);
    const errors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ship/demo/prod', filterPattern: '"Error"' }),
    );
    expect(errors.events).toHaveLength(1);
    const later = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ship/demo/prod',
        startTime: all.events![2]!.timestamp! + 1,
      }),
    );
    expect(later.events).toEqual([]);

    const firstPage = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ship/demo/prod', limit: 2 }),
    );
    expect(firstPage.events).toHaveLength(2);
    const secondPage = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ship/demo/prod',
        limit: 2,
        nextToken: firstPage.nextToken,
      }),
    );
    expect(secondPage.events!.map((e) => e.message)).toEqual([
      'Error: the app crashed on start-up (fake-aws failImages)',
    ]);
    expect(secondPage.nextToken).toBeUndefined();

    const stream = all.events![0]!.logStreamName!;
    const head = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ship/demo/prod',
        logStreamName: stream,
        startFromHead: true,
        limit: 1,
      }),
    );
    expect(head.events!.map((e) => e.message)).toEqual(['starting registry/demo:broken']);
    const next = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ship/demo/prod',
        logStreamName: stream,
        nextToken: head.nextForwardToken,
      }),
    );
    expect(next.events).toHaveLength(2);
  });

  it('stops tasks whose awslogs group does not exist, as Fargate does', async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    const ecs = new ECSClient(sdkConfig(fake));
    await createService(fake, { image: 'registry/demo:ok', logGroup: '/ship/missing' });
    await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }));
    const stopped = fake.state.ecs.tasks.values().next().value!;
    expect(stopped.lastStatus).toBe('STOPPED');
    expect(stopped.stoppedReason).toMatch(
      /^ResourceInitializationError: .*The specified log group does not exist/,
    );
  });
});
