// `ship ci role` through the real CLI against the fake AWS: --print's policy
// covers every AWS call that `ship deploy` and `ship destroy` make (recorded
// from the fake's traffic in a full deploy/update/failed-deploy/second-env/
// destroy run, then an Express service's deploy/update/rollback/destroy), and creating the role sets up the OIDC provider, the trust
// and the policy; re-running updates them; a role ship did not create is left alone.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
} from '@aws-sdk/client-iam';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/ci/deploy-policy.js';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { holdImages } from '../fake-aws/push-test-image.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';
import { policyProblems } from './policy-problems.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${c.repeat(64)}`;

/** SigV4 credential-scope names whose IAM action prefix differs. */
const iamPrefix: Record<string, string> = { monitoring: 'cloudwatch' };

/**
 * Runs ship with each arguments and expected exit code, checks nothing of the app is left, and
 * returns the IAM actions of the AWS calls made from `from` on (the test's own setup excluded).
 */
async function replay(fake: FakeAws, ws: ShipWorkspace, runs: [string[], number][], from = 0) {
  for (const [args, code] of runs) {
    const run = await ws.run(args);
    expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(code);
  }
  expect(fake.inventory().filter((i) => i.tags['ship:app'])).toEqual([]);
  const calls = fake.calls().slice(from);
  return [...new Set(calls.map((c) => `${iamPrefix[c.service] ?? c.service}:${c.action}`))].sort();
}

describe('ship ci role', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let recorded: string[];
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, {
      app: 'shop',
      loadBalancer: 'alb',
      desiredCount: 2,
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f0f0f0f-0000-4000-8000-000000000001',
      autoscaling: { min: 1, max: 3, cpuTarget: 60 },
    });
    fake.failImages(/sha256:9{64}$/);
    const runs: [string[], number][] = [
      [['deploy', '--env', 'production', '--image', image('1'), '--yes'], 0],
      [['deploy', '--env', 'production', '--image', image('2'), '--yes'], 0],
      [['deploy', '--env', 'production', '--image', image('9'), '--yes'], 1],
      [['deploy', '--env', 'beta', '--image', image('3'), '--yes'], 0],
      [['destroy', '--env', 'beta', '--yes'], 0],
      [['destroy', '--env', 'production', '--yes'], 0],
    ];
    const first = await replay(fake, ws, runs);
    // A canary release: alternate target group, release role, production rule, alarms, the shift.
    await writeFile(
      join(ws.dir, 'ship.config.json'),
      JSON.stringify({
        app: 'shop',
        loadBalancer: 'alb',
        release: { strategy: 'canary', canary: { percent: 10, bakeMinutes: 1 }, bakeMinutes: 1 },
      }),
    );
    const canary = await replay(fake, ws, [
      [['deploy', '--env', 'canary', '--image', image('4'), '--yes'], 0],
      [['deploy', '--env', 'canary', '--image', image('5'), '--yes'], 0],
      [['destroy', '--env', 'canary', '--yes'], 0],
    ]);
    // The same app as an Express service: roles (with the managed policy), the Express calls, rollback, destroy.
    const express = await shipWorkspace(fake, { app: 'shop', target: 'express' });
    try {
      const expressRuns: [string[], number][] = [
        [['deploy', '--env', 'production', '--image', image('4'), '--yes'], 0],
        [['deploy', '--env', 'production', '--image', image('5'), '--yes'], 0],
        [['rollback', '--env', 'production'], 0],
        [['status', '--env', 'production'], 0],
        [['destroy', '--env', 'production', '--yes'], 0],
      ];
      for (const [args, code] of expressRuns) {
        // No registry here: the repository holds the images only because the test says so (rollback checks).
        if (args[0] === 'rollback') holdImages(fake, [image('4'), image('5')]);
        const run = await express.run(args);
        expect(run.code, `express: ${args.join(' ')}\n${run.stderr}`).toBe(code);
      }
    } finally {
      await express.remove();
    }
    // Every call of the three runs (and nothing of the app left).
    recorded = [...new Set([...first, ...canary, ...(await replay(fake, ws, []))])].sort();
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('--print: a valid policy whose actions cover every call deploy and destroy made, no * action', async () => {
    const before = fake.inventory();
    const { code, stdout, stderr } = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--print']);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as {
      roleName: string;
      roleArn: string;
      permissionsPolicy: PolicyDocument;
      trustPolicy: PolicyDocument;
    };
    expect(printed.roleName).toBe('ship-ci-shop');
    expect(printed.roleArn).toBe('arn:aws:iam::123456789012:role/ship-ci-shop');
    expect(policyProblems(printed.permissionsPolicy, 'permissions')).toEqual([]);
    expect(policyProblems(printed.trustPolicy, 'trust')).toEqual([]);
    const allowed = new Set(printed.permissionsPolicy.Statement.flatMap((s) => s.Action));
    expect([...allowed].filter((a) => a.includes('*'))).toEqual([]);
    expect(recorded.length).toBeGreaterThan(50);
    expect(recorded).toEqual(
      expect.arrayContaining([
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'elasticloadbalancing:CreateRule',
        'ecs:CreateExpressGatewayService',
        'ecs:UpdateExpressGatewayService',
        'ecs:DeleteExpressGatewayService',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
      ]),
    );
    expect(recorded.filter((call) => !allowed.has(call))).toEqual([]);
    // --print changes nothing.
    expect(fake.inventory()).toEqual(before);
  });

  it('creates the OIDC provider and the role; a re-run updates trust and policy', async () => {
    const created = await ws.run([
      'ci',
      'role',
      '--repo',
      'acme/shop',
      '--branch',
      'main',
      '--branch',
      'release',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('arn:aws:iam::123456789012:role/ship-ci-shop\n');
    expect(created.stderr).toContain(
      'created the OIDC identity provider token.actions.githubusercontent.com',
    );
    expect(created.stderr).toContain(
      'created role ship-ci-shop: acme/shop on main, release and its pull requests may deploy and destroy shop',
    );
    expect(created.stderr).toContain(
      'next: ship ci github --role-arn arn:aws:iam::123456789012:role/ship-ci-shop',
    );
    const iam = new IAMClient(sdkConfig(fake));
    const providers = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(providers.OpenIDConnectProviderList?.map((p) => p.Arn)).toEqual([
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    ]);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'ship-ci-shop' }));
    const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/shop:ref:refs/heads/main',
      'repo:acme/shop:ref:refs/heads/release',
      'repo:acme/shop:pull_request',
    ]);
    expect(role.Role!.Tags).toEqual(expect.arrayContaining([{ Key: 'ship:app', Value: 'shop' }]));
    const policy = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'ship-ci-shop', PolicyName: 'ship-deploy' }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement.length).toBeGreaterThan(5);

    const again = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--no-pull-requests']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("using the account's OIDC identity provider");
    expect(again.stderr).toMatch(/updated role ship-ci-shop: acme\/shop on \S+ may deploy/);
    const updated = await iam.send(new GetRoleCommand({ RoleName: 'ship-ci-shop' }));
    const subjects = JSON.parse(decodeURIComponent(updated.Role!.AssumeRolePolicyDocument!)).Statement[0]
      .Condition.StringEquals['token.actions.githubusercontent.com:sub'];
    expect(subjects).not.toContain('repo:acme/shop:pull_request');
    iam.destroy();
  });

  it('leaves a same-named role it did not create alone, and refuses names the policy could change', async () => {
    const iam = new IAMClient(sdkConfig(fake));
    const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
    await iam.send(
      new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: '{"Statement":[]}' }),
    );
    iam.destroy();
    const foreign = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--name', 'deployer']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('✘ IAM role deployer exists and ship did not create it for shop');
    const own = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--name', 'shop-ci']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('--name shop-ci: names starting with "shop-" are the app\'s own roles');
  });

  it('says what --repo and --branch expect, without a stack trace; a missing --repo is a usage error', async () => {
    const repo = await ws.run(['ci', 'role', '--repo', 'shop', '--print']);
    expect(repo.code).toBe(1);
    expect(repo.stderr).toContain('✘ --repo "shop": expected a GitHub repository as OWNER/NAME');
    expect(repo.stderr).not.toContain('    at ');
    const branch = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--branch', 'a..b', '--print']);
    expect(branch.code).toBe(1);
    expect(branch.stderr).toContain('✘ --branch "a..b": not a git branch name');
    const missing = await ws.run(['ci', 'role', '--print']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('✘ --repo is required');
  });
});

describe('ship ci role with a domain', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let zoneId: string;
  let recorded: string[];
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    const route53 = new Route53Client(sdkConfig(fake));
    await route53.send(new CreateHostedZoneCommand({ Name: 'example.org', CallerReference: 'parent' }));
    const zone = await route53.send(
      new CreateHostedZoneCommand({ Name: 'shop.example.org', CallerReference: 'shop' }),
    );
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    route53.destroy();
    ws = await shipWorkspace(fake, {
      app: 'shop',
      loadBalancer: 'alb',
      domain: { name: 'shop.example.org', production: 'www' },
    });
    // Only ship's calls count, not the zones this test made.
    const setup = fake.calls().length;
    const runs: [string[], number][] = [
      [['deploy', '--env', 'production', '--image', image('1'), '--yes'], 0],
      [['deploy', '--env', 'production', '--image', image('2'), '--yes'], 0],
      [['deploy', '--env', 'feature-x', '--image', image('3'), '--yes'], 0],
      [['status', '--env', 'feature-x'], 0],
      [['destroy', '--env', 'feature-x', '--yes'], 0],
      [['destroy', '--env', 'production', '--yes'], 0],
    ];
    recorded = await replay(fake, ws, runs, setup);
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('--print covers every ACM and Route 53 call, with record writes scoped to the zone of the domain', async () => {
    const { code, stdout, stderr } = await ws.run(['ci', 'role', '--repo', 'acme/shop', '--print']);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    const policy = (JSON.parse(stdout) as { permissionsPolicy: PolicyDocument }).permissionsPolicy;
    expect(policyProblems(policy, 'permissions')).toEqual([]);
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    expect(recorded.filter((call) => /^(acm|route53):/.test(call))).toEqual(
      expect.arrayContaining([
        'acm:RequestCertificate',
        'acm:DescribeCertificate',
        'acm:DeleteCertificate',
        'route53:ChangeResourceRecordSets',
        'route53:ListHostedZones',
      ]),
    );
    expect(recorded.filter((call) => !allowed.has(call))).toEqual([]);
    const records = policy.Statement.find((s) => s.Action.includes('route53:ChangeResourceRecordSets'))!;
    expect(records.Resource).toBe(`arn:aws:route53:::hostedzone/${zoneId}`);
  });
});
