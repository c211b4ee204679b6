// Autoscaling from ship.config.json's `autoscaling` block: an Application Auto
// Scaling scalable target on the service's desired count (min/max tasks) and
// one target-tracking policy, on average CPU or on ALB requests per target.
import { UserError } from '../errors.js';

export interface AutoscalingSettings {
  min: number;
  max: number;
  /** Average CPU utilisation (%) to hold. */
  cpuTarget?: number | undefined;
  /** ALB requests per target (per minute) to hold; needs `loadBalancer: "alb"`. */
  requestsPerTarget?: number | undefined;
}

export interface ScalingService {
  cluster: string;
  service: string;
  /** Both ARNs are needed for requests per target. */
  loadBalancerArn?: string | undefined;
  targetGroupArn?: string | undefined;
}

export type TrackedMetric =
  | { type: 'ECSServiceAverageCPUUtilization' }
  | { type: 'ALBRequestCountPerTarget'; resourceLabel: string };

export interface AutoscalingPlan {
  resourceId: string;
  scalableDimension: 'ecs:service:DesiredCount';
  minCapacity: number;
  maxCapacity: number;
  policyName: string;
  metric: TrackedMetric;
  targetValue: number;
  scaleInCooldownSeconds: number;
  scaleOutCooldownSeconds: number;
}

/** Largest task count a service may ask for (the ECS tasks-per-service quota). */
export const maxTasksPerService = 5000;

export function autoscalingPlan(settings: AutoscalingSettings, on: ScalingService): AutoscalingPlan {
  const field = (name: string) => `ship.config.json: autoscaling.${name}`;
  const { min, max, cpuTarget, requestsPerTarget } = settings;
  if (!Number.isInteger(min) || min < 0) {
    throw new UserError(`${field('min')}: expected a whole number of tasks ≥ 0, got ${min}`);
  }
  if (!Number.isInteger(max) || max < 1 || max > maxTasksPerService) {
    throw new UserError(
      `${field('max')}: expected a whole number of tasks from 1 to ${maxTasksPerService}, got ${max}`,
    );
  }
  if (max < min) {
    throw new UserError(`${field('max')}: ${max} is below autoscaling.min ${min}`, 'raise max or lower min');
  }
  if ((cpuTarget === undefined) === (requestsPerTarget === undefined)) {
    throw new UserError(
      'ship.config.json: autoscaling: give exactly one of cpuTarget and requestsPerTarget',
      'e.g. "autoscaling": { "min": 1, "max": 4, "cpuTarget": 60 }',
    );
  }

  const resourceId = `service/${on.cluster}/${on.service}`;
  const common = {
    resourceId,
    scalableDimension: 'ecs:service:DesiredCount' as const,
    minCapacity: min,
    maxCapacity: max,
    scaleInCooldownSeconds: 120,
    scaleOutCooldownSeconds: 60,
  };
  if (cpuTarget !== undefined) {
    if (!(cpuTarget >= 10 && cpuTarget <= 90)) {
      throw new UserError(`${field('cpuTarget')}: expected a CPU percentage from 10 to 90, got ${cpuTarget}`);
    }
    return {
      ...common,
      policyName: `${on.service}-cpu`,
      metric: { type: 'ECSServiceAverageCPUUtilization' },
      targetValue: cpuTarget,
    };
  }
  const requests = requestsPerTarget!;
  if (!(requests > 0)) {
    throw new UserError(`${field('requestsPerTarget')}: expected requests per target > 0, got ${requests}`);
  }
  if (!on.loadBalancerArn || !on.targetGroupArn) {
    throw new UserError(
      `${field('requestsPerTarget')}: scaling on requests needs a load balancer`,
      'set "loadBalancer": "alb", or scale on "cpuTarget" instead',
    );
  }
  return {
    ...common,
    policyName: `${on.service}-requests`,
    metric: {
      type: 'ALBRequestCountPerTarget',
      resourceLabel: requestCountLabel(on.loadBalancerArn, on.targetGroupArn),
    },
    targetValue: requests,
  };
}

/** `app/<lb>/<id>/targetgroup/<tg>/<id>` from the two ARNs, as CloudWatch names the metric's dimension. */
export function requestCountLabel(loadBalancerArn: string, targetGroupArn: string): string {
  const lb = /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(loadBalancerArn)?.[1];
  const tg = /:(targetgroup\/[^/]+\/[^/]+)$/.exec(targetGroupArn)?.[1];
  if (!lb || !tg) {
    throw new Error(
      `not an application load balancer / target group ARN: ${loadBalancerArn} ${targetGroupArn}`,
    );
  }
  return `${lb}/${tg}`;
}

/** A service's scaling as AWS has it (from `scalingOf`). */
export interface CurrentScaling {
  min: number;
  max: number;
  /** The tracked metric's type, or 'none'. */
  metric: string;
  targetValue: number;
}

function describeScaling(min: number, max: number, metric: string, target: number): string {
  const holding =
    metric === 'ALBRequestCountPerTarget'
      ? `${target} requests per task per minute`
      : metric === 'ECSServiceAverageCPUUtilization'
        ? `${target} % average CPU`
        : 'no target-tracking policy';
  return `${min}–${max} tasks, holding ${holding}`;
}

/**
 * The plan's line for autoscaling: what deploy would add, change or remove, or undefined when
 * AWS already has what the config asks for (or neither has any).
 */
export function autoscalingChange(
  current: CurrentScaling | undefined,
  settings: AutoscalingSettings | undefined,
): string | undefined {
  if (!settings) {
    return current
      ? `- remove autoscaling (${describeScaling(current.min, current.max, current.metric, current.targetValue)}), if ship set it up`
      : undefined;
  }
  const metric =
    settings.requestsPerTarget !== undefined ? 'ALBRequestCountPerTarget' : 'ECSServiceAverageCPUUtilization';
  const target = settings.requestsPerTarget ?? settings.cpuTarget ?? 0;
  const wanted = describeScaling(settings.min, settings.max, metric, target);
  if (!current) return `+ autoscaling ${wanted}`;
  const same =
    current.min === settings.min &&
    current.max === settings.max &&
    current.metric === metric &&
    current.targetValue === target;
  if (same) return undefined;
  return `~ autoscaling: ${describeScaling(current.min, current.max, current.metric, current.targetValue)} → ${wanted}`;
}
