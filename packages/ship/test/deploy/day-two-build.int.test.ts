// The day-two drill's build steps (#13, steps 1–3) through the real CLI (a child process, as a
// user runs it) against the fake AWS and a real OCI registry (Debian's docker-registry on loopback,
// behind the fake's ECR front with its immutable tags and lifecycle policy): deploy from source,
// deploy again with no change, change the code and redeploy, rebuild without a commit and
// redeploy, switch to ARM64. Each step asserts the exit code, what changed in the fake and the
// registry, and what was printed. The bases are stand-ins built like deploy-build.int.test.ts's
// (the real Node bases cannot be pulled here): one amd64, one arm64, under our own names.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeImagesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage } from '../../src/registry/push-image.js';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { syntheticImage } from '../registry/synthetic-image.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { writesSince } from './support/fake-writes.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

const run = promisify(execFile);

describe('day two, building from source (drill steps 1–3)', { timeout: 600_000 }, () => {
  let registry: TestRegistry;
  let fake: FakeAws;
  let ship: ShipDir;
  let ecr: ECRClient;
  let ecs: ECSClient;
  let app: string;
  const config = {
    app: 'drill',
    environment: 'production',
    appDir: 'app',
    loadBalancer: 'alb',
    baseImage: '',
  };

  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=drill', '-c', 'user.email=drill@example.com', ...args], { cwd: ship.dir });
  const writeServer = (greeting: string) =>
    writeFile(
      join(app, 'dist', 'server.js'),
      `import { createServer } from 'node:http';\ncreateServer((q, s) => s.end(${JSON.stringify(greeting)})).listen(Number(process.env.PORT ?? 8080));\n`,
    );
  const deploy = async () => {
    const result = await ship.run(['deploy', '--yes']);
    expect(result.stderr).not.toContain('✘');
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  /** Every tag of the repository with its digest. */
  const images = async () =>
    Object.fromEntries(
      ((await ecr.send(new DescribeImagesCommand({ repositoryName: 'drill' }))).imageDetails ?? []).flatMap(
        (i) => (i.imageTags ?? []).map((t) => [t, i.imageDigest ?? '']),
      ),
    ) as Record<string, string>;
  const writes = (from: number) => writesSince(fake, from);
  const pushedLine = (stderr: string) => {
    const match =
      /pushed (\S+)@(sha256:[0-9a-f]{64}) \((\d+) bytes uploaded, (\d+) layers already there\)/.exec(stderr);
    expect(match, stderr).not.toBeNull();
    return { digest: match?.[2] ?? '', bytes: Number(match?.[3]), skipped: Number(match?.[4]) };
  };
  const runtime = async (revision: string) =>
    (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: revision }))).taskDefinition;
  const head = async () => (await git('rev-parse', '--short=7', 'HEAD')).stdout.trim();

  beforeAll(async () => {
    registry = await startRegistry();
    for (const architecture of ['amd64', 'arm64'] as const) {
      const base = await syntheticImage({ layerBytes: [3000], platform: { os: 'linux', architecture } });
      await pushImage(base, {
        repo: `${registry.host}/drill-base/node`,
        tags: [architecture],
        insecure: true,
      });
    }
    config.baseImage = `${registry.host}/drill-base/node:amd64`;
    fake = await startFakeAws({ registryHost: registry.host, pollsToStable: 2, consistencyDelayCalls: 2 });
    ecr = new ECRClient(sdkConfig(fake));
    ecs = new ECSClient(sdkConfig(fake));
    ship = await shipDir(fake.endpoint, {}, { processEnv: true });
    app = join(ship.dir, 'app');
    await mkdir(join(app, 'dist'), { recursive: true });
    await writeFile(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'drill', version: '1.0.0', private: true, type: 'module', scripts: { start: 'node dist/server.js' } }, null, 2)}\n`,
    );
    await writeFile(
      join(app, 'package-lock.json'),
      `${JSON.stringify({ name: 'drill', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'drill', version: '1.0.0' } } }, null, 2)}\n`,
    );
    // dist/ is build output, ignored by git as usual: a rebuild changes the image, not the commit.
    await writeFile(join(app, '.gitignore'), 'dist/\n');
    await writeServer('hello');
    await ship.writeConfig(config);
    // The test's home is this directory: ship's cache and npm's logs are not the app's source.
    await writeFile(join(ship.dir, '.gitignore'), '.cache/\n.npm/\n');
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-q', '-m', 'drill app');
  });
  afterAll(async () => {
    ecr?.destroy();
    ecs?.destroy();
    await ship?.remove();
    await fake?.close();
    await registry?.stop();
  });

  let first = '';
  it('1a. deploys from source: builds, pushes to ECR under the commit and environment tags, runs it', async () => {
    const result = await deploy();
    expect(result.stdout).toMatch(
      /^✔ drill-production runs drill-production:1 at http:\/\/drill-\S+\.elb\.amazonaws\.com\/\n$/,
    );
    const pushed = pushedLine(result.stderr);
    first = pushed.digest;
    const short = first.slice(7, 19);
    const sha = await head();
    expect(await images()).toEqual({ [`main-${sha}-${short}`]: first, [`production.${short}`]: first });
    expect(result.stderr).toContain(`image lifecycle: production.${short} is kept while production runs it`);
    const policy = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'drill' }));
    expect(policy.lifecyclePolicyText).toContain(`"tagPatternList":["production.${short}"]`);
    const definition = await runtime('drill-production:1');
    expect(definition?.containerDefinitions?.[0]?.image).toBe(`${fake.registryHost}/drill@${first}`);
  });

  it('1b. deploys again with no change: nothing pushed, no new revision, nothing written', async () => {
    const before = fake.calls().length;
    const tags = await images();
    const result = await deploy();
    expect(result.stderr).toContain('nothing to change: drill-production already runs drill-production:1');
    const pushed = pushedLine(result.stderr);
    expect(pushed).toMatchObject({ digest: first, bytes: 0 });
    expect(writes(before)).toEqual([]);
    expect(await images()).toEqual(tags);
  });

  let second = '';
  it('1c. a code change is committed and redeployed: only the app layer is pushed, one new revision', async () => {
    await writeServer('hello again');
    await writeFile(join(app, 'README.md'), 'changed\n');
    await git('add', '.');
    await git('commit', '-q', '-m', 'change');
    const before = fake.calls().length;
    const result = await deploy();
    expect(result.stdout).toContain('runs drill-production:2');
    const pushed = pushedLine(result.stderr);
    second = pushed.digest;
    expect(second).not.toBe(first);
    expect(pushed.skipped).toBeGreaterThanOrEqual(1); // the base layer was already there
    expect(pushed.bytes).toBeGreaterThan(0);
    expect(pushed.bytes).toBeLessThan(3000); // the base layer (3 kB of random bytes) was not sent again
    expect(result.stderr).toMatch(/image: \S+@sha256:[0-9a-f]+… → \S+@sha256:[0-9a-f]+…/);
    expect(result.stderr).toContain(`(and production.${first.slice(7, 19)}, to roll back to)`);
    expect(writes(before).filter((a) => a === 'RegisterTaskDefinition')).toHaveLength(1);
    const tags = await images();
    expect(tags[`main-${await head()}-${second.slice(7, 19)}`]).toBe(second);
    expect(Object.keys(tags)).toHaveLength(4);
  });

  it('2. rebuilds without a commit (git-ignored dist/ changed): a new tag, since the digest changed', async () => {
    await writeServer('rebuilt, same commit');
    const { stdout: status } = await git('status', '--porcelain');
    expect(status).toBe(''); // the work tree is clean: the commit alone cannot tell the builds apart
    const result = await deploy();
    expect(result.stdout).toContain('runs drill-production:3');
    const third = pushedLine(result.stderr).digest;
    expect(third).not.toBe(second);
    const sha = await head();
    const tags = await images();
    // Same commit, two images, two tags: ECR's immutable tags are never asked to move.
    expect(tags[`main-${sha}-${second.slice(7, 19)}`]).toBe(second);
    expect(tags[`main-${sha}-${third.slice(7, 19)}`]).toBe(third);
    expect(fake.calls().filter((c) => c.error && /TAG_INVALID|ImageTagAlreadyExists/.test(c.error))).toEqual(
      [],
    );
  });

  it('3. switches to ARM64: an arm64 image on an arm64 base, a new tag and revision with the ARM64 runtime', async () => {
    await ship.writeConfig({
      ...config,
      platform: 'ARM64',
      baseImage: `${registry.host}/drill-base/node:arm64`,
    });
    await git('commit', '-q', '-am', 'arm64');
    const before = fake.calls().length;
    const result = await deploy();
    expect(result.stdout).toContain('runs drill-production:4');
    expect(result.stderr).toMatch(/cpuArchitecture: X86_64 → ARM64|X86_64 → ARM64/);
    const arm = pushedLine(result.stderr).digest;
    const definition = await runtime('drill-production:4');
    expect(definition?.runtimePlatform).toMatchObject({
      cpuArchitecture: 'ARM64',
      operatingSystemFamily: 'LINUX',
    });
    expect(definition?.containerDefinitions?.[0]?.image).toBe(`${fake.registryHost}/drill@${arm}`);
    // The image itself says arm64: its config blob, read from the registry.
    const manifest = (await (
      await fetch(`http://${registry.host}/v2/drill/manifests/${arm}`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      })
    ).json()) as { config: { digest: string } };
    const imageConfig = (await (
      await fetch(`http://${registry.host}/v2/drill/blobs/${manifest.config.digest}`)
    ).json()) as { architecture: string };
    expect(imageConfig.architecture).toBe('arm64');
    const armTags = Object.entries(await images())
      .filter(([, d]) => d === arm)
      .map(([t]) => t)
      .sort();
    expect(armTags).toEqual([
      expect.stringMatching(/^main-[0-9a-f]{7}-[0-9a-f]{12}$/),
      `production.${arm.slice(7, 19)}`,
    ]);
    expect(writes(before)).toContain('RegisterTaskDefinition');
  });
});
