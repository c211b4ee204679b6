import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
afterEach(async () => {
  await fake?.close();
});

describe('STS', () => {
  it('answers GetCallerIdentity with the configured account', async () => {
    fake = await startFakeAws({ accountId: '210987654321' });
    const sts = new STSClient(sdkConfig(fake));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('210987654321');
    expect(me.Arn).toBe('arn:aws:iam::210987654321:user/fake-aws-tester');
  });
});

describe('ECR', () => {
  it('creates, describes, tags and deletes a repository; URIs point at the local registry', async () => {
    fake = await startFakeAws({ registryHost: '127.0.0.1:5999', registryPassword: 'secret' });
    const ecr = new ECRClient(sdkConfig(fake));
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'demo',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        tags: [{ Key: 'ship:app', Value: 'demo' }],
      }),
    );
    expect(created.repository).toMatchObject({
      repositoryName: 'demo',
      repositoryUri: `${fake.registryHost}/demo`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(created.repository!.createdAt).toBeInstanceOf(Date);
    await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: 'demo' }))).rejects.toBeInstanceOf(
      RepositoryAlreadyExistsException,
    );
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['demo'] }));
    expect(repositories!.map((r) => r.repositoryArn)).toEqual([
      'arn:aws:ecr:us-east-1:123456789012:repository/demo',
    ]);
    const tags = await ecr.send(
      new ListTagsForResourceCommand({ resourceArn: repositories![0]!.repositoryArn }),
    );
    expect(tags.tags).toEqual([{ Key: 'ship:app', Value: 'demo' }]);
    const policy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
          action: { type: 'expire' },
        },
      ],
    });
    const put = await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: 'demo', lifecyclePolicyText: policy }),
    );
    expect(put.lifecyclePolicyText).toBe(policy);

    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = token.authorizationData![0]!;
    expect(Buffer.from(data.authorizationToken!, 'base64').toString()).toBe('AWS:secret');
    expect(data.proxyEndpoint).toBe(`http://${fake.registryHost}`);
    expect(data.expiresAt).toBeInstanceOf(Date);

    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'demo', force: true }));
    expect(fake.inventory()).toEqual([]);
  });

  it('maps a missing repository to RepositoryNotFoundException', async () => {
    fake = await startFakeAws();
    const ecr = new ECRClient(sdkConfig(fake));
    const missing = ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }));
    await expect(missing).rejects.toBeInstanceOf(RepositoryNotFoundException);
    await expect(missing).rejects.toThrow(
      "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    );
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'nope' }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
