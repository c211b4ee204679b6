// The release section: defaults, what ECS is told, AWS's ranges with
// file:line:field errors, the alarms' definitions, the production rule and
// what progress shows.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { resourceNames } from '../../src/deploy/naming.js';
import {
  describeSteps,
  ecsDeploymentConfiguration,
  linearSteps,
  releaseMinutes,
  releaseOf,
} from '../../src/deploy/release.js';
import { alarmDrift, arnSuffix, releaseAlarms } from '../../src/deploy/release-alarms.js';
import { newRevisionGroup, releaseStatus, shareOf } from '../../src/deploy/traffic-shift.js';
import { UserError } from '../../src/errors.js';
import { productionRuleStep } from '../../src/ops/production-rule.js';

const parse = (config: Record<string, unknown>) =>
  parseConfig(JSON.stringify({ app: 'demo', ...config }, null, 2), {
    file: 'ship.config.json',
    defaultRegion: 'us-east-1',
  }).config;

const problems = (config: Record<string, unknown>): string => {
  try {
    parse(config);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return '';
};

describe('release config', () => {
  it('is rolling by default, with the fast settings and no alarms', () => {
    const release = releaseOf(parse({}));
    expect(release).toEqual({ strategy: 'rolling', steps: [100], stepBakeMinutes: 0, bakeMinutes: 0 });
    expect(ecsDeploymentConfiguration(release, [])).toEqual({
      strategy: 'ROLLING',
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    });
  });

  it('canary: defaults filled in, CANARY with its configuration and the alarms rolling back', () => {
    const release = releaseOf(parse({ loadBalancer: 'alb', release: { strategy: 'canary' } }));
    expect(release).toEqual({
      strategy: 'canary',
      steps: [10, 100],
      stepBakeMinutes: 3,
      bakeMinutes: 3,
      alarms: { http5xxRate: 1, p99LatencyMs: 2000 },
    });
    expect(ecsDeploymentConfiguration(release, ['a', 'b'])).toMatchObject({
      strategy: 'CANARY',
      bakeTimeInMinutes: 3,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
      alarms: { alarmNames: ['a', 'b'], enable: true, rollback: true },
    });
    expect(describeSteps(release)).toBe('canary: 10 % for 3 min → 100 %, bake 3 min');
    expect(releaseMinutes(release)).toBe(6);
  });

  it('linear: every step to 100, LINEAR with stepPercent and its interval', () => {
    const release = releaseOf(
      parse({
        loadBalancer: 'alb',
        release: { strategy: 'linear', linear: { stepPercent: 25, intervalMinutes: 2 }, bakeMinutes: 0 },
      }),
    );
    expect(release.steps).toEqual([25, 50, 75, 100]);
    expect(ecsDeploymentConfiguration(release, [])).toMatchObject({
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
    });
    expect(releaseMinutes(release)).toBe(6);
    expect(linearSteps(30)).toEqual([30, 60, 90, 100]);
    expect(linearSteps(33.3)).toEqual([33.3, 66.6, 99.9, 100]);
  });

  it('blue-green: all at once, then the bake', () => {
    const release = releaseOf(
      parse({ loadBalancer: 'alb', release: { strategy: 'blue-green', bakeMinutes: 10 } }),
    );
    expect(release.steps).toEqual([100]);
    expect(ecsDeploymentConfiguration(release, [])).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 10,
    });
  });

  it('rolling with alarms attaches them', () => {
    const release = releaseOf(parse({ loadBalancer: 'alb', release: { alarms: { http5xxRate: 5 } } }));
    expect(release.alarms).toEqual({ http5xxRate: 5, p99LatencyMs: 2000 });
    expect(ecsDeploymentConfiguration(release, ['x'])).toMatchObject({
      strategy: 'ROLLING',
      alarms: { alarmNames: ['x'], enable: true, rollback: true },
    });
  });

  it.each([
    [
      { release: { strategy: 'canary' } },
      'ship.config.json:4: release.strategy: a canary release moves traffic at the load balancer; set "loadBalancer": "alb"',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', canary: { percent: 0.05 } } },
      'release.canary.percent: must be >= 0.1',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', canary: { percent: 12.34 } } },
      'release.canary.percent: ECS takes multiples of 0.1 from 0.1 to 100 (got 12.34)',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', canary: { bakeMinutes: 1441 } } },
      'release.canary.bakeMinutes: must be <= 1440',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'linear', linear: { stepPercent: 2 } } },
      'release.linear.stepPercent: must be >= 3',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', bakeMinutes: -1 } },
      'release.bakeMinutes: must be >= 0',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', linear: { stepPercent: 10 } } },
      'release.linear: only used by "strategy": "linear" (strategy is canary)',
    ],
    [
      { loadBalancer: 'alb', release: { bakeMinutes: 5 } },
      'release.bakeMinutes: a rolling release has no bake time',
    ],
    [
      { loadBalancer: 'alb', release: { strategy: 'canary', alarms: { http5xxRate: 0 } } },
      'release.alarms.http5xxRate: must be > 0',
    ],
    [{ release: { alarms: { p99LatencyMs: 500 } } }, 'release.alarms: the alarms watch the load balancer'],
    [
      { loadBalancer: 'alb', release: { strategy: 'canaryy' } },
      'release.strategy: must be one of rolling, canary, linear, blue-green',
    ],
    [
      { loadBalancer: 'alb', release: { stratgy: 'canary' } },
      'release.stratgy: unknown field; did you mean "strategy"?',
    ],
  ])('refuses %j, naming file:line and field', (config, expected) => {
    const message = problems(config);
    expect(message).toContain(expected);
    expect(message).toMatch(/^ship\.config\.json:\d+: /);
  });
});

describe('release alarms', () => {
  const names = resourceNames({ app: 'demo', env: 'production' }, 'us-east-1');
  const lb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/demo/50dc6c495c0c9188';
  const blue = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-production/aaa';
  const green = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/demo-production--alt/bbb';
  const [rate, latency] = releaseAlarms(
    names,
    { http5xxRate: 1.5, p99LatencyMs: 800 },
    { loadBalancerArn: lb, targetGroupArns: [blue, green] },
  );

  it('uses CloudWatch dimensions from the ARNs', () => {
    expect(arnSuffix(lb)).toBe('app/demo/50dc6c495c0c9188');
    expect(arnSuffix(green)).toBe('targetgroup/demo-production--alt/bbb');
  });

  it('5xx rate: HTTPCode_Target_5XX_Count / RequestCount over both groups, in percent', () => {
    expect(rate?.AlarmName).toBe('demo-production-5xx-rate');
    expect(rate?.Threshold).toBe(1.5);
    const returned = rate?.Metrics.filter((m) => m.ReturnData);
    expect(returned).toHaveLength(1);
    expect(returned?.[0]?.Expression).toBe(
      'IF((FILL(requests0, 0) + FILL(requests1, 0)) > 0, 100 * (FILL(errors0, 0) + FILL(errors1, 0)) / (FILL(requests0, 0) + FILL(requests1, 0)), 0)',
    );
    const stats = rate?.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat] : [])) ?? [];
    expect(stats.map((s) => `${s.Metric.MetricName}/${s.Stat}/${s.Period}`).sort()).toEqual([
      'HTTPCode_Target_5XX_Count/Sum/60',
      'HTTPCode_Target_5XX_Count/Sum/60',
      'RequestCount/Sum/60',
      'RequestCount/Sum/60',
    ]);
    expect(stats[0]?.Metric.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: 'app/demo/50dc6c495c0c9188' },
      { Name: 'TargetGroup', Value: 'targetgroup/demo-production/aaa' },
    ]);
  });

  it('p99 latency: the worse group’s p99 TargetResponseTime, threshold in seconds', () => {
    expect(latency?.Threshold).toBe(0.8);
    expect(latency?.Metrics.find((m) => m.ReturnData)?.Expression).toBe('MAX([p990, p991])');
    expect(latency?.Metrics.filter((m) => m.MetricStat?.Stat === 'p99')).toHaveLength(2);
  });

  it('drift: a changed threshold or target group is a line; the same definition is none', () => {
    expect(alarmDrift({ threshold: 1.5, metrics: rate?.Metrics }, rate!, '%')).toEqual([]);
    expect(alarmDrift({ threshold: 1, metrics: rate?.Metrics }, rate!, '%')).toEqual([
      'threshold 1 % → 1.5 %',
    ]);
    expect(alarmDrift({ threshold: 2, metrics: latency?.Metrics }, latency!, 'ms')).toEqual([
      'threshold 2000 ms → 800 ms',
    ]);
    const [one] = releaseAlarms(
      names,
      { http5xxRate: 1.5, p99LatencyMs: 800 },
      { loadBalancerArn: lb, targetGroupArns: [blue] },
    );
    expect(alarmDrift({ threshold: 1.5, metrics: one?.Metrics }, rate!, '%')).toEqual([
      'metrics: watch the target groups of this release',
    ]);
  });
});

describe('production rule', () => {
  const groups = { main: 'tg-main', alternate: 'tg-alt' };
  const rule = (over: Partial<Parameters<typeof productionRuleStep>[0]['rules'][number]>) => ({
    arn: 'r',
    priority: 1,
    hostHeaders: [],
    pathPatterns: [],
    targetGroupArns: [],
    weights: [],
    ...over,
  });

  it('the default environment gets a catch-all rule at the last free priority, all traffic where it was', () => {
    expect(
      productionRuleStep({ defaultTargetGroupArns: ['tg-main'], rules: [] }, 'production.*', groups),
    ).toEqual({
      action: 'create-catch-all',
      priority: 50000,
      groups: [
        { targetGroupArn: 'tg-main', weight: 100 },
        { targetGroupArn: 'tg-alt', weight: 0 },
      ],
    });
    expect(
      productionRuleStep(
        {
          defaultTargetGroupArns: ['tg-main'],
          rules: [rule({ priority: 50000, hostHeaders: ['x.*'], targetGroupArns: ['o'] })],
        },
        'production.*',
        groups,
      ),
    ).toMatchObject({ action: 'create-catch-all', priority: 49999 });
  });

  it('a Host-rule environment uses its rule, made to forward to both groups', () => {
    const host = rule({ arn: 'beta', hostHeaders: ['beta.*'], targetGroupArns: ['tg-main'] });
    expect(
      productionRuleStep({ defaultTargetGroupArns: ['other'], rules: [host] }, 'beta.*', groups),
    ).toEqual({
      action: 'forward-to-both',
      ruleArn: 'beta',
      groups: [
        { targetGroupArn: 'tg-main', weight: 100 },
        { targetGroupArn: 'tg-alt', weight: 0 },
      ],
    });
  });

  it('a rule that already forwards to both is ECS’s: left alone', () => {
    const both = rule({ arn: 'all', pathPatterns: ['/*'], targetGroupArns: ['tg-main', 'tg-alt'] });
    expect(
      productionRuleStep({ defaultTargetGroupArns: ['tg-main'], rules: [both] }, 'production.*', groups),
    ).toEqual({
      action: 'none',
      ruleArn: 'all',
    });
  });

  it('an environment with no route at all is reported, not guessed', () => {
    expect(productionRuleStep({ defaultTargetGroupArns: ['x'], rules: [] }, 'beta.*', groups)).toEqual({
      action: 'none-found',
    });
  });
});

describe('traffic shift progress', () => {
  const canary = releaseOf({ release: { strategy: 'canary', canary: { percent: 10, bakeMinutes: 3 } } });
  const linear = releaseOf({
    release: { strategy: 'linear', linear: { stepPercent: 25, intervalMinutes: 1 } },
  });

  it('the new revision’s group is the idle one at the start, whichever it is', () => {
    expect(
      newRevisionGroup([
        { targetGroupArn: 'a', weight: 100 },
        { targetGroupArn: 'b', weight: 0 },
      ]),
    ).toBe('b');
    expect(
      newRevisionGroup([
        { targetGroupArn: 'a', weight: 0 },
        { targetGroupArn: 'b', weight: 100 },
      ]),
    ).toBe('a');
    expect(
      shareOf(
        [
          { targetGroupArn: 'a', weight: 90 },
          { targetGroupArn: 'b', weight: 10 },
        ],
        'b',
      ),
    ).toBe(10);
    expect(shareOf([{ targetGroupArn: 'a', weight: 1 }], 'a')).toBe(100);
    expect(shareOf([], 'a')).toBe(0);
  });

  it('canary: the share, the bake counting down, the next step', () => {
    expect(releaseStatus(canary, 10, 0, 0)).toBe('canary 10 % → bake 3:00 left → 100 %');
    expect(releaseStatus(canary, 10, 0, 19_500)).toBe('canary 10 % → bake 2:41 left → 100 %');
    expect(releaseStatus(canary, 10, 0, 10 * 60_000)).toBe('canary 10 % → bake 0:00 left → 100 %');
    expect(releaseStatus(canary, 100, 0, 60_000)).toBe('canary 100 % → bake 2:00 left → old revision stops');
  });

  it('linear: each step names the next', () => {
    expect(releaseStatus(linear, 50, 0, 30_000)).toBe('linear 50 % → bake 0:30 left → 75 %');
    expect(releaseStatus(linear, 37, 0, 0)).toBe('linear: 37 % of traffic on the new revision');
  });
});
