// #13 defect 9 through the real CLI against the fake ECR, which applies lifecycle policies to a real
// registry as ECR documents ([ecr-lifecycle-expiry]): a feature environment's pushes never expire
// the image production runs nor the one it rolls back to, while the feature environment's own old
// images do expire. Before the fix one "newest N of any image" rule expired production's images.
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { pushTestImage } from '../fake-aws/push-test-image.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

describe('the image lifecycle across environments', { timeout: 300_000 }, () => {
  let registry: TestRegistry;
  let fake: FakeAws;
  let ship: ShipDir;
  let ecr: ECRClient;
  beforeAll(async () => {
    registry = await startRegistry();
    fake = await startFakeAws({ registryHost: registry.host, pollsToStable: 1 });
    ecr = new ECRClient(sdkConfig(fake));
    // The repository as ship creates it (adopted by its tag), so images can be pushed before the first deploy.
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'keep',
        imageTagMutability: 'IMMUTABLE',
        tags: [{ Key: 'ship:app', Value: 'keep' }],
      }),
    );
    ship = await shipDir(fake.endpoint);
    await ship.writeConfig({ app: 'keep', keepImages: 3 });
  });
  afterAll(async () => {
    ecr?.destroy();
    await ship?.remove();
    await fake?.close();
    await registry?.stop();
  });

  /** Pushes an image as deploy tags it (`<env>.<12 hex>`), answers that tag. */
  const push = async (env: string, n: number) => {
    const tag = `${env}.${n.toString(16).padStart(12, '0')}`;
    await pushTestImage(fake, 'keep', tag);
    return tag;
  };
  const deploy = async (env: string, tag: string) => {
    const result = await ship.run([
      'deploy',
      '--env',
      env,
      '--image',
      `${fake.registryHost}/keep:${tag}`,
      '--yes',
    ]);
    expect(result.stderr, `deploy ${env} ${tag}`).not.toContain('✘');
    expect(result.code).toBe(0);
    return result;
  };
  const tags = async () =>
    ((await ecr.send(new DescribeImagesCommand({ repositoryName: 'keep' }))).imageDetails ?? [])
      .flatMap((i) => i.imageTags ?? [])
      .sort();

  it('feature pushes never expire production’s running image nor its rollback target', async () => {
    const p1 = await push('production', 1);
    const first = await deploy('production', p1);
    expect(first.stderr).toContain(`image lifecycle: ${p1} is kept while production runs it`);
    const p2 = await push('production', 2);
    const second = await deploy('production', p2);
    expect(second.stderr).toContain(
      `image lifecycle: ${p2} is kept while production runs it (and ${p1}, to roll back to)`,
    );

    const feature: string[] = [];
    for (let n = 1; n <= 8; n++) {
      feature.push(await push('feature-x', 0x100 + n));
      await pushTestImage(fake, 'keep', `main-abc1234-${n}`); // `ship push` output: no environment's
      if (n === 1 || n === 4 || n === 8) await deploy('feature-x', feature[n - 1]!);
    }
    const left = await tags();
    expect(left).toContain(p1);
    expect(left).toContain(p2);
    // feature-x keeps its newest 3 (f6–f8) and the three it ran (f8, f4, f1); f2, f3, f5 expired.
    expect(left.filter((t) => t.startsWith('feature-x.'))).toEqual(
      [1, 4, 6, 7, 8].map((n) => feature[n - 1]).sort(),
    );
    const expired = fake.expiredImages().flatMap((i) => i.tags);
    expect(expired).toEqual(expect.arrayContaining([2, 3, 5].map((n) => feature[n - 1])));
    expect(expired.some((t) => t.startsWith('main-abc1234-'))).toBe(true);
    expect(expired.some((t) => t.startsWith('production.'))).toBe(false);

    // The rollback target is still there: ECS can run it again.
    const back = await ship.run(['rollback', '--env', 'production']);
    expect(back.stderr).not.toContain('✘');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('rolled back to keep-production:1');
  });

  it('refuses to roll back to a revision whose image ECR expired, before touching the service', async () => {
    const old = await push('beta', 1);
    await deploy('beta', old);
    await deploy('beta', await push('beta', 2));
    await deploy('beta', await push('beta', 3));
    await deploy('beta', await push('beta', 4)); // beta.1 falls out of beta's three in use…
    await push('beta', 5);
    await push('beta', 6); // …and out of its newest three
    expect(await tags()).not.toContain(old);
    const before = fake.calls().filter((c) => c.action === 'UpdateService').length;
    const back = await ship.run(['rollback', '--env', 'beta', '--to', '1']);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('cannot roll back to keep-beta:1: its image');
    expect(back.stderr).toContain('is no longer in keep (expired or deleted)');
    expect(fake.calls().filter((c) => c.action === 'UpdateService').length).toBe(before);
  });
});
