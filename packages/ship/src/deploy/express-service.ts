// An Express service as ship wants it, and what deploy will change on one
// that exists: the scaling target from the config, the lines `ship plan`
// shows, the address and its words. Pure.
import type { ShipConfig } from '../config/schema.js';
import type { ResourceNames } from './naming.js';

export type ExpressScalingMetric = 'AVERAGE_CPU' | 'AVERAGE_MEMORY' | 'REQUEST_COUNT_PER_TARGET';

export interface ExpressScaling {
  min: number;
  max: number;
  metric: ExpressScalingMetric;
  target: number;
}

/** One service revision: the settings a deployment of the service carries. */
export interface ExpressRevision {
  arn: string;
  taskDefinition: string;
  healthCheckPath?: string;
  scaling?: ExpressScaling;
  /** `https://…on.aws/` */
  endpoint?: string;
  createdAt: number;
}

/** Express Mode's own default target (CreateExpressGatewayService: autoScalingTargetValue 60). */
const defaultCpuTarget = 60;

/**
 * The config's scaling as Express Mode's scaling target. Without an `autoscaling` block the service
 * keeps `desiredCount` tasks (min = max); Express Mode always scales, so it gets a target that
 * never moves it.
 */
export function expressScaling(config: ShipConfig): ExpressScaling {
  const a = config.autoscaling;
  if (!a)
    return {
      min: config.desiredCount,
      max: config.desiredCount,
      metric: 'AVERAGE_CPU',
      target: defaultCpuTarget,
    };
  return a.requestsPerTarget !== undefined
    ? { min: a.min, max: a.max, metric: 'REQUEST_COUNT_PER_TARGET', target: a.requestsPerTarget }
    : { min: a.min, max: a.max, metric: 'AVERAGE_CPU', target: a.cpuTarget ?? defaultCpuTarget };
}

export const describeScaling = (s: ExpressScaling): string =>
  s.min === s.max
    ? `${s.min} task${s.min === 1 ? '' : 's'}`
    : `${s.min}–${s.max} tasks, holding ${s.metric === 'REQUEST_COUNT_PER_TARGET' ? `${s.target} requests per task per minute` : `${s.target} % average ${s.metric === 'AVERAGE_MEMORY' ? 'memory' : 'CPU'}`}`;

const sameScaling = (a: ExpressScaling | undefined, b: ExpressScaling) =>
  a !== undefined && a.min === b.min && a.max === b.max && a.metric === b.metric && a.target === b.target;

/**
 * What an update changes on the service's newest revision, in words; empty when nothing does.
 * `taskDefinition` is the revision deploy will run (a new one, or the one it runs now).
 */
export function expressServiceChanges(
  current: ExpressRevision,
  desired: { taskDefinition: string | 'new'; healthCheckPath: string; scaling: ExpressScaling },
): string[] {
  const changes: string[] = [];
  if (desired.taskDefinition === 'new') changes.push('task definition: new revision');
  else if (desired.taskDefinition !== current.taskDefinition)
    changes.push(`task definition: ${tail(current.taskDefinition)} → ${tail(desired.taskDefinition)}`);
  if (current.healthCheckPath !== desired.healthCheckPath)
    changes.push(`health check path: ${current.healthCheckPath ?? '(none)'} → ${desired.healthCheckPath}`);
  if (!sameScaling(current.scaling, desired.scaling))
    changes.push(
      `scaling: ${current.scaling ? describeScaling(current.scaling) : '(none)'} → ${describeScaling(desired.scaling)}`,
    );
  return changes;
}

/** Where an Express service answers: its endpoint once it has one, else what it will get. */
export function expressAddress(endpoint: string | undefined, names: ResourceNames, region: string): string {
  return endpoint
    ? `address: ${endpoint} (ECS Express Mode, HTTPS, stable across deploys)`
    : `address: https://${names.service.toLowerCase()}-<id>.ecs.${region}.on.aws/, given by ECS Express Mode on the first deploy (HTTPS, stable across deploys; no domain needed)`;
}

const tail = (arn: string): string => arn.split('/').pop() ?? arn;
