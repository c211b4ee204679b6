// The repository's lifecycle policy (#13 defect 9), judged by the fake ECR's evaluator
// (test/fake-aws/lifecycle-policy.ts, written from ECR's documented evaluation rules): feature
// pushes never expire the image production runs nor the one it rolls back to.
import { describe, expect, it } from 'vitest';
import {
  environmentTag,
  inUseDepth,
  lifecyclePolicyText,
  lifecycleRules,
  parseShipLifecycle,
  type ShipLifecycle,
  withEnvironment,
  withImageInUse,
  withoutEnvironment,
} from '../../src/deploy/image-lifecycle.js';
import { UserError } from '../../src/errors.js';
import { imagesToExpire, lifecyclePolicyProblem, type StoredImage } from '../fake-aws/lifecycle-policy.js';

const digest = (n: number) => `sha256:${n.toString(16).padStart(12, '0').padEnd(64, '0')}`;

/** A repository the test pushes to, one image a push, clock ticking. */
function repository() {
  const images: StoredImage[] = [];
  let clock = 0;
  return {
    images,
    push(env: string | undefined, n: number): string {
      const d = digest(n);
      const tags = [`branch-${n}`, ...(env ? [environmentTag(env, d)] : [])];
      clock += 1000;
      images.push({ digest: d, tags, pushedAt: clock });
      return env ? environmentTag(env, d) : `branch-${n}`;
    },
    expire(policy: string) {
      for (const gone of imagesToExpire(policy, images, clock)) images.splice(images.indexOf(gone), 1);
    },
    has: (tag: string) => images.some((i) => i.tags.includes(tag)),
  };
}

const empty: ShipLifecycle = { environments: [], keepOthers: 20 };

describe('image lifecycle policy', () => {
  it('ECR accepts the policy ship writes (the fake checks ECR’s documented rules)', () => {
    let lifecycle = withEnvironment(empty, 'production', 20);
    lifecycle = withImageInUse(lifecycle, 'production', 'production.aaaaaaaaaaaa', 'production.bbbbbbbbbbbb');
    lifecycle = withEnvironment(lifecycle, 'feature-x', 5);
    const text = lifecyclePolicyText(lifecycle);
    expect(lifecyclePolicyProblem(text)).toBeUndefined();
    const rules = lifecycleRules(lifecycle);
    expect(rules.map((r) => r.rulePriority)).toEqual(rules.map((_, i) => i + 1));
    expect(rules.at(-1)?.selection.tagStatus).toBe('any');
    expect(rules.map((r) => r.description)).toEqual([
      'ship: in use by production (1)',
      'ship: in use by production (2)',
      'ship: feature-x keeps its newest 5 images',
      'ship: production keeps its newest 20 images',
      'ship: images no environment claims',
    ]);
  });

  it('many feature pushes never expire the image production runs nor its rollback target', () => {
    const repo = repository();
    let lifecycle = withEnvironment(empty, 'production', 20);
    const previous = repo.push('production', 1);
    lifecycle = withImageInUse(lifecycle, 'production', previous);
    const running = repo.push('production', 2);
    lifecycle = withImageInUse(lifecycle, 'production', running, previous);
    lifecycle = withEnvironment(lifecycle, 'feature-x', 20);
    for (let n = 100; n < 160; n++) {
      lifecycle = withImageInUse(lifecycle, 'feature-x', repo.push('feature-x', n));
      repo.push(undefined, n + 1000); // `ship push` output no environment claims
      repo.expire(lifecyclePolicyText(lifecycle));
    }
    expect(repo.has(running)).toBe(true);
    expect(repo.has(previous)).toBe(true);
    // The feature environment keeps its newest 20 (its last 3 in use among them).
    const featureImages = repo.images.filter((i) => i.tags.some((t) => t.startsWith('feature-x.')));
    expect(featureImages.length).toBe(20);
    expect(repo.has(environmentTag('feature-x', digest(100)))).toBe(false);
    expect(repo.has(environmentTag('feature-x', digest(159)))).toBe(true);
    // The last rule counts every image, claimed ones too (ECR: lower rules still identify them),
    // so of the unclaimed ones only those among the newest 20 overall stay: here every other one.
    expect(repo.images.filter((i) => i.tags.length === 1).length).toBe(10);
  });

  it('keeps an environment’s in-use images even past its own count', () => {
    const repo = repository();
    let lifecycle = withEnvironment(empty, 'production', 2);
    const first = repo.push('production', 1);
    lifecycle = withImageInUse(lifecycle, 'production', first);
    for (let n = 2; n < 10; n++) repo.push('production', n); // pushed, never run
    repo.expire(lifecyclePolicyText(lifecycle));
    expect(repo.has(first)).toBe(true);
    expect(repo.images.length).toBe(3);
  });

  it('the old policy (newest 20 across environments) loses production’s image: the defect', () => {
    const repo = repository();
    const running = repo.push('production', 1);
    for (let n = 100; n < 125; n++) repo.push('feature-x', n);
    const old = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: 'ship: keep the last 20 images',
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 20 },
          action: { type: 'expire' },
        },
      ],
    });
    repo.expire(old);
    expect(repo.has(running)).toBe(false);
  });

  it('reads back what it wrote: the in-use order and each environment’s count', () => {
    let lifecycle = withEnvironment(empty, 'production', 30);
    lifecycle = withEnvironment(lifecycle, 'beta', 5);
    for (const tag of ['p.1', 'p.2', 'p.3', 'p.4']) lifecycle = withImageInUse(lifecycle, 'production', tag);
    lifecycle = withImageInUse(lifecycle, 'beta', 'p.3');
    const read = parseShipLifecycle(lifecyclePolicyText(lifecycle), 20);
    const byEnv = Object.fromEntries(read.environments.map((e) => [e.env, e]));
    expect(byEnv.production).toEqual({ env: 'production', keep: 30, inUse: ['p.4', 'p.3', 'p.2'] });
    expect(byEnv.beta).toEqual({ env: 'beta', keep: 5, inUse: ['p.3'] });
    expect(byEnv.production?.inUse.length).toBe(inUseDepth);
    // One rule for the image both run: ECR wants unique tag patterns.
    expect(lifecycleRules(read).filter((r) => r.selection.tagPatternList?.[0] === 'p.3')).toHaveLength(1);
    expect(lifecyclePolicyText(read)).toBe(lifecyclePolicyText(lifecycle));
  });

  it('a rollback puts the image first again and keeps the one it leaves', () => {
    let lifecycle = withImageInUse(empty, 'production', 'v1');
    lifecycle = withImageInUse(lifecycle, 'production', 'v2', 'v1');
    lifecycle = withImageInUse(lifecycle, 'production', 'v3', 'v2');
    lifecycle = withImageInUse(lifecycle, 'production', 'v1', 'v3');
    expect(lifecycle.environments[0]?.inUse).toEqual(['v1', 'v3', 'v2']);
  });

  it('an old or foreign policy reads as empty; a destroyed environment’s rules go', () => {
    expect(parseShipLifecycle(undefined, 20)).toEqual({ environments: [], keepOthers: 20 });
    expect(parseShipLifecycle('not json', 7)).toEqual({ environments: [], keepOthers: 7 });
    const two = withEnvironment(withEnvironment(empty, 'production', 20), 'beta', 20);
    expect(withoutEnvironment(two, 'beta').environments.map((e) => e.env)).toEqual(['production']);
  });

  it('refuses a policy over ECR’s 30,720 characters, naming the environments', () => {
    let lifecycle = empty;
    for (let n = 0; n < 60; n++) {
      const env = `feature-${n}`;
      lifecycle = withEnvironment(lifecycle, env, 20);
      for (const v of [1, 2, 3]) lifecycle = withImageInUse(lifecycle, env, `${env}.${'0'.repeat(11)}${v}`);
    }
    expect(() => lifecyclePolicyText(lifecycle)).toThrow(UserError);
    expect(() => lifecyclePolicyText(lifecycle)).toThrow(/over ECR's limit of 30720: 60 environments/);
  });
});
