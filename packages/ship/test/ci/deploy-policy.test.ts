// The CI role's two documents as IAM reads them: a permissions policy with no
// action wildcard, every action one AWS defines (checked against the SDK's own
// operations), resources scoped to the app, within IAM's size limit; and a
// trust policy that admits exactly the repository's branches and pull requests.
import { describe, expect, it } from 'vitest';
import { deployPolicy, inlinePolicyLimit } from '../../src/ci/deploy-policy.js';
import { checkBranch, githubTrustPolicy, parseRepository } from '../../src/ci/github-trust.js';
import { sdkModulesByPrefix } from '../support/sdk-modules.js';
import { policyProblems } from './policy-problems.js';

const account = { partition: 'aws', accountId: '123456789012' };
const policy = deployPolicy({ ...account, region: 'eu-west-1', app: 'shop' });

/** Actions that authorise something other than an API call of the same name (IAM User Guide). */
const permissionOnly = new Set(['iam:PassRole']);

describe('deploy policy', () => {
  it('is a well-formed permissions policy within the inline size limit', () => {
    expect(policyProblems(policy, 'permissions')).toEqual([]);
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(inlinePolicyLimit);
  });

  it('names every action; each is one AWS defines (an SDK operation), none a wildcard', () => {
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const unknown = actions.filter((action) => {
      if (permissionOnly.has(action)) return false;
      const [prefix = '', name = ''] = action.split(':');
      return !sdkModulesByPrefix[prefix]?.[`${name}Command`];
    });
    expect(unknown).toEqual([]);
  });

  it("scopes writes to the app's names or tag; reads and '*'-only actions are the only unscoped ones", () => {
    const unscoped = policy.Statement.filter((s) => s.Resource === '*' && !s.Condition).flatMap(
      (s) => s.Action,
    );
    const writes = unscoped.filter((a) => !/:(Describe|List|Get)[A-Z]/.test(a));
    expect(writes.sort()).toEqual([
      'application-autoscaling:DeleteScalingPolicy',
      'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:PutScalingPolicy',
      'application-autoscaling:RegisterScalableTarget',
      'application-autoscaling:TagResource',
      'ecs:DeleteTaskDefinitions',
      'ecs:DeregisterTaskDefinition',
    ]);
    // CreateSecurityGroup is authorised on the VPC too; on the group itself it needs the app's tag.
    const named = policy.Statement.filter(
      (s) => s.Resource !== '*' && !s.Condition && s.Sid !== 'SecurityGroupsInVpc',
    );
    for (const s of named)
      for (const r of [s.Resource].flat())
        expect(r, s.Sid).toMatch(
          /:(role|repository|log-group|cluster|service|service-deployment|service-revision|container-instance|task|task-definition|loadbalancer|targetgroup|listener|listener-rule|alarm)[/:].*shop/,
        );
    const passRole = policy.Statement.filter((s) => s.Action.includes('iam:PassRole'));
    expect(passRole.map((s) => [s.Resource, s.Condition])).toEqual([
      [
        'arn:aws:iam::123456789012:role/shop-*',
        { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      ],
      [
        'arn:aws:iam::123456789012:role/shop-*-release',
        { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
      ],
      // The Express infrastructure role, to ECS itself.
      [
        'arn:aws:iam::123456789012:role/shop-*-infrastructure',
        { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
      ],
    ]);
    const attach = policy.Statement.filter((s) => s.Action.includes('iam:AttachRolePolicy'));
    expect(attach.map((s) => [s.Action, s.Resource, s.Condition])).toEqual([
      [
        ['iam:AttachRolePolicy'],
        'arn:aws:iam::123456789012:role/shop-*-infrastructure',
        {
          ArnEquals: {
            'iam:PolicyARN':
              'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
          },
        },
      ],
    ]);
    const ownGroups = policy.Statement.find((s) => s.Action.includes('ec2:DeleteSecurityGroup'))!;
    expect(ownGroups.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/ship:app': 'shop' } });
  });
});

describe('deploy policy with a domain', () => {
  const withDomain = deployPolicy({
    ...account,
    region: 'eu-west-1',
    app: 'shop',
    domain: { name: 'shop.example.org', hostedZoneId: 'Z0SHOP' },
  });
  const statement = (action: string) => withDomain.Statement.find((s) => s.Action.includes(action))!;

  it('is well-formed, within the size limit, every action one AWS defines', () => {
    expect(policyProblems(withDomain, 'permissions')).toEqual([]);
    expect(JSON.stringify(withDomain).length).toBeLessThanOrEqual(inlinePolicyLimit);
    const added = withDomain.Statement.slice(policy.Statement.length).flatMap((s) => s.Action);
    expect(added.filter((a) => !sdkModulesByPrefix[a.split(':')[0]!]?.[`${a.split(':')[1]}Command`])).toEqual(
      [],
    );
    expect(policy.Statement.flatMap((s) => s.Action).filter((a) => /^(acm|route53):/.test(a))).toEqual([]);
  });

  it('writes records only in its zone, under its domain, of the types ship writes', () => {
    const records = statement('route53:ChangeResourceRecordSets');
    expect(records.Resource).toBe('arn:aws:route53:::hostedzone/Z0SHOP');
    expect(records.Condition).toEqual({
      'ForAllValues:StringLike': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['shop.example.org', '*.shop.example.org'],
      },
      'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT', 'CNAME'] },
    });
    expect(statement('route53:ListResourceRecordSets').Resource).toBe('arn:aws:route53:::hostedzone/Z0SHOP');
  });

  it("requests certificates only with the app's tag and deletes only those carrying it", () => {
    expect(statement('acm:RequestCertificate').Condition).toEqual({
      StringEquals: { 'aws:RequestTag/ship:app': 'shop' },
    });
    const remove = statement('acm:DeleteCertificate');
    expect(remove.Resource).toBe('arn:aws:acm:eu-west-1:123456789012:certificate/*');
    expect(remove.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/ship:app': 'shop' } });
  });
});

describe('trust policy', () => {
  const repository = parseRepository('acme/shop');
  it('admits the branches given and the repository pull requests, by exact sub claim and audience', () => {
    const trust = githubTrustPolicy({
      ...account,
      repository,
      branches: ['main', 'release/1'],
      pullRequests: true,
    });
    expect(policyProblems(trust, 'trust')).toEqual([]);
    expect(trust.Statement[0]).toEqual({
      Sid: 'GithubActions',
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': [
            'repo:acme/shop:ref:refs/heads/main',
            'repo:acme/shop:ref:refs/heads/release/1',
            'repo:acme/shop:pull_request',
          ],
        },
      },
    });
    const noPrs = githubTrustPolicy({ ...account, repository, branches: ['main'], pullRequests: false });
    expect(noPrs.Statement[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/shop:ref:refs/heads/main',
    ]);
  });

  it('takes immutable subject claims (OWNER@ID/NAME@ID) as given', () => {
    const immutable = parseRepository('acme@42/shop@1337');
    const trust = githubTrustPolicy({
      ...account,
      repository: immutable,
      branches: ['main'],
      pullRequests: false,
    });
    expect(trust.Statement[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme@42/shop@1337:ref:refs/heads/main',
    ]);
  });

  it.each([
    ['acme', 'expected a GitHub repository as OWNER/NAME'],
    ['acme/shop/x', 'expected a GitHub repository'],
    ['acme/*', 'expected a GitHub repository'],
    ['acme@1/shop', 'expected a GitHub repository'],
    ['https://github.com/acme/shop', 'expected a GitHub repository'],
  ])('--repo %s is refused', (raw, message) => {
    expect(() => parseRepository(raw)).toThrow(message);
  });

  it.each(['feature x', 'a..b', '*', 'x:y', '-x', 'a/', 'x.lock', 'a\u0001b'])(
    '--branch %j is refused',
    (b) => {
      expect(() => checkBranch(b)).toThrow(/--branch .*: not a git branch name/);
    },
  );

  it('accepts usual branch names', () => {
    expect(
      ['main', 'release/1.2', 'feature/login-form', 'refs/heads/dev'].map((b) => checkBranch(b)),
    ).toEqual(['main', 'release/1.2', 'feature/login-form', 'dev']);
  });
});
