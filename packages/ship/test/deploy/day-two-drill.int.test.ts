// The day-two drill (#13) through the real CLI against the fake AWS, whose rules are AWS's
// (test/fake-aws/README.md): the same environment deployed, redeployed, scaled, copied to a second
// environment and a second region, rolled back, mistyped, and destroyed region by region. Each
// step asserts the exit code, what changed in the fake and what was printed. Images are pushed to
// each region's repository (a real registry behind the fake's ECR front) and given by digest
// (--image); the build steps of the drill (deploy from source, no change, code change, rebuild
// without a commit, ARM64) are day-two-build.int.test.ts's.
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { pushTestImage } from '../fake-aws/push-test-image.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { writesSince } from './support/fake-writes.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

const east = 'us-east-1';
const west = 'eu-west-1';
/** Images pushed to each region's repository before the drill: `image(east, 'a')`. */
const images = new Map<string, string>();
const image = (region: string, name: string) => images.get(`${region}/${name}`) ?? '';

describe('day two, step by step', { timeout: 600_000 }, () => {
  let registry: TestRegistry;
  let fake: FakeAws;
  let ship: ShipDir;
  beforeAll(async () => {
    registry = await startRegistry();
    // AWS's eventual consistency on: new resources are invisible to reads for a few calls, a new
    // role is not assumable for a few more. Fargate pulls from the real registry: an image that is
    // not there (or was expired) stops the task.
    fake = await startFakeAws({
      registryHost: registry.host,
      pollsToStable: 2,
      consistencyDelayCalls: 2,
      iamPropagationCalls: 3,
    });
    // The repository as ship creates it (ship adopts it by its tag), holding images to deploy by digest.
    for (const region of [east, west]) {
      const ecr = new ECRClient(sdkConfig(fake, { region }));
      await ecr.send(
        new CreateRepositoryCommand({
          repositoryName: 'drill',
          imageTagMutability: 'IMMUTABLE',
          tags: [{ Key: 'ship:app', Value: 'drill' }],
        }),
      );
      ecr.destroy();
      const front = region === east ? fake.registryHost : (await fake.inRegion(region)).registryHost;
      for (const name of ['a', 'b', 'c']) {
        const digest = await pushTestImage(fake, 'drill', `drill-${name}`, { region });
        images.set(`${region}/${name}`, `${front}/drill@${digest}`);
      }
    }
    ship = await shipDir(fake.endpoint);
    await ship.writeConfig({ app: 'drill', environment: 'production', loadBalancer: 'alb' });
  });
  afterAll(async () => {
    await ship?.remove();
    await fake?.close();
    await registry?.stop();
  });

  const mine = (region?: string) =>
    fake
      .inventory()
      .filter((i) => i.tags['ship:app'] === 'drill' && (!region || !i.region || i.region === region));
  const count = (type: string, region?: string) => mine(region).filter((i) => i.type === type).length;
  const writes = (from: number) => writesSince(fake, from);

  it('1. deploys, and deploying again with no change changes nothing', async () => {
    const first = await ship.run(['deploy', '--image', image(east, 'a'), '--yes']);
    expect(first.stderr).not.toContain('✘');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^✔ drill-production runs drill-production:1 at http:\/\/drill-\S+\.elb\.amazonaws\.com\/\n$/,
    );
    expect(count('service', east)).toBe(1);
    const before = fake.calls().length;
    const again = await ship.run(['deploy', '--image', image(east, 'a'), '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing to change');
    expect(writes(before)).toEqual([]);
    const next = await ship.run(['deploy', '--image', image(east, 'b'), '--yes']);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('runs drill-production:2');
  });

  it('4. adds autoscaling and redeploys twice: the target is tagged once, never re-tagged', async () => {
    await ship.writeConfig({
      app: 'drill',
      environment: 'production',
      loadBalancer: 'alb',
      autoscaling: { min: 1, max: 3, cpuTarget: 60 },
    });
    const plan = await ship.run(['plan', '--image', image(east, 'b')]);
    expect(plan.stdout).toContain('+ autoscaling 1–3 tasks, holding 60 % average CPU');
    for (const round of [1, 2]) {
      const deployed = await ship.run(['deploy', '--image', image(east, 'b'), '--yes']);
      expect(deployed.stderr, `round ${round}`).not.toContain('✘');
      expect(deployed.code).toBe(0);
    }
    const target = mine(east).find((i) => i.type === 'scalable-target');
    expect(target?.tags).toMatchObject({ 'ship:app': 'drill', 'ship:env': 'production' });
    expect(fake.calls().filter((c) => c.action === 'RegisterScalableTarget' && c.error)).toEqual([]);
  });

  it('5. adds a second environment, then the same environment in a second region', async () => {
    const beta = await ship.run(['deploy', '--env', 'beta', '--image', image(east, 'c'), '--yes']);
    expect(beta.code).toBe(0);
    expect(beta.stdout).toContain('http://beta.<your domain>/');
    expect(count('service', east)).toBe(2);
    const westDeploy = await ship.run(['deploy', '--region', west, '--image', image(west, 'a'), '--yes']);
    expect(westDeploy.stderr).not.toContain('✘');
    expect(westDeploy.code).toBe(0);
    expect(westDeploy.stderr).toContain('created task execution role drill-production-eu-west-1-execution');
    expect(
      mine()
        .filter((i) => i.type === 'role')
        .map((i) => i.name)
        .sort(),
    ).toEqual([
      'drill-beta-us-east-1-execution',
      'drill-production-eu-west-1-execution',
      'drill-production-us-east-1-execution',
    ]);
  });

  it('6. rolls back, then rolls back with --no-wait', async () => {
    const back = await ship.run(['rollback', '--to', '1']);
    expect(back.stderr).not.toContain('✘');
    expect(back.code).toBe(0);
    expect(back.stdout + back.stderr).toContain('rolled back to drill-production:1');
    const quick = await ship.run(['rollback', '--to', '2', '--no-wait', '--json']);
    expect(quick.code).toBe(0);
    expect(JSON.parse(quick.stdout)).toMatchObject({ state: 'accepted' });
  });

  it('7. a mistyped flag on destroy is refused before anything is read or deleted', async () => {
    const before = fake.calls().length;
    const typo = await ship.run(['destroy', '--evn', 'beta', '--yes']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean --env?');
    expect(fake.calls().length).toBe(before);
  });

  it('8. destroys one region; the other still runs with its role and image repository', async () => {
    const destroyed = await ship.run(['destroy', '--env', 'production', '--region', west, '--yes']);
    expect(destroyed.stderr).not.toContain('✘');
    expect(destroyed.code).toBe(0);
    expect(mine(west).filter((i) => i.region === west)).toEqual([]);
    expect(fake.state.iam.roles.has('drill-production-us-east-1-execution')).toBe(true);
    expect(count('repository', east)).toBe(1);
    const status = await ship.run(['status', '--region', east]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('drill-production');
  });

  it('9. destroys everything: nothing of the app is left in any region', async () => {
    for (const env of ['beta', 'production']) {
      const destroyed = await ship.run(['destroy', '--env', env, '--region', east, '--yes']);
      expect(destroyed.stderr, env).not.toContain('✘');
      expect(destroyed.code).toBe(0);
      // beta's images stop being kept apart in the repository production still uses.
      if (env === 'beta')
        expect(destroyed.stderr).toContain("image lifecycle: beta's images are no longer kept apart");
    }
    expect(mine()).toEqual([]);
  });
});
