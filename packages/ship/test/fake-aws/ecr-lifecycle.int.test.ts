// ECR lifecycle policies applied to real images: the fake expires what ECR's documented evaluation
// rules expire, from a real OCI registry (Debian's docker-registry) behind the region's front.
// Test names carry the catalogue id (README.md).
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { type FakeAws, startFakeAws } from './index.js';
import { tryPushTestImage } from './push-test-image.js';
import { sdkConfig } from './sdk-config.js';

let registry: TestRegistry;
let fake: FakeAws;
let ecr: ECRClient;

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: 'AWS', password: 'pw-life' } });
  fake = await startFakeAws({ registryHost: registry.host, registryPassword: 'pw-life' });
  ecr = new ECRClient(sdkConfig(fake));
});
afterAll(async () => {
  ecr?.destroy();
  await fake?.close();
  await registry?.stop();
});

const rule = (rulePriority: number, selection: object) => ({
  rulePriority,
  description: `rule ${rulePriority}`,
  selection,
  action: { type: 'expire' },
});

async function tagsIn(repositoryName: string): Promise<string[]> {
  const out = await ecr.send(new DescribeImagesCommand({ repositoryName }));
  return (out.imageDetails ?? []).flatMap((i) => i.imageTags ?? []).sort();
}

async function push(repository: string, tag: string): Promise<void> {
  const answer = await tryPushTestImage(fake, repository, tag, { content: `content of ${tag}` });
  expect(answer.status, answer.body).toBe(201);
}

describe('ECR lifecycle policies', () => {
  it('[ecr-lifecycle-expiry] expires by push time, and a higher rule’s images are counted but never expired by a lower one', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'life', imageTagMutability: 'IMMUTABLE' }));
    await ecr.send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'life',
        lifecyclePolicyText: JSON.stringify({
          rules: [
            rule(1, {
              tagStatus: 'tagged',
              tagPatternList: ['prod.1'],
              countType: 'imageCountMoreThan',
              countNumber: 1,
            }),
            rule(2, {
              tagStatus: 'tagged',
              tagPrefixList: ['feat.'],
              countType: 'imageCountMoreThan',
              countNumber: 2,
            }),
            rule(3, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 3 }),
          ],
        }),
      }),
    );
    await push('life', 'prod.1');
    await push('life', 'other.1');
    for (const n of [1, 2, 3, 4]) await push('life', `feat.${n}`);
    // feat.1 and feat.2 are beyond rule 2's newest 2; other.1 is beyond rule 3's newest 3, which
    // counts feat.3, feat.4 and prod.1 (claimed by higher rules, so not expired by rule 3).
    expect(await tagsIn('life')).toEqual(['feat.3', 'feat.4', 'prod.1']);
    expect(fake.expiredImages().map((i) => i.tags)).toEqual([['other.1'], ['feat.1'], ['feat.2']]);
    // DescribeImages answers each image's push time, newest last as pushed.
    const details =
      (await ecr.send(new DescribeImagesCommand({ repositoryName: 'life' }))).imageDetails ?? [];
    const at = (tag: string) =>
      details.find((d) => d.imageTags?.includes(tag))?.imagePushedAt?.getTime() ?? 0;
    expect(at('prod.1')).toBeLessThan(at('feat.3'));
    expect(at('feat.3')).toBeLessThan(at('feat.4'));
  });

  it('[ecr-lifecycle-expiry] age rules expire on the evaluator’s clock (the applyLifecyclePolicies hook)', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'aged' }));
    await push('aged', 'old.1');
    await ecr.send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'aged',
        lifecyclePolicyText: JSON.stringify({
          rules: [
            rule(1, { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }),
          ],
        }),
      }),
    );
    expect(await fake.applyLifecyclePolicies()).toEqual([]);
    const later = Date.now() + 15 * 86_400_000;
    expect((await fake.applyLifecyclePolicies(later)).map((i) => i.tags)).toEqual([['old.1']]);
    expect(await tagsIn('aged')).toEqual([]);
  });
});
