// Why a rollout failed, in lines a person can act on: stopped tasks' reasons
// and exit codes, failing target health checks, the last log lines.
import type { AwsContext } from '../aws/aws-context.js';
import { serviceTasks } from '../aws/ecs.js';
import { targetHealth } from '../aws/elbv2.js';
import { lastLogLines } from '../aws/logs.js';

export interface FailureContext {
  cluster: string;
  service: string;
  /** Only tasks of this revision are examined. */
  taskDefinition: string;
  targetGroupArn?: string;
  logs?: { group: string; streamPrefix: string; container: string };
  logLines?: number;
}

export async function explainFailure(context: AwsContext, failure: FailureContext): Promise<string[]> {
  const lines: string[] = [];
  const stopped = (
    await serviceTasks(context, {
      cluster: failure.cluster,
      service: failure.service,
      desiredStatus: 'STOPPED',
      limit: 20,
    })
  ).filter((t) => t.taskDefinition === failure.taskDefinition);
  const reasons = new Map<string, number>();
  for (const task of stopped) {
    const containers = task.containers
      .filter((c) => c.exitCode !== undefined || c.reason)
      .map(
        (c) =>
          `${c.name}${c.exitCode !== undefined ? ` exited ${c.exitCode}` : ''}${c.reason ? ` (${c.reason})` : ''}`,
      );
    const reason = [task.stoppedReason ?? task.stopCode ?? 'stopped', ...containers].join('; ');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, count] of reasons)
    lines.push(`stopped task${count > 1 ? `s (${count})` : ''}: ${reason}`);

  if (failure.targetGroupArn) {
    const targets = await targetHealth(context, failure.targetGroupArn);
    for (const t of targets.filter((t) => t.state === 'unhealthy')) {
      lines.push(
        `target ${t.id}:${t.port ?? ''} unhealthy: ${[t.reason, t.description].filter(Boolean).join(' — ')}`,
      );
    }
  }

  const newest = stopped[0];
  if (failure.logs && newest) {
    const stream = `${failure.logs.streamPrefix}/${failure.logs.container}/${newest.taskId}`;
    const log = await lastLogLines(context, {
      group: failure.logs.group,
      stream,
      limit: failure.logLines ?? 10,
    });
    if (log.length > 0) {
      lines.push(`last log lines of task ${newest.taskId} (${failure.logs.group} ${stream}):`);
      for (const line of log) lines.push(`  | ${line}`);
    }
  }
  return lines;
}
