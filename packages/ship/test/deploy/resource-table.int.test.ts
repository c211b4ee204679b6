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
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteRolePolicyCommand, IAMClient, TagRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

interface Change {
  kind: string;
  name: string;
  action: 'create' | 'update';
  details: string[];
}

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/tbl@sha256:${c.repeat(64)}`;
const byName = (a: Change, b: Change) => `${a.kind} ${a.name}`.localeCompare(`${b.kind} ${b.name}`);
const mutating = /^(Create|Put|Modify|Authorize|Revoke|Register|Update|Delete|Tag|Add)/;

describe('plan and deploy walk one resource table', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  const ship = (args: string[]) => ws.run(args);

  /** `ship plan --json` then `ship deploy --json`: what plan listed, what deploy did. */
  async function planThenDeploy(digest: string) {
    const plan = await ship(['plan', '--image', image(digest), '--json']);
    expect(plan.stderr).not.toContain('✘');
    const planned = JSON.parse(plan.stdout) as {
      create: Array<{ kind: string; name: string }>;
      update: Array<{ kind: string; name: string; changes: string[] }>;
    };
    const deploy = await ship(['deploy', '--image', image(digest), '--json']);
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
      new PutLifecyclePolicyCommand({ repositoryName: 'tbl', lifecyclePolicyText: '{"rules":[]}' }),
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
