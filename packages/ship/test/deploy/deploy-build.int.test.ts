// `ship deploy` from source: the real CLI builds a fixture Node app, pushes it
// to a real OCI registry (Debian's docker-registry on loopback, standing in
// for ECR's endpoint) and deploys it behind an ALB on the fake AWS endpoint,
// with eventual consistency on. Also: killed half-way through creating
// resources, then re-run; a code change re-pushes and shows the image diff.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage } from '../../src/registry/push-image.js';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { syntheticImage } from '../registry/synthetic-image.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { type ShipDir, shipDir, writeFixtureApp } from './support/ship-process.js';

describe('ship deploy from source, behind an ALB', { timeout: 400_000 }, () => {
  let registry: TestRegistry;
  let fake: FakeAws;
  let ship: ShipDir;
  beforeAll(async () => {
    registry = await startRegistry();
    // A tiny stand-in base (the real Node base cannot be pulled here).
    const base = await syntheticImage({ layerBytes: [2000] });
    await pushImage(base, { repo: `${registry.host}/library/base`, tags: ['test'], insecure: true });
    fake = await startFakeAws({ registryHost: registry.host, pollsToStable: 2, consistencyDelayCalls: 2 });
    ship = await shipDir(fake.endpoint, {}, { processEnv: true });
    await mkdir(join(ship.dir, 'app'));
    await writeFixtureApp(join(ship.dir, 'app'));
    await ship.writeConfig({
      app: 'web',
      appDir: 'app',
      baseImage: `${registry.host}/library/base:test`,
      loadBalancer: 'alb',
      ingressCidrs: ['203.0.113.0/24'],
    });
  });
  afterAll(async () => {
    await ship?.remove();
    await fake?.close();
    await registry?.stop();
  });

  it('killed while creating resources, a re-run finishes the job without duplicates', async () => {
    const killed = ship.start(['deploy']);
    await killed.waitFor(/created task execution role/, 200_000);
    killed.child.kill('SIGKILL');
    await killed.result;
    expect(killed.output()).toMatch(/pushed 127\.0\.0\.1:\d+\/web@sha256:[0-9a-f]{64}/);

    const rerun = await ship.run(['deploy']);
    expect(rerun.stderr).not.toContain('✘');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(
      /^✔ web-production runs web-production:1 at http:\/\/web-\S+\.elb\.amazonaws\.com\/\n$/,
    );
    expect(rerun.stderr).toContain('healthy targets 1/1');

    const ours = fake.inventory().filter((i) => i.tags['ship:app'] === 'web');
    const count = (type: string) => ours.filter((i) => i.type === type).length;
    expect([
      count('repository'),
      count('role'),
      count('load-balancer'),
      count('target-group'),
      count('cluster'),
    ]).toEqual([1, 1, 1, 1, 1]);
    expect(count('security-group')).toBe(2);
  });

  it('sets fast-rollout health checks and short draining on the target group', async () => {
    const elb = new ElasticLoadBalancingV2Client({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const tg = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['web-production'] })))
        .TargetGroups![0]!;
      expect([
        tg.HealthCheckIntervalSeconds,
        tg.HealthyThresholdCount,
        tg.HealthCheckPath,
        tg.TargetType,
      ]).toEqual([5, 2, '/healthz', 'ip']);
      const attributes = await elb.send(
        new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }),
      );
      const delay = attributes.Attributes?.find(
        (a) => a.Key === 'deregistration_delay.timeout_seconds',
      )?.Value;
      expect(Number(delay)).toBeLessThanOrEqual(15);
    } finally {
      elb.destroy();
    }
  });

  it('admits the port only from the ALB, the ALB only from the configured CIDRs; the role reads only its own', async () => {
    const config = {
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const ec2 = new EC2Client(config);
    const iam = new IAMClient(config);
    try {
      const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
      const byName = (name: string) => groups.find((g) => g.GroupName === name);
      const alb = byName('web-alb');
      const tasks = byName('web-production-tasks');
      const rules = (g: typeof alb) =>
        (g?.IpPermissions ?? []).map((p) => ({
          port: p.FromPort,
          from: [
            ...(p.IpRanges ?? []).map((r) => r.CidrIp),
            ...(p.UserIdGroupPairs ?? []).map((u) => u.GroupId),
          ],
        }));
      expect(rules(alb)).toEqual([{ port: 80, from: ['203.0.113.0/24'] }]);
      expect(rules(tasks)).toEqual([{ port: 8080, from: [alb?.GroupId] }]);

      const policy = await iam.send(
        new GetRolePolicyCommand({
          RoleName: 'web-production-us-east-1-execution',
          PolicyName: 'ship-task-execution',
        }),
      );
      const document = JSON.parse(decodeURIComponent(policy.PolicyDocument ?? '{}'));
      const resources = document.Statement.map((s: { Resource: unknown }) => s.Resource);
      expect(resources).toEqual([
        '*',
        'arn:aws:ecr:us-east-1:123456789012:repository/web',
        'arn:aws:logs:us-east-1:123456789012:log-group:/ship/web/production:log-stream:*',
      ]);
    } finally {
      ec2.destroy();
      iam.destroy();
    }
  });

  it('the built image is reproducible: a plan right after the deploy has nothing to change', async () => {
    const plan = await ship.run(['plan']);
    expect(plan.stderr).not.toContain('✘');
    expect(plan.stdout).toContain('= task definition web-production:1 (unchanged)');
    expect(plan.stdout).toContain('nothing to change');
  });

  it('a code change pushes a new image and deploys a new revision with the image diff', async () => {
    await writeFixtureApp(join(ship.dir, 'app'), 'hello again');
    const change = await ship.run(['deploy']);
    expect(change.stderr).not.toContain('✘');
    expect(change.code).toBe(0);
    expect(change.stderr).toMatch(
      /registered web-production:2\n\s+image: …\/web@sha256:[0-9a-f]{12}… → …\/web@sha256:[0-9a-f]{12}…/,
    );
    expect(change.stderr).toMatch(/pushed .* layers already there/);
    expect(change.stdout).toContain('✔ web-production runs web-production:2');
  });

  it('an image the registry does not have is rolled back, and the error says the pull failed', async () => {
    const missing = await ship.run(['deploy', '--image', `${registry.host}/web@sha256:${'e'.repeat(64)}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /✘ deploy of web-production:3 failed and ECS rolled back to web-production:2: /,
    );
    expect(missing.stderr).toMatch(/stopped tasks? .*CannotPullContainerError/);
  });

  it('a build whose tasks fail the ALB health check is rolled back; the error names the failing checks', async () => {
    const ecs = new ECSClient({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const good = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web-production:2' })))
      .taskDefinition?.containerDefinitions?.[0]?.image;
    ecs.destroy();
    expect(good).toMatch(/@sha256:/);
    fake.failImages((image) => image !== good, 'unhealthy');
    await writeFixtureApp(join(ship.dir, 'app'), 'broken');
    const failing = await ship.run(['deploy']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(
      /✘ deploy of web-production:4 failed and ECS rolled back to web-production:2: /,
    );
    expect(failing.stderr).toMatch(/stopped tasks? .*Task failed ELB health checks/);
    expect(failing.stdout).toBe('');
  });
});
