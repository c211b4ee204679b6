// ECR's registry rules through the fake's per-region registry front, against a real OCI registry
// (Debian's docker-registry). Test names carry the catalogue id (README.md).
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { type FakeAws, startFakeAws } from './index.js';
import { tryPushTestImage } from './push-test-image.js';
import { sdkConfig } from './sdk-config.js';

let registry: TestRegistry;
let fake: FakeAws;

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: 'AWS', password: 'pw-rules' } });
  fake = await startFakeAws({ registryHost: registry.host, registryPassword: 'pw-rules' });
});
afterAll(async () => {
  await fake?.close();
  await registry?.stop();
});

const createRepository = (name: string, mutability: 'IMMUTABLE' | 'MUTABLE', region?: string) =>
  new ECRClient(sdkConfig(fake, region ? { region } : {})).send(
    new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: mutability }),
  );

describe('ECR registry rules', () => {
  it('[ecr-immutable-tags] refuses a push to an existing tag of an IMMUTABLE repository, whatever the digest', async () => {
    await createRepository('locked', 'IMMUTABLE');
    const first = await tryPushTestImage(fake, 'locked', 'main-abc1234', { content: 'build 1' });
    expect(first.status).toBe(201);
    const rebuilt = await tryPushTestImage(fake, 'locked', 'main-abc1234', { content: 'build 2' });
    expect(rebuilt.status).toBe(400);
    expect(JSON.parse(rebuilt.body)).toEqual({
      errors: [
        {
          code: 'TAG_INVALID',
          message:
            "The image tag 'main-abc1234' already exists in the 'locked' repository and cannot be overwritten because the repository is immutable.",
        },
      ],
    });
    const same = await tryPushTestImage(fake, 'locked', 'main-abc1234', { content: 'build 1' });
    expect(same.status).toBe(400);
    // The tag still names the first image.
    const { imageDetails } = await new ECRClient(sdkConfig(fake)).send(
      new DescribeImagesCommand({ repositoryName: 'locked', imageIds: [{ imageTag: 'main-abc1234' }] }),
    );
    expect(imageDetails![0]!.imageDigest).toBe(first.digest);
    // A new tag, and pushes by digest, are fine.
    expect((await tryPushTestImage(fake, 'locked', 'main-abc1234-2', { content: 'build 2' })).status).toBe(
      201,
    );

    await createRepository('loose', 'MUTABLE');
    expect((await tryPushTestImage(fake, 'loose', 'latest', { content: 'a' })).status).toBe(201);
    expect((await tryPushTestImage(fake, 'loose', 'latest', { content: 'b' })).status).toBe(201);
  });

  it('[ecr-push-needs-repository] a push to a repository ECR does not have is NAME_UNKNOWN', async () => {
    await expect(tryPushTestImage(fake, 'never-created', 'v1')).rejects.toThrow(/404.*NAME_UNKNOWN/);
  });

  it('[ecr-regional-registry] each region has its own registry host and its own repositories of a name', async () => {
    await createRepository('web', 'IMMUTABLE');
    const west = await fake.inRegion('eu-west-1');
    const { repository } = await createRepository('web', 'IMMUTABLE', 'eu-west-1');
    expect(west.registryHost).toBeDefined();
    expect(west.registryHost).not.toBe(fake.registryHost);
    expect(repository!.repositoryUri).toBe(`${west.registryHost}/web`);
    expect(repository!.repositoryArn).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/web');
    // The same tag in both regions: two repositories, so no immutability clash.
    expect((await tryPushTestImage(fake, 'web', 'v1', { content: 'east' })).status).toBe(201);
    expect((await tryPushTestImage(fake, 'web', 'v1', { region: 'eu-west-1', content: 'west' })).status).toBe(
      201,
    );
    const describe = (region?: string) =>
      new ECRClient(sdkConfig(fake, region ? { region } : {})).send(
        new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }] }),
      );
    const east = (await describe()).imageDetails![0]!.imageDigest;
    const westDigest = (await describe('eu-west-1')).imageDetails![0]!.imageDigest;
    expect(east).not.toBe(westDigest);
    // A repository made only in one region is not in the other.
    await createRepository('east-only', 'MUTABLE');
    await expect(
      new ECRClient(sdkConfig(fake, { region: 'eu-west-1' })).send(
        new DescribeRepositoriesCommand({ repositoryNames: ['east-only'] }),
      ),
    ).rejects.toThrow(/does not exist/);
  });
});
