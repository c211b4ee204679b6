import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('wire protocol', () => {
  it('rejects a request without SigV4 Authorization, in the service dialect', async () => {
    fake = await startFakeAws();
    const json = await fetch(fake.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      },
      body: '{}',
    });
    expect(json.status).toBe(403);
    expect(json.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await json.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });

    const query = await fetch(fake.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetRole&Version=2010-05-08&RoleName=x',
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(fake.calls()).toEqual([
      { service: 'ecs', action: 'ListClusters', error: 'MissingAuthenticationTokenException' },
      { service: 'iam', action: 'GetRole', error: 'MissingAuthenticationToken' },
    ]);
  });

  it('names an operation it does not implement', async () => {
    fake = await startFakeAws();
    const response = await fetch(fake.endpoint, {
      method: 'POST',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RunTask',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnknownOperationException');
    expect(body.message).toMatch(/^fake AWS does not implement ecs\.RunTask/);
  });

  it('throttles every Nth call in each dialect, and the SDK retries through it', async () => {
    fake = await startFakeAws({ throttle: { every: 2 } });
    const ecs = new ECSClient(sdkConfig(fake));
    const ec2 = new EC2Client(sdkConfig(fake));
    const sts = new STSClient(sdkConfig(fake));
    await sts.send(new GetCallerIdentityCommand({}));
    await ecs.send(new ListClustersCommand({}));
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs).toHaveLength(1);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
    expect(
      fake
        .calls()
        .filter((c) => c.error)
        .map((c) => c.error),
    ).toEqual(['ThrottlingException', 'RequestLimitExceeded', 'Throttling']);
    const noRetry = new ECSClient(sdkConfig(fake, { maxAttempts: 1 }));
    // Call 8: throttled, and with retries off the typed error reaches the caller.
    const throttled = noRetry.send(new ListClustersCommand({}));
    await expect(throttled).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('throttles only the listed actions when asked, e.g. a poller', async () => {
    fake = await startFakeAws({ throttle: { every: 1, actions: ['ecs:ListClusters'] } });
    const ecs = new ECSClient(sdkConfig(fake, { maxAttempts: 1 }));
    const sts = new STSClient(sdkConfig(fake, { maxAttempts: 1 }));
    await sts.send(new GetCallerIdentityCommand({}));
    await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    fake.configure({ throttle: false });
    expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
  });

  it('hides new resources from reads for consistencyDelayCalls requests', async () => {
    fake = await startFakeAws({ consistencyDelayCalls: 2 });
    const iam = new IAMClient(sdkConfig(fake));
    const ecs = new ECSClient(sdkConfig(fake));
    await iam.send(new CreateRoleCommand({ RoleName: 'demo-exec', AssumeRolePolicyDocument: trustPolicy }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'demo-exec' }))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
    await expect(iam.send(new GetRoleCommand({ RoleName: 'demo-exec' }))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
    const role = await iam.send(new GetRoleCommand({ RoleName: 'demo-exec' }));
    expect(role.Role!.RoleName).toBe('demo-exec');

    await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
    const early = await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }));
    expect(early.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c', reason: 'MISSING' },
    ]);
    await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }));
    const late = await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }));
    expect(late.clusters![0]!.status).toBe('ACTIVE');
  });

  it('adds latencyMs to every request', async () => {
    fake = await startFakeAws({ latencyMs: 150 });
    const sts = new STSClient(sdkConfig(fake));
    await sts.send(new GetCallerIdentityCommand({}));
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('is found through the standard AWS_ENDPOINT_URL variable', async () => {
    fake = await startFakeAws();
    const saved = process.env['AWS_ENDPOINT_URL'];
    process.env['AWS_ENDPOINT_URL'] = fake.endpoint;
    try {
      const sts = new STSClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
    } finally {
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL'];
      else process.env['AWS_ENDPOINT_URL'] = saved;
    }
    expect(fake.calls()).toEqual([{ service: 'sts', action: 'GetCallerIdentity' }]);
  });
});
