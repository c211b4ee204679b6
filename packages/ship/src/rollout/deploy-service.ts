// Rolls a service onto a task-definition revision and reports the outcome
// honestly: create or update the service (or just point it at a revision, as
// rollback does), wait with progress, and explain a failure. Used by `ship
// deploy` and by the operating commands (rollback reuses this path).
import type { AwsContext } from '../aws/aws-context.js';
import { describeAlarms } from '../aws/cloudwatch.js';
import {
  createService,
  findService,
  type ServiceSpec,
  setServiceTaskDefinition,
  updateService,
} from '../aws/ecs.js';
import { revisionName } from '../deploy/task-definition.js';
import type { ProgressRenderer } from '../progress/rollout-progress.js';
import { createRolloutPoller, waitForRollout } from '../wait/rollout-poller.js';
import { explainFailure } from './explain-failure.js';

export type ServiceChange =
  | { kind: 'create'; spec: ServiceSpec }
  | { kind: 'update'; spec: ServiceSpec }
  /** Point the service at `taskDefinition` and change nothing else (rollback). */
  | { kind: 'revision' }
  /** A rollout of `taskDefinition` is already under way (an interrupted deploy): only wait. */
  | { kind: 'wait' }
  /** ECS Express Mode makes the change (create, update or point an Express service); returns the progress line. */
  | { kind: 'express'; apply: () => Promise<string> };

export interface DeployServiceOptions {
  context: AwsContext;
  cluster: string;
  service: string;
  /** Task-definition ARN to roll out. */
  taskDefinition: string;
  change: ServiceChange;
  /** Return once ECS accepted the change (`--no-wait`). */
  wait: boolean;
  targetGroupArn?: string;
  logs?: { group: string; streamPrefix: string; container: string };
  pollIntervalMs?: number;
  timeoutMs?: number;
  renderer: ProgressRenderer;
  /** Canary, linear, blue/green: where traffic shifts (the production rule, the alternate target group). */
  release?: { productionRuleArn: string; alternateTargetGroupArn: string };
  /** The alarms attached to the deployment: a rollback they cause is named with the alarm's reason. */
  alarmNames?: string[];
}

export interface DeployOutcome {
  state: 'succeeded' | 'accepted' | 'rolled-back' | 'failed' | 'timed-out';
  taskDefinition: string;
  /** `family:12`. */
  revision: string;
  reason?: string;
  /** The revision ECS runs after a rollback. */
  runningRevision?: string;
  /** The CloudWatch alarm that failed the deployment, with CloudWatch's reason. */
  alarm?: { name: string; reason: string };
  /** Stopped-task reasons, failing health checks, last log lines. */
  details: string[];
}

export const defaultPollIntervalMs = 5_000;
export const defaultTimeoutMs = 20 * 60_000;

export async function deployService(options: DeployServiceOptions): Promise<DeployOutcome> {
  const { context, cluster, service, taskDefinition, change } = options;
  const { renderer } = options;
  const revision = revisionName(taskDefinition);
  const before = change.kind === 'create' ? undefined : await findService(context, cluster, service);
  const knownEventIds = before?.snapshot.events.map((e) => e.id) ?? [];

  if (change.kind === 'create') {
    await createService(context, { ...change.spec, taskDefinition });
    renderer.line(`created service ${service} on ${revision}`);
  } else if (change.kind === 'update') {
    await updateService(context, { ...change.spec, taskDefinition });
    renderer.line(`updated service ${service} to ${revision}`);
  } else if (change.kind === 'express') {
    renderer.line(await change.apply());
  } else if (change.kind === 'revision') {
    await setServiceTaskDefinition(context, { cluster, service, taskDefinition });
    renderer.line(`pointed service ${service} at ${revision}`);
  } else {
    renderer.line(`service ${service} is already rolling out ${revision}; waiting for it`);
  }
  if (!options.wait) return { state: 'accepted', taskDefinition, revision, details: [] };

  const poller = createRolloutPoller({
    context,
    cluster,
    service,
    taskDefinition,
    intervalMs: options.pollIntervalMs ?? defaultPollIntervalMs,
    knownEventIds,
    ...(options.targetGroupArn ? { targetGroupArn: options.targetGroupArn } : {}),
    ...(options.release
      ? {
          productionRuleArn: options.release.productionRuleArn,
          otherTargetGroupArns: [options.release.alternateTargetGroupArn],
        }
      : {}),
  });
  const result = await waitForRollout(poller, {
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    onPoll: (poll) => renderer.onPoll(poll),
  });
  renderer.done();
  const verdict = result.verdict;
  if (!result.timedOut && verdict?.state === 'succeeded') {
    return { state: 'succeeded', taskDefinition, revision, details: [] };
  }
  const details = await explainFailure(context, {
    cluster,
    service,
    taskDefinition,
    ...(options.targetGroupArn ? { targetGroupArn: options.targetGroupArn } : {}),
    ...(options.logs ? { logs: options.logs } : {}),
  });
  if (result.timedOut) {
    const minutes = Math.round((options.timeoutMs ?? defaultTimeoutMs) / 60_000);
    return {
      state: 'timed-out',
      taskDefinition,
      revision,
      reason: `not complete after ${minutes} min`,
      details,
    };
  }
  const alarm =
    verdict && (verdict.state === 'rolled-back' || verdict.state === 'failed') && verdict.alarm
      ? await alarmReason(context, verdict.alarm)
      : undefined;
  const named = alarm
    ? { alarm, reason: `alarm ${alarm.name} fired${alarm.reason ? ` (${alarm.reason})` : ''}` }
    : {};
  if (verdict?.state === 'rolled-back') {
    return {
      state: 'rolled-back',
      taskDefinition,
      revision,
      reason: verdict.reason,
      runningRevision: revisionName(verdict.runningRevision),
      details,
      ...named,
    };
  }
  const reason = verdict && verdict.state === 'failed' ? verdict.reason : 'the deployment failed';
  return { state: 'failed', taskDefinition, revision, reason, details, ...named };
}

/** CloudWatch's reason for the alarm's state ("Threshold Crossed: …"); empty when it cannot be read. */
async function alarmReason(context: AwsContext, name: string): Promise<{ name: string; reason: string }> {
  const [alarm] = await describeAlarms(context, [name]).catch(() => []);
  return { name, reason: alarm?.reason ?? '' };
}
