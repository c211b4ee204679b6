// Plan and apply walk one table (src/rollout/resource-table.ts), so `ship plan`
// lists exactly what `ship deploy` then does. Checked against the fake AWS for
// every resource kind in each state it can be in: missing, ship's own and in
// line, ship's own and drifted, someone else's. Each state is made with the
// real SDK, then `plan --json` and `deploy --json` run in-process and their
// lists of changes must be equal (an assertion, not a reading).

import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { ECRClient, PutLifecyclePolicyCommand, TagResourceCommand } from '@aws-sdk/client-ecr';
import {
  AddTagsCommand,
  DeleteListenerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, type InventoryItem, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipRun, type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

interface Change {
  kind: string;
  name: string;
  action: 'create' | 'update';
  details: string[];
}

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/tbl@sha256:${c.repeat(64)}`;
const byName = (a: Change, b: Change) => `${a.kind} ${a.name}`.localeCompare(`${b.kind} ${b.name}`);
const mutating = /^(Create|Put|Modify|Authorize|Revoke|Register|Update|Delete|Tag|Add)/;

/** `ship plan --json` then `ship deploy --json` (of `env`, or the config's): what plan listed, what deploy did. */
async function planThenDeployIn(ship: (args: string[]) => Promise<ShipRun>, digest: string, env?: string) {
  const where = env ? ['--env', env] : [];
  const plan = await ship(['plan', ...where, '--image', image(digest), '--json']);
  expect(plan.stderr).not.toContain('✘');
  const planned = JSON.parse(plan.stdout) as {
    create: Array<{ kind: string; name: string }>;
    update: Array<{ kind: string; name: string; changes: string[] }>;
  };
  const deploy = await ship(['deploy', ...where, '--image', image(digest), '--json']);
  expect(deploy.stderr).not.toContain('✘');
  expect(deploy.code).toBe(0);
  const done = (JSON.parse(deploy.stdout) as { resources: Change[] }).resources;
  const listed: Change[] = [
    ...planned.create.map((r) => ({ kind: r.kind, name: r.name, action: 'create' as const, details: [] })),
    ...planned.update.map((r) => ({
      kind: r.kind,
      name: r.name,
      action: 'update' as const,
      details: r.changes,
    })),
  ];
  return { planned: listed.sort(byName), done: [...done].sort(byName) };
}

describe('plan and deploy walk one resource table', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  const ship = (args: string[]) => ws.run(args);

  const planThenDeploy = (digest: string) => planThenDeployIn(ship, digest);

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'tbl', loadBalancer: 'alb', environment: 'production' });
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('every kind missing: plan lists each create, deploy creates exactly those', async () => {
    const { planned, done } = await planThenDeploy('a');
    expect(done).toEqual(planned);
    expect(done.map((c) => `${c.action} ${c.kind}`).sort()).toEqual([
      'create cluster',
      'create image repository',
      'create listener',
      'create load balancer',
      'create load balancer security group',
      'create log group',
      'create security group',
      'create target group',
      'create task execution role',
    ]);
  });

  it('every kind ship’s own and in line: both lists are empty', async () => {
    const { planned, done } = await planThenDeploy('b');
    expect(planned).toEqual([]);
    expect(done).toEqual([]);
  });

  it('every kind ship’s own but drifted: plan lists each update, deploy makes exactly those', async () => {
    const config = sdkConfig(fake);
    await new ECRClient(config).send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'tbl',
        // Someone's "keep 5 of anything": ship's per-environment rules replace it.
        lifecyclePolicyText: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
              action: { type: 'expire' },
            },
          ],
        }),
      }),
    );
    await new CloudWatchLogsClient(config).send(
      new PutRetentionPolicyCommand({ logGroupName: '/ship/tbl/production', retentionInDays: 7 }),
    );
    await new IAMClient(config)
      .send(
        new DeleteRolePolicyCommand({
          RoleName: 'tbl-production-us-east-1-execution',
          PolicyName: 'tbl-production-us-east-1-execution',
        }),
      )
      .catch(async () => {
        // The policy's name is the naming's; find it rather than guess.
        const { ListRolePoliciesCommand } = await import('@aws-sdk/client-iam');
        const names = await new IAMClient(config).send(
          new ListRolePoliciesCommand({ RoleName: 'tbl-production-us-east-1-execution' }),
        );
        for (const PolicyName of names.PolicyNames ?? [])
          await new IAMClient(config).send(
            new DeleteRolePolicyCommand({ RoleName: 'tbl-production-us-east-1-execution', PolicyName }),
          );
      });
    const ec2 = new EC2Client(config);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:ship:app', Values: ['tbl'] }] }),
    );
    const lbGroup = groups.SecurityGroups?.find((g) =>
      g.Tags?.some((t) => t.Key === 'ship:scope' && t.Value === 'app'),
    );
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: lbGroup?.GroupId,
        IpPermissions: lbGroup?.IpPermissions,
      }),
    );
    const elb = new ElasticLoadBalancingV2Client(config);
    const [tg] = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
    await elb.send(
      new ModifyTargetGroupCommand({ TargetGroupArn: tg?.TargetGroupArn, HealthCheckIntervalSeconds: 30 }),
    );

    const { planned, done } = await planThenDeploy('b');
    expect(done).toEqual(planned);
    expect(done.map((c) => c.kind).sort()).toEqual([
      'image repository',
      'load balancer security group',
      'log group',
      'target group',
      'task execution role',
    ]);
    expect(done.every((c) => c.action === 'update' && c.details.length > 0)).toBe(true);
    const again = await planThenDeploy('b');
    expect([again.planned, again.done]).toEqual([[], []]);
  });

  it('kinds deleted behind ship’s back: plan lists the creates, deploy recreates exactly those', async () => {
    const config = sdkConfig(fake);
    await new CloudWatchLogsClient(config).send(
      new DeleteLogGroupCommand({ logGroupName: '/ship/tbl/production' }),
    );
    const elb = new ElasticLoadBalancingV2Client(config);
    const [lb] = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb?.LoadBalancerArn }));
    for (const l of listeners.Listeners ?? [])
      await elb.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));

    const { planned, done } = await planThenDeploy('c');
    expect(done).toEqual(planned);
    expect(done.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'create listener tbl:80',
      'create log group /ship/tbl/production',
    ]);
  });

  it('kinds someone else owns: plan lists the conflicts, deploy refuses and changes nothing', async () => {
    const config = sdkConfig(fake);
    const other = { 'ship:app': 'other' };
    await new ECRClient(config).send(
      new TagResourceCommand({
        resourceArn: `arn:aws:ecr:${fake.region}:${fake.accountId}:repository/tbl`,
        tags: [{ Key: 'ship:app', Value: 'other' }],
      }),
    );
    await new CloudWatchLogsClient(config).send(
      new TagLogGroupCommand({ logGroupName: '/ship/tbl/production', tags: other }),
    );
    await new IAMClient(config).send(
      new TagRoleCommand({
        RoleName: 'tbl-production-us-east-1-execution',
        Tags: [{ Key: 'ship:app', Value: 'other' }],
      }),
    );
    const elb = new ElasticLoadBalancingV2Client(config);
    const [tg] = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
    await elb.send(
      new AddTagsCommand({
        ResourceArns: [tg?.TargetGroupArn ?? ''],
        Tags: [{ Key: 'ship:app', Value: 'other' }],
      }),
    );

    const plan = await ship(['plan', '--image', image('d'), '--json']);
    expect(plan.code).toBe(1);
    const conflicts = (JSON.parse(plan.stdout) as { conflicts: string[] }).conflicts;
    expect(conflicts.map((c) => c.split(' "')[0]).sort()).toEqual([
      'image repository',
      'log group',
      'target group',
      'task execution role',
    ]);
    const before = fake.calls().length;
    const deploy = await ship(['deploy', '--image', image('d'), '--json']);
    expect(deploy.code).toBe(1);
    for (const c of conflicts) expect(deploy.stderr).toContain(c);
    expect(
      fake
        .calls()
        .slice(before)
        .filter((c) => mutating.test(c.action)),
    ).toEqual([]);
  });
});

// Destroy walks the same table backwards (src/operate/environments.ts): what it deletes is exactly
// what plan lists as ship's own for that environment (plus the service's revisions and scaling,
// which plan shows as the service), whether in line or drifted; never what is under ship's names
// but tagged for another app, another environment or another region.
describe('destroy deletes exactly what plan lists as ship’s', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let other: ShipWorkspace;
  const ship = (args: string[]) => ws.run(args);
  const item = (i: InventoryItem) => `${i.region ?? 'global'} ${i.type} ${i.name ?? i.id}`;
  /** Plan's view: ship's own resources of the environment (in line or to update) and the conflicts. */
  async function planned(env: string) {
    const { stdout } = await ship(['plan', '--env', env, '--image', image('e'), '--json']);
    const plan = JSON.parse(stdout) as {
      update: Array<{ kind: string; name: string }>;
      unchanged: Array<{ kind: string; name: string }>;
      conflicts: string[];
    };
    return {
      ours: [...plan.update, ...plan.unchanged].map((r) => `${r.kind} ${r.name}`).sort(),
      conflicts: plan.conflicts,
    };
  }
  async function destroy(env: string) {
    const run = await ship(['destroy', '--env', env, '--yes', '--json']);
    expect(run.stderr).not.toContain('✘');
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as { deleted: string[] }).deleted;
  }
  const serviceParts = /^(task definition|scalable target|scaling policy|listener rule) /;

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'tab', loadBalancer: 'alb', environment: 'production' });
    other = await shipWorkspace(fake, { app: 'oth', environment: 'production' });
    for (const args of [
      ['deploy', '--env', 'production'],
      ['deploy', '--env', 'staging'],
      ['deploy', '--env', 'production', '--region', 'eu-west-1'],
    ]) {
      const run = await ship([...args, '--image', image('e'), '--yes']);
      expect(run.stderr).not.toContain('✘');
      expect(run.code).toBe(0);
    }
    expect((await other.run(['deploy', '--image', image('e'), '--yes'])).code).toBe(0);
  });
  afterAll(async () => {
    await ws?.remove();
    await other?.remove();
    await fake?.close();
  });

  it('one environment of two: its own resources go, in line or drifted; the rest stays', async () => {
    const config = sdkConfig(fake);
    // Drift one of production's resources: still ship's, so still deleted.
    await new CloudWatchLogsClient(config).send(
      new PutRetentionPolicyCommand({ logGroupName: '/ship/tab/production', retentionInDays: 7 }),
    );
    const plan = await planned('production');
    expect(plan.conflicts).toEqual([]);
    expect(plan.ours).toContain('log group /ship/tab/production');
    const before = fake.inventory();
    const deleted = await destroy('production');
    const envKinds = /^(log group|task execution role|security group|target group|service) /;
    expect(deleted.filter((d) => !serviceParts.test(d)).sort()).toEqual(
      plan.ours.filter((r) => envKinds.test(r)),
    );
    expect(deleted.filter((d) => serviceParts.test(d))).toEqual(['task definition tab-production:1']);
    // Nothing else changed: staging, the shared resources, the other region, the other app.
    const gone = new Set(
      before.filter((i) => !fake.inventory().some((j) => j.id === i.id)).map((i) => i.tags['ship:env']),
    );
    expect([...gone]).toEqual(['production']);
    const kept = (items: InventoryItem[]) =>
      items
        .filter((i) => !(i.tags['ship:app'] === 'tab' && i.tags['ship:env'] === 'production'))
        .filter(
          (i) => i.region !== 'us-east-1' || i.tags['ship:app'] !== 'tab' || i.tags['ship:scope'] !== 'env',
        )
        .map(item)
        .sort();
    expect(kept(fake.inventory())).toEqual(kept(before));
    // What production still has in us-east-1 is shared (staging uses it); its own are in eu-west-1.
    const left = fake
      .inventory()
      .filter((i) => i.tags['ship:app'] === 'tab' && i.tags['ship:env'] === 'production');
    expect(left.length).toBeGreaterThan(0);
    for (const i of left)
      expect(
        i.region === 'eu-west-1' || i.tags['ship:region'] === 'eu-west-1' || i.tags['ship:scope'] === 'app',
      ).toBe(true);
  });

  it('the last environment: everything plan lists as ship’s goes, someone else’s under ship’s name stays', async () => {
    const config = sdkConfig(fake);
    // Someone else's log group under the environment's name, and a drifted target group.
    await new CloudWatchLogsClient(config).send(
      new TagLogGroupCommand({ logGroupName: '/ship/tab/staging', tags: { 'ship:app': 'oth' } }),
    );
    const elb = new ElasticLoadBalancingV2Client(config);
    const groups = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['tab-staging'] }))).TargetGroups;
    await elb.send(
      new ModifyTargetGroupCommand({
        TargetGroupArn: groups?.[0]?.TargetGroupArn,
        HealthCheckIntervalSeconds: 30,
      }),
    );
    const plan = await planned('staging');
    expect(plan.conflicts.map((c) => c.split(' "')[0])).toEqual(['log group']);
    expect(plan.ours).toContain('target group tab-staging');
    const deleted = await destroy('staging');
    expect(deleted.filter((d) => !serviceParts.test(d)).sort()).toEqual(plan.ours);
    const left = fake.inventory().filter((i) => i.region === 'us-east-1' && i.tags['ship:app'] === 'tab');
    expect(left).toEqual([]);
    expect(fake.inventory().some((i) => i.name === '/ship/tab/staging')).toBe(true);
    // The other region and the other app are untouched.
    const euLeft = fake.inventory().filter((i) => i.region === 'eu-west-1' && i.tags['ship:app'] === 'tab');
    expect(euLeft.map((i) => i.type).sort()).toContain('service');
    expect(fake.inventory().some((i) => i.type === 'role' && i.name?.includes('eu-west-1'))).toBe(true);
    expect(fake.inventory().filter((i) => i.tags['ship:app'] === 'oth' && i.type === 'service')).toHaveLength(
      1,
    );
  });
});

describe('the own domain’s kinds walk the same table', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let route53: Route53Client;
  let zoneId: string;
  const ship = (args: string[]) => ws.run(args);
  const host = (env: string) => (env === 'production' ? 'dom.example.org' : `${env}.dom.example.org`);

  const planThenDeploy = (env: string, digest: string) => planThenDeployIn(ship, digest, env);
  const domainKinds = (changes: Change[]) =>
    changes
      .filter((c) => /^(certificate|dns record|listener)$/.test(c.kind))
      .map((c) => `${c.action} ${c.kind} ${c.name}`);
  const recordSets = async () =>
    (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ??
    [];

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    route53 = new Route53Client(sdkConfig(fake));
    const zone = await route53.send(
      new CreateHostedZoneCommand({ Name: 'dom.example.org', CallerReference: 'd' }),
    );
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    ws = await shipWorkspace(fake, { app: 'tbl', loadBalancer: 'alb', domain: { name: 'dom.example.org' } });
  });
  afterAll(async () => {
    route53?.destroy();
    await ws?.remove();
    await fake?.close();
  });

  it('missing: plan lists the certificate, both listeners and the record; deploy creates exactly those', async () => {
    const { planned, done } = await planThenDeploy('production', 'a');
    expect(done).toEqual(planned);
    expect(domainKinds(done)).toEqual([
      'create certificate dom.example.org + *.dom.example.org',
      'create dns record dom.example.org A',
      'create listener tbl:443',
      'create listener tbl:80',
    ]);
    const again = await planThenDeploy('production', 'a');
    expect([again.planned, again.done]).toEqual([[], []]);
  });

  it('drifted: an HTTP listener that forwards, an old TLS policy, a missing alias; plan lists each, deploy fixes exactly those', async () => {
    const elb = new ElasticLoadBalancingV2Client(sdkConfig(fake));
    const [lb] = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['tbl'] }))).LoadBalancers ?? [];
    const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb?.LoadBalancerArn })))
      .Listeners!;
    const [tg] = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['tbl-production'] })))
      .TargetGroups!;
    await elb.send(
      new ModifyListenerCommand({
        ListenerArn: listeners.find((l) => l.Port === 80)?.ListenerArn,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg?.TargetGroupArn }],
      }),
    );
    await elb.send(
      new ModifyListenerCommand({
        ListenerArn: listeners.find((l) => l.Port === 443)?.ListenerArn,
        SslPolicy: 'ELBSecurityPolicy-2016-08',
      }),
    );
    elb.destroy();
    const alias = (await recordSets()).find((r) => r.Type === 'A')!;
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: alias }] },
      }),
    );
    const { planned, done } = await planThenDeploy('production', 'a');
    expect(done).toEqual(planned);
    expect(domainKinds(done)).toEqual([
      'update dns record dom.example.org A',
      'update listener tbl:443',
      'update listener tbl:80',
    ]);
    expect(done.find((c) => c.name === 'tbl:80')?.details).toEqual(['redirect HTTP to HTTPS (301)']);
    expect(done.find((c) => c.name === 'tbl:443')?.details).toEqual([
      'TLS policy ELBSecurityPolicy-2016-08 → ELBSecurityPolicy-TLS13-1-2-2021-06',
    ]);
    const again = await planThenDeploy('production', 'a');
    expect([again.planned, again.done]).toEqual([[], []]);
  });

  it('someone else’s record at the host: plan lists the conflict, deploy refuses and changes nothing', async () => {
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: host('taken'),
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.9' }],
              },
            },
          ],
        },
      }),
    );
    const plan = await ship(['plan', '--env', 'taken', '--image', image('b'), '--json']);
    expect(plan.code).toBe(1);
    expect((JSON.parse(plan.stdout) as { conflicts: string[] }).conflicts).toEqual([
      'dns record "taken.dom.example.org A" exists but was not created by ship (it has no ship:app tag)',
    ]);
    const before = fake.calls().length;
    const deploy = await ship(['deploy', '--env', 'taken', '--image', image('b'), '--yes']);
    expect(deploy.code).toBe(1);
    expect(
      fake
        .calls()
        .slice(before)
        .filter((c) => mutating.test(c.action)),
    ).toEqual([]);
  });

  it('destroy: one environment’s record goes with it; the certificate with the last; someone else’s record stays', async () => {
    const second = await planThenDeploy('beta', 'c');
    expect(domainKinds(second.done)).toEqual(['create dns record beta.dom.example.org A']);
    const destroy = async (env: string) => {
      const run = await ship(['destroy', '--env', env, '--yes', '--json']);
      expect(run.stderr).not.toContain('✘');
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as { deleted: string[] }).deleted;
    };
    const beta = await destroy('beta');
    expect(beta.filter((d) => /^(dns record|certificate)/.test(d))).toEqual([
      'dns record beta.dom.example.org',
    ]);
    const production = await destroy('production');
    expect(production.filter((d) => /^(dns record|certificate)/.test(d))).toEqual([
      'dns record dom.example.org',
      expect.stringMatching(/^certificate dom\.example\.org \+ \*\.dom\.example\.org \([0-9a-f-]+\)$/),
    ]);
    const left = (await recordSets())
      .filter((r) => !['NS', 'SOA', 'CNAME'].includes(r.Type!))
      .map((r) => r.Name);
    expect(left).toEqual(['taken.dom.example.org.']);
    expect(fake.inventory().filter((i) => i.tags['ship:app'])).toEqual([]);
  });
});

describe('target express walks the same table', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  const role = 'tbl-production-us-east-1-infrastructure';
  const ship = (args: string[]) => ws.run(args);
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'tbl', target: 'express', environment: 'production' });
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });
  const planThenDeploy = (digest: string) => planThenDeployIn(ship, digest);

  it('missing, in line, drifted, someone else’s: plan lists exactly what deploy does; no security group of ship’s', async () => {
    const first = await planThenDeploy('a');
    expect(first.done).toEqual(first.planned);
    expect(first.done.map((c) => `${c.action} ${c.kind}`).sort()).toEqual([
      'create cluster',
      'create image repository',
      'create infrastructure role',
      'create log group',
      'create task execution role',
    ]);
    const same = await planThenDeploy('a');
    expect([same.planned, same.done]).toEqual([[], []]);

    const iam = new IAMClient(sdkConfig(fake));
    await iam.send(
      new DetachRolePolicyCommand({
        RoleName: role,
        PolicyArn:
          'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
      }),
    );
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: role,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    const drifted = await planThenDeploy('b');
    expect(drifted.done).toEqual(drifted.planned);
    expect(drifted.done).toEqual([
      {
        kind: 'infrastructure role',
        name: role,
        action: 'update',
        details: [
          'permissions: AWS managed AmazonECSInfrastructureRoleforExpressGatewayServices',
          'trust: only ECS of account 123456789012 (aws:SourceAccount)',
        ],
      },
    ]);
    const again = await planThenDeploy('b');
    expect([again.planned, again.done]).toEqual([[], []]);

    await iam.send(new TagRoleCommand({ RoleName: role, Tags: [{ Key: 'ship:app', Value: 'other' }] }));
    const plan = await ws.run(['plan', '--image', image('c'), '--json']);
    expect(plan.code).toBe(1);
    expect((JSON.parse(plan.stdout) as { conflicts: string[] }).conflicts).toEqual([
      `infrastructure role "${role}" exists but was not created by ship (its ship tags say app "other", env "production")`,
    ]);
    iam.destroy();
  });
});
