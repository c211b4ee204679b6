// PutLifecyclePolicy refuses what ECR refuses (catalogue id [ecr-lifecycle-validation]); the fake's
// evaluator on its own, without a registry.
import { CreateRepositoryCommand, ECRClient, PutLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { imagesToExpire } from './lifecycle-policy.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
let ecr: ECRClient;
beforeAll(async () => {
  fake = await startFakeAws();
  ecr = new ECRClient(sdkConfig(fake));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'checked' }));
});
afterAll(async () => {
  ecr?.destroy();
  await fake?.close();
});

const rule = (rulePriority: number, selection: object, description = 'a rule of a policy under test') => ({
  rulePriority,
  description,
  selection,
  action: { type: 'expire' },
});
const count = (n: number) => ({ countType: 'imageCountMoreThan', countNumber: n });
const put = (rules: object[] | string) =>
  ecr.send(
    new PutLifecyclePolicyCommand({
      repositoryName: 'checked',
      lifecyclePolicyText: typeof rules === 'string' ? rules : JSON.stringify({ rules }),
    }),
  );

describe('PutLifecyclePolicy', () => {
  it.each([
    ['too short (ECR wants 100–30,720 characters)', '{"rules":[]}', /100–30720 characters/],
    [
      'too long',
      JSON.stringify({ rules: [rule(1, { tagStatus: 'any', ...count(1) }, 'x'.repeat(31_000))] }),
      /30720 characters, is 31\d{3}/,
    ],
    [
      'two rules of one priority',
      [rule(1, { tagStatus: 'untagged', ...count(1) }), rule(1, { tagStatus: 'any', ...count(1) })],
      /rulePriority 1 is not unique/,
    ],
    [
      'an any rule before another',
      [rule(1, { tagStatus: 'any', ...count(1) }), rule(2, { tagStatus: 'untagged', ...count(1) })],
      /tagStatus any must have the highest rulePriority/,
    ],
    [
      'two untagged rules',
      [rule(1, { tagStatus: 'untagged', ...count(1) }), rule(2, { tagStatus: 'untagged', ...count(2) })],
      /only one rule may select untagged/,
    ],
    [
      'a tagged rule without tags',
      [rule(1, { tagStatus: 'tagged', ...count(1) })],
      /tagged needs one of tagPrefixList or tagPatternList/,
    ],
    [
      'five wildcards',
      [rule(1, { tagStatus: 'tagged', tagPatternList: ['a*b*c*d*e*f'], ...count(1) })],
      /more than 4 wildcards/,
    ],
    [
      'one prefix list twice',
      [
        rule(1, { tagStatus: 'tagged', tagPrefixList: ['p'], ...count(1) }),
        rule(2, { tagStatus: 'tagged', tagPrefixList: ['p'], ...count(2) }),
      ],
      /tag prefixes must be unique/,
    ],
    [
      'days with a count',
      [rule(1, { tagStatus: 'any', ...count(1), countUnit: 'days' })],
      /countUnit: not allowed/,
    ],
    [
      'an age without days',
      [rule(1, { tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 3 })],
      /needs countUnit days/,
    ],
    ['a zero count', [rule(1, { tagStatus: 'any', ...count(0) })], /countNumber: expected an integer ≥ 1/],
  ])('[ecr-lifecycle-validation] refuses %s', async (_, rules, message) => {
    await expect(put(rules as object[] | string)).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(message),
    });
  });

  it('[ecr-lifecycle-validation] takes a valid policy', async () => {
    await expect(
      put([
        rule(1, { tagStatus: 'tagged', tagPatternList: ['prod*'], ...count(5) }),
        rule(2, { tagStatus: 'any', ...count(10) }),
      ]),
    ).resolves.toBeDefined();
  });
});

describe('the lifecycle evaluator', () => {
  const image = (digest: string, tags: string[], pushedAt: number) => ({ digest, tags, pushedAt });
  it('matches a prefix list only when every prefix matches one of the tags', () => {
    const text = JSON.stringify({
      rules: [rule(1, { tagStatus: 'tagged', tagPrefixList: ['a', 'b'], ...count(1) })],
    });
    const images = [image('1', ['a1', 'b1'], 1), image('2', ['a2', 'b2'], 2), image('3', ['a3'], 0)];
    expect(imagesToExpire(text, images, 10).map((i) => i.digest)).toEqual(['1']);
  });
  it('an untagged rule takes only images without tags', () => {
    const text = JSON.stringify({ rules: [rule(1, { tagStatus: 'untagged', ...count(1) })] });
    const images = [image('1', [], 1), image('2', [], 2), image('3', ['t'], 0)];
    expect(imagesToExpire(text, images, 10).map((i) => i.digest)).toEqual(['1']);
  });
});
