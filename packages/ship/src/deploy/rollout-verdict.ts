// Whether a deployment is done, judged from DescribeServices (and target
// health) snapshots. Pure. Success means only this: the new revision is the
// PRIMARY deployment, ECS says COMPLETED, every desired task runs it, no older
// deployment still has tasks, and (behind an ALB) enough targets are healthy.
// A rollback is never a success. A deployment that failed because one of its
// CloudWatch alarms fired (deploymentConfiguration.alarms) names the alarm.

export interface DeploymentSnapshot {
  id: string;
  /** PRIMARY (newest), ACTIVE (being replaced), INACTIVE. */
  status: string;
  taskDefinition: string;
  /** IN_PROGRESS, COMPLETED or FAILED (set when the circuit breaker is on). */
  rolloutState?: string;
  rolloutStateReason?: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
}

export interface ServiceEvent {
  id: string;
  createdAt: string;
  message: string;
}

export interface ServiceSnapshot {
  serviceName: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  deployments: DeploymentSnapshot[];
  events: ServiceEvent[];
}

export interface TargetSnapshot {
  id: string;
  port?: number;
  /** initial, healthy, unhealthy, unused, draining, unavailable. */
  state: string;
  reason?: string;
  description?: string;
}

export interface RolloutSnapshot {
  service: ServiceSnapshot;
  /** Health of the target group's targets, when the service is behind an ALB. */
  targets?: TargetSnapshot[];
  /** Private IPs of the tasks running the new revision: only their targets count. */
  newTaskIps?: string[];
}

export interface RolloutProgress {
  rolloutState: string;
  desired: number;
  running: number;
  pending: number;
  failed: number;
  /** Tasks of older deployments still running. */
  draining: number;
  healthyTargets?: number;
  unhealthyTargets?: number;
}

export type RolloutVerdict =
  | { state: 'in-progress'; progress: RolloutProgress; note?: string }
  | { state: 'succeeded'; progress: RolloutProgress }
  | {
      state: 'rolled-back';
      progress: RolloutProgress;
      reason: string;
      runningRevision: string;
      /** The CloudWatch alarm whose ALARM state failed the deployment. */
      alarm?: string;
    }
  | { state: 'failed'; progress: RolloutProgress; reason: string; alarm?: string };

/**
 * The alarm ECS names when an alarm fails a deployment: in the rollout reason
 * ("… failed: alarm <name> is in ALARM state.") or, when the reason is generic,
 * in the service event ("Alarm <name> is in ALARM state.").
 */
export function alarmOf(reason: string | undefined, events: ServiceEvent[] = []): string | undefined {
  const pattern = /\balarms? ([^\s,]+?)(?: is| are|,|\.? ?$)[^.]*\bin ALARM state/i;
  const found = reason?.match(pattern)?.[1];
  if (found) return found;
  for (const e of events) {
    const m = e.message.match(pattern);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

export interface JudgeOptions {
  /** Task-definition ARN being rolled out. */
  taskDefinition: string;
  /** Whether target health must confirm the tasks (service behind an ALB). */
  behindLoadBalancer: boolean;
  /**
   * Whether an earlier snapshot already showed this revision's deployment. Right after
   * UpdateService, DescribeServices may still show the old state (eventual consistency):
   * that is not a rollback.
   */
  seenDeployment: boolean;
  /** Failed tasks after which "tasks keep stopping" ends the wait (the circuit breaker usually acts first). */
  maxFailedTasks?: number;
}

export function judgeRollout(snapshot: RolloutSnapshot, options: JudgeOptions): RolloutVerdict {
  const { service } = snapshot;
  const ours = service.deployments.find((d) => d.taskDefinition === options.taskDefinition);
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const progress = progressOf(snapshot, ours ?? primary);

  if (service.status === 'MISSING' && !options.seenDeployment) {
    return { state: 'in-progress', progress, note: 'waiting for ECS to show the service' };
  }
  if (service.status !== 'ACTIVE') {
    return { state: 'failed', progress, reason: `the service is ${service.status} (was it deleted?)` };
  }
  if (ours?.rolloutState === 'FAILED') {
    const reason = ours.rolloutStateReason ?? 'ECS marked the deployment FAILED';
    const alarm = alarmOf(ours.rolloutStateReason, service.events);
    const named = alarm ? { alarm } : {};
    if (primary && primary.taskDefinition !== options.taskDefinition) {
      return { state: 'rolled-back', progress, reason, runningRevision: primary.taskDefinition, ...named };
    }
    return { state: 'failed', progress, reason, ...named };
  }
  if (!primary || primary.taskDefinition !== options.taskDefinition) {
    if (!options.seenDeployment) {
      return { state: 'in-progress', progress, note: 'waiting for ECS to show the new deployment' };
    }
    const running = primary?.taskDefinition ?? service.taskDefinition;
    const reason =
      primary?.rolloutStateReason ??
      (ours ? 'a newer deployment replaced it' : 'ECS replaced the deployment with another revision');
    return { state: 'rolled-back', progress, reason, runningRevision: running };
  }
  const limit = options.maxFailedTasks ?? Math.max(10, 3 * primary.desiredCount);
  if (primary.failedTasks >= limit) {
    return {
      state: 'failed',
      progress,
      reason: `tasks keep stopping: ${primary.failedTasks} failed to start or stay healthy`,
    };
  }
  const others = service.deployments.filter((d) => d !== primary);
  const completed =
    primary.rolloutState === undefined ? others.length === 0 : primary.rolloutState === 'COMPLETED';
  const allRunning =
    primary.runningCount >= primary.desiredCount &&
    primary.pendingCount === 0 &&
    primary.desiredCount === service.desiredCount &&
    others.every((d) => d.runningCount === 0);
  const targetsHealthy =
    !options.behindLoadBalancer ||
    primary.desiredCount === 0 ||
    (progress.healthyTargets ?? 0) >= primary.desiredCount;
  if (completed && allRunning && targetsHealthy) return { state: 'succeeded', progress };
  const note = completed && allRunning && !targetsHealthy ? 'waiting for healthy targets' : undefined;
  return note ? { state: 'in-progress', progress, note } : { state: 'in-progress', progress };
}

function progressOf(snapshot: RolloutSnapshot, deployment: DeploymentSnapshot | undefined): RolloutProgress {
  const others = snapshot.service.deployments.filter((d) => d !== deployment);
  const progress: RolloutProgress = {
    rolloutState: deployment?.rolloutState ?? 'PENDING',
    desired: deployment?.desiredCount ?? snapshot.service.desiredCount,
    running: deployment?.runningCount ?? 0,
    pending: deployment?.pendingCount ?? 0,
    failed: deployment?.failedTasks ?? 0,
    draining: others.reduce((n, d) => n + d.runningCount, 0),
  };
  if (snapshot.targets) {
    const ips = snapshot.newTaskIps;
    const targets = ips ? snapshot.targets.filter((t) => ips.includes(t.id)) : snapshot.targets;
    progress.healthyTargets = targets.filter((t) => t.state === 'healthy').length;
    progress.unhealthyTargets = targets.filter((t) => t.state === 'unhealthy').length;
  }
  return progress;
}

/** Events newer than the ones already shown, oldest first (DescribeServices lists newest first). */
export function newEvents(events: ServiceEvent[], seen: ReadonlySet<string>): ServiceEvent[] {
  return events.filter((e) => !seen.has(e.id)).reverse();
}

/** "running 1/2, pending 1, failed 0, draining 1, healthy targets 1/2". */
export function formatProgress(p: RolloutProgress): string {
  const parts = [`${p.rolloutState.toLowerCase().replace('_', ' ')}`, `running ${p.running}/${p.desired}`];
  if (p.pending) parts.push(`pending ${p.pending}`);
  if (p.failed) parts.push(`failed ${p.failed}`);
  if (p.draining) parts.push(`old tasks ${p.draining}`);
  if (p.healthyTargets !== undefined) parts.push(`healthy targets ${p.healthyTargets}/${p.desired}`);
  return parts.join(', ');
}
