import { describe, expect, it } from 'vitest';
import { autoscalingChange, autoscalingPlan, requestCountLabel } from '../../src/ops/autoscaling-policy.js';

const lb = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-beta/73e2d6bc24d8a067';
const service = { cluster: 'web', service: 'web-beta' };

describe('autoscalingPlan', () => {
  it('tracks CPU with the configured bounds', () => {
    expect(autoscalingPlan({ min: 1, max: 4, cpuTarget: 60 }, service)).toEqual({
      resourceId: 'service/web/web-beta',
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: 1,
      maxCapacity: 4,
      policyName: 'web-beta-cpu',
      metric: { type: 'ECSServiceAverageCPUUtilization' },
      targetValue: 60,
      scaleInCooldownSeconds: 120,
      scaleOutCooldownSeconds: 60,
    });
  });

  it('tracks requests per target with the ALB resource label', () => {
    const plan = autoscalingPlan(
      { min: 2, max: 10, requestsPerTarget: 500 },
      { ...service, loadBalancerArn: lb, targetGroupArn: tg },
    );
    expect(plan).toMatchObject({
      minCapacity: 2,
      maxCapacity: 10,
      policyName: 'web-beta-requests',
      targetValue: 500,
      metric: {
        type: 'ALBRequestCountPerTarget',
        resourceLabel: 'app/web/50dc6c495c0c9188/targetgroup/web-beta/73e2d6bc24d8a067',
      },
    });
  });

  it.each([
    [{ min: -1, max: 2, cpuTarget: 50 }, 'autoscaling.min: expected a whole number of tasks ≥ 0, got -1'],
    [{ min: 1.5, max: 2, cpuTarget: 50 }, 'autoscaling.min'],
    [
      { min: 1, max: 0, cpuTarget: 50 },
      'autoscaling.max: expected a whole number of tasks from 1 to 5000, got 0',
    ],
    [{ min: 1, max: 6000, cpuTarget: 50 }, 'autoscaling.max'],
    [{ min: 4, max: 2, cpuTarget: 50 }, 'autoscaling.max: 2 is below autoscaling.min 4'],
    [{ min: 1, max: 2 }, 'give exactly one of cpuTarget and requestsPerTarget'],
    [{ min: 1, max: 2, cpuTarget: 50, requestsPerTarget: 100 }, 'give exactly one'],
    [
      { min: 1, max: 2, cpuTarget: 95 },
      'autoscaling.cpuTarget: expected a CPU percentage from 10 to 90, got 95',
    ],
    [{ min: 1, max: 2, cpuTarget: 5 }, 'autoscaling.cpuTarget'],
    [
      { min: 1, max: 2, requestsPerTarget: 0 },
      'autoscaling.requestsPerTarget: expected requests per target > 0',
    ],
    [{ min: 1, max: 2, requestsPerTarget: 100 }, 'scaling on requests needs a load balancer'],
  ])('rejects %j', (settings, message) => {
    expect(() => autoscalingPlan(settings, service)).toThrow(message);
  });
});

describe('requestCountLabel', () => {
  it('rejects ARNs that are not an ALB and its target group', () => {
    expect(() => requestCountLabel('arn:aws:ecs:x', tg)).toThrow(/not an application load balancer/);
  });
});

describe('autoscalingChange (the plan line)', () => {
  const cpu = { min: 1, max: 4, metric: 'ECSServiceAverageCPUUtilization', targetValue: 60 };
  it.each([
    [undefined, undefined, undefined],
    [undefined, { min: 1, max: 4, cpuTarget: 60 }, '+ autoscaling 1–4 tasks, holding 60 % average CPU'],
    [cpu, { min: 1, max: 4, cpuTarget: 60 }, undefined],
    [
      cpu,
      { min: 2, max: 4, cpuTarget: 60 },
      '~ autoscaling: 1–4 tasks, holding 60 % average CPU → 2–4 tasks, holding 60 % average CPU',
    ],
    [
      cpu,
      { min: 1, max: 4, requestsPerTarget: 500 },
      '~ autoscaling: 1–4 tasks, holding 60 % average CPU → 1–4 tasks, holding 500 requests per task per minute',
    ],
    [cpu, undefined, '- remove autoscaling (1–4 tasks, holding 60 % average CPU), if ship set it up'],
  ])('%j, config %j → %s', (current, settings, line) => {
    expect(autoscalingChange(current, settings)).toBe(line);
  });
});
