// How long one code-only update takes, from `ship deploy` to all production
// traffic on the new revision, as a sum of phases whose lengths are AWS's
// documented behaviour or the values ship configures. Pure: settings in,
// phases out; `npm run bench` prints it. A modelled timeline, not a
// measurement: each phase names where its number comes from.
//
// rolling  ship's service path: new tasks start beside the old ones
//          (maximumPercent 200), are healthy after healthyThreshold × interval
//          of ALB checks, then ECS deregisters the old targets (no new
//          requests to them) and waits the deregistration delay before stopping them.
// canary   ECS CANARY: the same start, then canaryPercent of traffic for
//          canaryBakeTimeInMinutes, then 100 % and bakeTimeInMinutes before the
//          old revision is removed (ECS Developer Guide, canary deployments).
// express  ECS Express Mode: a canary of 5 % with a 3-minute bake (AWS's
//          announcement of Express Mode, November 2025), same start.
import { describeSteps, type Release } from './release.js';

export type UpdateStrategy = 'rolling' | 'canary' | 'express';

export interface TimelineSettings {
  /** Build and push of a one-file code change (seconds). */
  buildPushSeconds: number;
  /** RegisterTaskDefinition + UpdateService round trips (seconds). */
  apiSeconds: number;
  /** Fargate: task placed, ENI attached, image layers pulled, container started (seconds). */
  taskStartSeconds: number;
  /** Container start → the app answers its health check (seconds). */
  appReadySeconds: number;
  healthCheckIntervalSeconds: number;
  healthyThreshold: number;
  deregistrationDelaySeconds: number;
  /** ship's rollout poller: how late, at most, ship sees a change (seconds). */
  pollSeconds: number;
  canaryPercent: number;
  canaryBakeMinutes: number;
  bakeMinutes: number;
}

export interface Phase {
  name: string;
  seconds: number;
  /** Where the number comes from. */
  source: string;
}

export function updateTimeline(strategy: UpdateStrategy, settings: TimelineSettings): Phase[] {
  const s = settings;
  const start: Phase[] = [
    {
      name: 'build and push the code layer',
      seconds: s.buildPushSeconds,
      source: 'bench target, one-file change',
    },
    {
      name: 'register task definition, update service',
      seconds: s.apiSeconds,
      source: 'two API round trips',
    },
    {
      name: 'Fargate starts the new task (placement, ENI, pull, start)',
      seconds: s.taskStartSeconds,
      source: 'assumed typical for a small image; AWS publishes no bound',
    },
    { name: 'app ready', seconds: s.appReadySeconds, source: 'container start → /readyz measured < 1 s' },
    {
      name: `ALB health checks: ${s.healthyThreshold} × ${s.healthCheckIntervalSeconds} s`,
      seconds: s.healthyThreshold * s.healthCheckIntervalSeconds,
      source: 'target group HealthyThresholdCount × HealthCheckIntervalSeconds (ship sets them)',
    },
  ];
  const shift = (percent: number, bakeMinutes: number, source: string): Phase[] => [
    { name: `shift ${percent} % of traffic, bake ${bakeMinutes} min`, seconds: bakeMinutes * 60, source },
  ];
  const middle: Phase[] =
    strategy === 'rolling'
      ? []
      : strategy === 'canary'
        ? [
            ...shift(s.canaryPercent, s.canaryBakeMinutes, 'ECS canaryConfiguration as set'),
            ...shift(100, s.bakeMinutes, 'ECS bakeTimeInMinutes as set'),
          ]
        : [...shift(5, 3, 'Express Mode canary: 5 %, 3-minute bake (AWS)'), ...shift(100, 0, 'Express Mode')];
  const end: Phase[] = [
    {
      name: 'old targets deregistered: all new requests on the new revision',
      seconds: 0,
      source: 'ECS deregisters the old tasks once the new ones are healthy',
    },
    {
      name: `in-flight requests drain (deregistration delay ${s.deregistrationDelaySeconds} s)`,
      seconds: s.deregistrationDelaySeconds,
      source: 'deregistration_delay.timeout_seconds (ship sets it)',
    },
    { name: 'ship sees the rollout complete', seconds: s.pollSeconds, source: 'rollout poller interval' },
  ];
  return [...start, ...middle, ...end];
}

/**
 * The timeline of a release as ship.config.json configures it (src/deploy/release.ts): the
 * rolling start, then each traffic step with its bake, then 100 % and the final bake.
 */
export function releaseTimeline(release: Release, settings: TimelineSettings): Phase[] {
  const rolling = updateTimeline('rolling', settings);
  const at = rolling.findIndex((p) => p.name.startsWith('old targets deregistered'));
  const shifts: Phase[] = release.steps.map((percent, i) => {
    const last = i === release.steps.length - 1;
    return last
      ? { name: 'shift 100 % of traffic', seconds: 0, source: 'ECS, once the last step has baked' }
      : {
          name: `shift ${percent} % of traffic, bake ${release.stepBakeMinutes} min`,
          seconds: release.stepBakeMinutes * 60,
          source: `release.${release.strategy} → ECS ${release.strategy}Configuration`,
        };
  });
  // All new requests reach the new revision at 100 %; the old one stays (idle) through the bake.
  const bake: Phase = {
    name: `bake ${release.bakeMinutes} min at 100 % before the old revision stops`,
    seconds: release.bakeMinutes * 60,
    source: 'release.bakeMinutes → ECS bakeTimeInMinutes',
  };
  if (release.strategy === 'rolling') return rolling;
  return [...rolling.slice(0, at), ...shifts, rolling[at]!, bake, ...rolling.slice(at + 1)];
}

/** The heading `renderTimeline` prints for a configured release. */
export const releaseTitle = (release: Release): string => describeSteps(release);

export const totalSeconds = (phases: Phase[]) => phases.reduce((sum, p) => sum + p.seconds, 0);

/** Seconds until all new requests go to the new revision (before draining and ship noticing). */
export function secondsToAllTraffic(phases: Phase[]): number {
  const index = phases.findIndex((p) => p.name.startsWith('old targets deregistered'));
  return totalSeconds(phases.slice(0, index + 1));
}

/** The phases as aligned lines with a running clock. */
export function renderTimeline(strategy: string, phases: Phase[]): string {
  let clock = 0;
  const lines = [
    `${strategy}: ${totalSeconds(phases)} s (all traffic on the new revision at ${secondsToAllTraffic(phases)} s)`,
  ];
  for (const phase of phases) {
    clock += phase.seconds;
    lines.push(
      `  ${`+${phase.seconds}`.padStart(5)} s  ${`${clock}`.padStart(4)} s  ${phase.name.padEnd(62)} ${phase.source}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
