// "target": "express" through the CLI against the fake AWS: plan shows the
// target, the address it will get and the cost; the first deploy creates the
// roles (the infrastructure role with AWS's managed policy and a trust for
// this account's ECS only) and an Express service on ship's own task
// definition, waits for the rollout and prints the https endpoint; a code
// change is a new service revision on the same address; rollback points the
// service at the earlier revision; status and logs work on it; destroy
// removes the service, its roles and log group, and nothing of another
// environment.
import { DescribeExpressGatewayServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { holdImages } from '../fake-aws/push-test-image.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${c.repeat(64)}`;
const serviceArn = (env: string) => `arn:aws:ecs:us-east-1:123456789012:service/shop/shop-${env}`;
const infrastructureRole = 'shop-production-us-east-1-infrastructure';
const managedPolicy =
  'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices';

describe('target express', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let ecs: ECSClient;
  let iam: IAMClient;
  const express = async (env = 'production') =>
    (
      await ecs.send(
        new DescribeExpressGatewayServiceCommand({ serviceArn: serviceArn(env), include: ['TAGS'] }),
      )
    ).service!;

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    fake.failImages(/sha256:f{64}$/);
    ws = await shipWorkspace(fake, {
      app: 'shop',
      target: 'express',
      healthCheckPath: '/readyz',
      autoscaling: { min: 1, max: 4, cpuTarget: 55 },
      variables: { GREETING: 'hello' },
    });
    ecs = new ECSClient(sdkConfig(fake));
    iam = new IAMClient(sdkConfig(fake));
  });
  afterAll(async () => {
    ecs?.destroy();
    iam?.destroy();
    await ws?.remove();
    await fake?.close();
  });

  let endpoint = '';
  it('plan shows the target, the address it will get and the monthly cost', async () => {
    const plan = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(plan.code, plan.stderr).toBe(0);
    const out = plan.stdout + plan.stderr;
    expect(out).toContain('+ create infrastructure role shop-production-us-east-1-infrastructure');
    expect(out).toContain('+ create Express service shop-production (1–4 tasks, holding 55 % average CPU)');
    expect(out).toContain('target: express (ECS Express Mode');
    expect(out).toContain(
      'address: https://shop-production-<id>.ecs.us-east-1.on.aws/, given by ECS Express Mode on the first deploy',
    );
    expect(out).toMatch(/cost: ≈ \$\d+\.\d\d\/month: .* \+ \$16\.43 Express Mode's shared ALB hours/);
    expect(out).not.toContain('security group');
  });

  it('first deploy: roles, an Express service on ship’s task definition, the https endpoint printed', async () => {
    const run = await ws.run(['deploy', '--env', 'production', '--image', image('1'), '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'created Express infrastructure role shop-production-us-east-1-infrastructure',
    );
    expect(run.stderr).toContain('created Express service shop-production on shop-production:1');
    const printed = /at (https:\/\/\S+)\n/.exec(run.stdout)?.[1] ?? '';
    expect(printed).toMatch(/^https:\/\/shop-production-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws\/$/);
    expect(run.stdout).toBe(`✔ shop-production runs shop-production:1 at ${printed}\n`);
    expect(run.stderr).not.toContain('address changes on every deploy');
    endpoint = printed;

    const service = await express();
    expect(service.status?.statusCode).toBe('ACTIVE');
    expect(service.infrastructureRoleArn).toBe(`arn:aws:iam::123456789012:role/${infrastructureRole}`);
    expect(service.tags).toEqual(
      expect.arrayContaining([
        { key: 'ship:app', value: 'shop' },
        { key: 'ship:env', value: 'production' },
        { key: 'ship:target', value: 'express' },
      ]),
    );
    const [active] = service.activeConfigurations!;
    expect(active).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-production:1',
      healthCheckPath: '/readyz',
      scalingTarget: {
        minTaskCount: 1,
        maxTaskCount: 4,
        autoScalingMetric: 'AVERAGE_CPU',
        autoScalingTargetValue: 55,
      },
    });
    // ship's own hardened definition, not one Express Mode made from a container.
    expect(active!.primaryContainer?.image).toBe(image('1'));

    const role = await iam.send(new GetRoleCommand({ RoleName: infrastructureRole }));
    const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);
    expect(role.Role!.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ship:app', Value: 'shop' },
        { Key: 'ship:region', Value: 'us-east-1' },
      ]),
    );
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: infrastructureRole }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([managedPolicy]);

    // Nothing changed: plan says so, and a deploy makes no AWS write.
    const plan = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(plan.stdout + plan.stderr).toContain('nothing to change');
    expect(plan.stdout + plan.stderr).toContain(
      `address: ${endpoint} (ECS Express Mode, HTTPS, stable across deploys)`,
    );
  });

  it('an update (code change) is a new service revision at the same address', async () => {
    const before = fake.calls().length;
    const plan = await ws.run(['plan', '--env', 'production', '--image', image('2')]);
    expect(plan.stdout + plan.stderr).toContain(
      '~ update service shop-production: task definition: new revision',
    );
    const run = await ws.run(['deploy', '--env', 'production', '--image', image('2'), '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('updated Express service shop-production to shop-production:2');
    expect(run.stdout).toBe(`✔ shop-production runs shop-production:2 at ${endpoint}\n`);
    expect(
      fake
        .calls()
        .slice(before)
        .filter((c) => c.action === 'CreateRole'),
    ).toEqual([]);
    const service = await express();
    expect(service.activeConfigurations!.map((c) => c.taskDefinitionArn)).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-production:2',
    ]);
  });

  it('a broken revision: ECS rolls back, deploy exits 1 naming the revision it runs', async () => {
    const run = await ws.run(['deploy', '--env', 'production', '--image', image('f'), '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /✘ deploy of shop-production:3 failed and ECS rolled back to shop-production:2/,
    );
    expect(run.stderr).not.toContain('    at ');
  });

  it('rollback points the Express service at the earlier revision', async () => {
    // No registry here: the repository holds the images only because the test says so (rollback checks).
    holdImages(fake, [image('1'), image('2')]);
    const run = await ws.run(['rollback', '--env', 'production', '--to', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('rolled back to shop-production:1\n');
    expect(run.stderr).toContain('pointed Express service shop-production at shop-production:1');
    const service = await express();
    expect(service.activeConfigurations!.map((c) => c.taskDefinitionArn)).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-production:1',
    ]);
    // The settings stay; only the revision moved.
    expect(service.activeConfigurations![0]!.healthCheckPath).toBe('/readyz');
  });

  it('status shows the https address; logs read the service’s log group', async () => {
    const status = await ws.run(['status', '--env', 'production']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(endpoint);
    const logs = await ws.run(['logs', '--env', 'production']);
    expect(logs.code, logs.stderr).toBe(0);
    // The running revision (1, after the rollback) writes to the environment's group, container Main.
    expect(logs.stdout).toMatch(/^Main\/[0-9a-f]{8} \S+ starting \S+shop@sha256:1{64}$/m);
  });

  it('destroy removes the service, its roles and log group, and nothing of another environment', async () => {
    const beta = await ws.run(['deploy', '--env', 'beta', '--image', image('3'), '--yes']);
    expect(beta.code, beta.stderr).toBe(0);
    const run = await ws.run(['destroy', '--env', 'production', '--yes', '--timeout', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      '1. delete Express service (with the load balancer rules, target group and scaling ECS made for it) and wait for its tasks to stop: shop-production',
    );
    expect(run.stderr).toContain(`deleted infrastructure role ${infrastructureRole}`);
    expect(fake.calls().filter((c) => c.action === 'DeleteExpressGatewayService')).toHaveLength(1);
    const left = fake.inventory().filter((i) => i.tags['ship:app']);
    expect(left.filter((i) => i.tags['ship:env'] === 'production' && i.tags['ship:scope'] === 'env')).toEqual(
      [],
    );
    expect((await express('beta')).status?.statusCode).toBe('ACTIVE');

    const all = await ws.run(['destroy', '--env', 'beta', '--yes', '--timeout', '1']);
    expect(all.code, all.stderr).toBe(0);
    expect(fake.inventory().filter((i) => i.tags['ship:app'])).toEqual([]);
  });
});
