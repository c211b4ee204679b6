import { describe, expect, it } from 'vitest';
import {
  accountFromCallerArn,
  checkName,
  fit,
  ownership,
  resourceArns,
  resourceNames,
  shipTags,
} from '../../src/deploy/naming.js';

describe('resourceNames', () => {
  it('names shared resources by app and the rest by app and environment', () => {
    expect(resourceNames({ app: 'ebov-dash', env: 'production' }, 'eu-west-1')).toEqual({
      cluster: 'ebov-dash',
      repository: 'ebov-dash',
      service: 'ebov-dash-production',
      family: 'ebov-dash-production',
      container: 'ebov-dash',
      logGroup: '/ship/ebov-dash/production',
      executionRole: 'ebov-dash-production-eu-west-1-execution',
      executionPolicy: 'ship-task-execution',
      infrastructureRole: 'ebov-dash-production-eu-west-1-infrastructure',
      taskSecurityGroup: 'ebov-dash-production-tasks',
      loadBalancer: 'ebov-dash',
      loadBalancerSecurityGroup: 'ebov-dash-alb',
      targetGroup: 'ebov-dash-production',
      alternateTargetGroup: 'ebov-dash-production--alt',
      releaseRole: 'ebov-dash-production-eu-west-1-release',
      releasePolicy: 'ship-release-traffic',
      alarm5xxRate: 'ebov-dash-production-5xx-rate',
      alarmP99Latency: 'ebov-dash-production-p99-latency',
    });
  });

  it('names the container Main for an Express service, and fits the infrastructure role in 64 characters', () => {
    expect(resourceNames({ app: 'shop', env: 'beta' }, 'us-east-1', 'express').container).toBe('Main');
    const long = resourceNames(
      { app: 'abcdefghijklmnopqrstuvwx', env: 'abcdefghijklmnopqrst' },
      'ap-southeast-2',
      'express',
    );
    expect(long.infrastructureRole.length).toBeLessThanOrEqual(64);
    // Shortened before the suffix: the CI role passes `<app>-*-infrastructure` to ECS.
    expect(long.infrastructureRole).toMatch(/^abcdefghijklmnopqrstuvwx-.*-infrastructure$/);
    expect(long.infrastructureRole).not.toBe(long.executionRole);
  });

  it.each([
    ['a-very-long-application', 'feature-login-page'],
    ['abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrst'],
  ])('keeps load balancer and target group names within 32 characters (%s/%s)', (app, env) => {
    const names = resourceNames({ app, env }, 'ap-southeast-2');
    expect(names.targetGroup.length).toBeLessThanOrEqual(32);
    expect(names.loadBalancer.length).toBeLessThanOrEqual(32);
    expect(names.executionRole.length).toBeLessThanOrEqual(64);
    expect(names.targetGroup).toMatch(/^[a-z0-9-]+$/);
    expect(names.alternateTargetGroup.length).toBeLessThanOrEqual(32);
    expect(names.alternateTargetGroup).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
    expect(names.alternateTargetGroup).not.toBe(names.targetGroup);
    expect(names.releaseRole.length).toBeLessThanOrEqual(64);
  });

  it('an alternate target group never takes another environment’s name (env names have no "--")', () => {
    const a = resourceNames({ app: 'a', env: 'b' }, 'us-east-1');
    const b = resourceNames({ app: 'a', env: 'b-alt' }, 'us-east-1');
    expect(a.alternateTargetGroup).not.toBe(b.targetGroup);
  });
});

describe('fit', () => {
  it.each([
    ['short', 32, 'short'],
    ['a'.repeat(32), 32, 'a'.repeat(32)],
  ])('leaves %s alone', (name, max, expected) => {
    expect(fit(name, max)).toBe(expected);
  });
  it('shortens with a stable hash that keeps similar long names apart', () => {
    const a = fit(`${'x'.repeat(30)}-one`, 32);
    const b = fit(`${'x'.repeat(30)}-two`, 32);
    expect(a).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(fit(`${'x'.repeat(30)}-one`, 32)).toBe(a);
  });
});

describe('tags and ownership', () => {
  const target = { app: 'demo', env: 'production' };
  it.each([
    [{ 'ship:app': 'demo', 'ship:env': 'production', 'ship:scope': 'env' }, 'env', 'ours'],
    [{ 'ship:app': 'demo', 'ship:env': 'beta', 'ship:scope': 'env' }, 'env', 'foreign'],
    [{ 'ship:app': 'demo', 'ship:env': 'beta', 'ship:scope': 'app' }, 'app', 'ours'],
    [{ 'ship:app': 'other', 'ship:env': 'production' }, 'app', 'foreign'],
    [{}, 'app', 'foreign'],
    [{ Name: 'demo' }, 'env', 'foreign'],
  ] as const)('%j (%s scope) is %s', (tags, scope, expected) => {
    expect(ownership(tags, target, scope)).toBe(expected);
  });
  it('tags say app, env and scope', () => {
    expect(shipTags(target, 'app')).toEqual({
      'ship:app': 'demo',
      'ship:env': 'production',
      'ship:scope': 'app',
    });
  });
});

describe('names from people', () => {
  it.each([
    ['demo', undefined],
    ['my-app2', undefined],
    ['Demo', 'must be lowercase letters, digits and single hyphens, starting with a letter'],
    ['2app', 'must be lowercase letters, digits and single hyphens, starting with a letter'],
    ['a--b', 'must be lowercase letters, digits and single hyphens, starting with a letter'],
    ['x', 'must be 2–20 characters'],
  ])('checkName(%s)', (name, expected) => {
    expect(checkName(name, 20)).toBe(expected);
  });
});

describe('execution role per region (IAM is global)', () => {
  it('gives the same environment in two regions two roles, and two long names stay distinct', () => {
    const target = { app: 'ebov-dash', env: 'production' };
    expect(resourceNames(target, 'us-east-1').executionRole).not.toBe(
      resourceNames(target, 'eu-west-1').executionRole,
    );
    const long = { app: 'abcdefghijklmnopqrstuvwx', env: 'abcdefghijklmnopqrst' };
    const a = resourceNames(long, 'ap-southeast-1').executionRole;
    const b = resourceNames(long, 'ap-southeast-2').executionRole;
    expect(a).not.toBe(b);
    expect(Math.max(a.length, b.length)).toBeLessThanOrEqual(64);
  });
});

describe('ARNs', () => {
  it('derives the account and partition from the caller, then the resource ARNs', () => {
    const account = accountFromCallerArn('arn:aws:iam::123456789012:user/alice');
    expect(account).toEqual({ partition: 'aws', accountId: '123456789012' });
    expect(
      resourceArns(account, 'eu-west-1', resourceNames({ app: 'demo', env: 'beta' }, 'eu-west-1')),
    ).toEqual({
      repository: 'arn:aws:ecr:eu-west-1:123456789012:repository/demo',
      logGroup: 'arn:aws:logs:eu-west-1:123456789012:log-group:/ship/demo/beta',
      executionRole: 'arn:aws:iam::123456789012:role/demo-beta-eu-west-1-execution',
      releaseRole: 'arn:aws:iam::123456789012:role/demo-beta-eu-west-1-release',
      infrastructureRole: 'arn:aws:iam::123456789012:role/demo-beta-eu-west-1-infrastructure',
      service: 'arn:aws:ecs:eu-west-1:123456789012:service/demo/demo-beta',
    });
  });
});
