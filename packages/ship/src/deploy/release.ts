// How an update reaches production traffic: the `release` section of
// ship.config.json with its defaults (this is the one place they live), the
// checks the schema cannot make, what ECS is told (deploymentConfiguration),
// and the words `ship plan` uses. Pure.
//
// rolling     ECS ROLLING with the fast-rollout settings ship always had
//             (circuit breaker with rollback, 100 %/200 %); alarms only when
//             `release.alarms` is given.
// canary      ECS CANARY: canary.percent of traffic for canary.bakeMinutes,
//             then 100 % and bakeMinutes before the old revision stops.
// linear      ECS LINEAR: linear.stepPercent more every linear.intervalMinutes.
// blue-green  ECS BLUE_GREEN: 100 % at once, then bakeMinutes.
// The last three need the load balancer (ECS moves the weights of the
// production listener rule) and always come with the two alarms, which roll
// the deployment back when they fire.
import type { ShipConfig } from '../config/schema.js';

export type ReleaseStrategy = 'rolling' | 'canary' | 'linear' | 'blue-green';

export interface ReleaseAlarms {
  /** Percent of requests answered 5xx by the targets, per minute. */
  http5xxRate: number;
  /** p99 of TargetResponseTime, per minute, in milliseconds. */
  p99LatencyMs: number;
}

export interface Release {
  strategy: ReleaseStrategy;
  /** Percent of production traffic on the new revision after each step; ends with 100. */
  steps: number[];
  /** Minutes each step before the last one is held (canary or linear bake). */
  stepBakeMinutes: number;
  /** Minutes at 100 % before the old revision stops (ECS bakeTimeInMinutes); 0 for rolling. */
  bakeMinutes: number;
  /** The alarms that roll a deployment back; undefined for a rolling release without `alarms`. */
  alarms?: ReleaseAlarms;
}

/** Every default of `release`: ECS's own are 5 %/10 min canary, 10 %/6 min linear, 0 min bake. */
export const releaseDefaults = {
  strategy: 'rolling',
  canary: { percent: 10, bakeMinutes: 3 },
  linear: { stepPercent: 20, intervalMinutes: 1 },
  bakeMinutes: 3,
  alarms: { http5xxRate: 1, p99LatencyMs: 2000 },
} as const;

/** The release the config asks for, with the defaults filled in. */
export function releaseOf(config: Pick<ShipConfig, 'release'>): Release {
  const r = config.release ?? {};
  const strategy = r.strategy ?? releaseDefaults.strategy;
  const alarms = { ...releaseDefaults.alarms, ...r.alarms };
  if (strategy === 'rolling') {
    return { strategy, steps: [100], stepBakeMinutes: 0, bakeMinutes: 0, ...(r.alarms ? { alarms } : {}) };
  }
  const bakeMinutes = r.bakeMinutes ?? releaseDefaults.bakeMinutes;
  if (strategy === 'canary') {
    const canary = { ...releaseDefaults.canary, ...r.canary };
    return {
      strategy,
      steps: canary.percent < 100 ? [canary.percent, 100] : [100],
      stepBakeMinutes: canary.bakeMinutes,
      bakeMinutes,
      alarms,
    };
  }
  if (strategy === 'linear') {
    const linear = { ...releaseDefaults.linear, ...r.linear };
    return {
      strategy,
      steps: linearSteps(linear.stepPercent),
      stepBakeMinutes: linear.intervalMinutes,
      bakeMinutes,
      alarms,
    };
  }
  return { strategy, steps: [100], stepBakeMinutes: 0, bakeMinutes, alarms };
}

/** 20 → 20, 40, 60, 80, 100 (ECS adds stepPercent until all traffic has moved). */
export function linearSteps(stepPercent: number): number[] {
  const steps: number[] = [];
  for (let i = 1; round1(i * stepPercent) < 100; i++) steps.push(round1(i * stepPercent));
  return [...steps, 100];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const isTenth = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;

/** Minutes the traffic shift and bakes add to a deploy: what the wait must allow on top of the rollout. */
export function releaseMinutes(release: Release): number {
  return (release.steps.length - 1) * release.stepBakeMinutes + release.bakeMinutes;
}

/** What the schema cannot say about `release`, as "file:line: field: problem" lines. */
export function releaseProblems(
  config: Pick<ShipConfig, 'release' | 'loadBalancer'>,
  place: (field: string) => string,
): string[] {
  const r = config.release;
  if (!r) return [];
  const problems: string[] = [];
  const strategy = r.strategy ?? releaseDefaults.strategy;
  if (strategy !== 'rolling' && config.loadBalancer !== 'alb') {
    problems.push(
      `${place('release.strategy')}: a ${strategy} release moves traffic at the load balancer; set "loadBalancer": "alb" (or use "rolling")`,
    );
  } else if (r.alarms && config.loadBalancer !== 'alb') {
    problems.push(
      `${place('release.alarms')}: the alarms watch the load balancer's target group; set "loadBalancer": "alb"`,
    );
  }
  if (r.canary && strategy !== 'canary') {
    problems.push(`${place('release.canary')}: only used by "strategy": "canary" (strategy is ${strategy})`);
  }
  if (r.linear && strategy !== 'linear') {
    problems.push(`${place('release.linear')}: only used by "strategy": "linear" (strategy is ${strategy})`);
  }
  if (r.bakeMinutes !== undefined && strategy === 'rolling') {
    problems.push(
      `${place('release.bakeMinutes')}: a rolling release has no bake time; use "canary", "linear" or "blue-green"`,
    );
  }
  if (r.canary?.percent !== undefined && !isTenth(r.canary.percent)) {
    problems.push(
      `${place('release.canary.percent')}: ECS takes multiples of 0.1 from 0.1 to 100 (got ${r.canary.percent})`,
    );
  }
  if (r.linear?.stepPercent !== undefined && !isTenth(r.linear.stepPercent)) {
    problems.push(
      `${place('release.linear.stepPercent')}: ECS takes multiples of 0.1 from 3 to 100 (got ${r.linear.stepPercent})`,
    );
  }
  return problems;
}

const ecsStrategy = {
  rolling: 'ROLLING',
  canary: 'CANARY',
  linear: 'LINEAR',
  'blue-green': 'BLUE_GREEN',
} as const;

/** The service's deploymentConfiguration for this release, with the alarms that roll it back. */
export function ecsDeploymentConfiguration(release: Release, alarmNames: string[]) {
  const alarms =
    alarmNames.length > 0 ? { alarms: { alarmNames: [...alarmNames], enable: true, rollback: true } } : {};
  const fast = {
    // Keep every old task until new ones are healthy; roll back when they are not.
    deploymentCircuitBreaker: { enable: true, rollback: true },
    minimumHealthyPercent: 100,
    maximumPercent: 200,
  };
  if (release.strategy === 'rolling') return { ...fast, strategy: 'ROLLING' as const, ...alarms };
  return {
    ...fast,
    strategy: ecsStrategy[release.strategy],
    bakeTimeInMinutes: release.bakeMinutes,
    ...(release.strategy === 'canary'
      ? {
          canaryConfiguration: {
            canaryPercent: release.steps[0] ?? 100,
            canaryBakeTimeInMinutes: release.stepBakeMinutes,
          },
        }
      : {}),
    ...(release.strategy === 'linear'
      ? {
          linearConfiguration: {
            stepPercent: release.steps[0] ?? 100,
            stepBakeTimeInMinutes: release.stepBakeMinutes,
          },
        }
      : {}),
    ...alarms,
  };
}

/** "canary: 10 % for 3 min → 100 %, bake 3 min", the traffic path in words. */
export function describeSteps(release: Release): string {
  if (release.strategy === 'rolling') return 'rolling: new tasks replace old ones once healthy';
  const shifts = release.steps
    .slice(0, -1)
    .map((p) => `${p} %${release.stepBakeMinutes ? ` for ${release.stepBakeMinutes} min` : ''}`);
  return `${release.strategy}: ${[...shifts, '100 %'].join(' → ')}, bake ${release.bakeMinutes} min`;
}

/** The plan's release line: strategy, traffic path, and what rolls it back. */
export function releaseLine(release: Release, alarmNames: string[]): string {
  const alarms = release.alarms
    ? `; rolls back when the 5xx rate is above ${release.alarms.http5xxRate} % or p99 latency above ${release.alarms.p99LatencyMs} ms (alarms ${alarmNames.join(', ')})`
    : '; rolls back when tasks fail to start or stay healthy';
  return `release: ${describeSteps(release)}${alarms}`;
}
