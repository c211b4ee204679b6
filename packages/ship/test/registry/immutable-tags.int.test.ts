// Pushing to a repository whose tags are immutable (ECR's IMMUTABLE, through the fake's registry
// front over a real docker-registry): the same image again under its tag is a no-op, another image
// under a taken tag is a clear error before anything is deployed.
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { pushImage } from '../../src/registry/push-image.js';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { syntheticImage } from './synthetic-image.js';

let registry: TestRegistry;
let fake: FakeAws;

beforeAll(async () => {
  registry = await startRegistry();
  fake = await startFakeAws({ registryHost: registry.host });
  await new ECRClient(sdkConfig(fake)).send(
    new CreateRepositoryCommand({ repositoryName: 'web', imageTagMutability: 'IMMUTABLE' }),
  );
});
afterAll(async () => {
  await fake?.close();
  await registry?.stop();
});

describe('pushing under an immutable tag', () => {
  it('pushes the same image again as a no-op, and refuses another image under the taken tag by name', async () => {
    const repo = `${fake.registryHost}/web`;
    const first = await syntheticImage({ layerBytes: [500], seed: 'first' });
    const pushed = await pushImage(first, { repo, tags: ['main-0123456'], insecure: true });
    const again = await pushImage(first, { repo, tags: ['main-0123456'], insecure: true });
    expect(again.digest).toBe(pushed.digest);

    const other = await syntheticImage({ layerBytes: [500], seed: 'second' });
    expect(other.manifest.digest).not.toBe(first.manifest.digest);
    const refused = pushImage(other, { repo, tags: ['main-0123456'], insecure: true });
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(
      `${repo}:main-0123456 already names another image (${pushed.digest.slice(0, 19)}), and the repository's tags are immutable; this image is ${other.manifest.digest.slice(0, 19)}`,
    );
  });
});
