// A service's ECS tasks.
import { DescribeTasksCommand, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import type { AwsContext } from '../aws-context.js';
import { ecs } from './client.js';

export interface TaskSummary {
  taskArn: string;
  taskId: string;
  taskDefinition: string;
  lastStatus: string;
  healthStatus?: string;
  stoppedReason?: string;
  stopCode?: string;
  stoppedAt?: string;
  containers: {
    name: string;
    exitCode?: number;
    reason?: string;
    healthStatus?: string;
    imageDigest?: string;
  }[];
  /** The task's elastic network interface (awsvpc). */
  eniId?: string;
  privateIp?: string;
}

export interface TaskQuery {
  cluster: string;
  service: string;
  desiredStatus: 'RUNNING' | 'STOPPED';
}

/** ARNs of the service's tasks with that desired status, at most `limit`. */
export async function listTasks(context: AwsContext, query: TaskQuery, limit = 100): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs(context).send(
      new ListTasksCommand({
        cluster: query.cluster,
        serviceName: query.service,
        desiredStatus: query.desiredStatus,
        maxResults: 100,
        nextToken,
      }),
    );
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken && arns.length < limit);
  return arns.slice(0, limit);
}

/** The service's tasks that are RUNNING (or STOPPED), newest stopped first, at most `limit`. */
export async function serviceTasks(
  context: AwsContext,
  options: TaskQuery & { limit?: number },
): Promise<TaskSummary[]> {
  const arns = await listTasks(context, options, options.limit ?? 100);
  const tasks: TaskSummary[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const out = await ecs(context).send(
      new DescribeTasksCommand({ cluster: options.cluster, tasks: arns.slice(i, i + 100) }),
    );
    tasks.push(...(out.tasks ?? []).map(taskSummary));
  }
  return tasks.sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''));
}

function taskSummary(task: Task): TaskSummary {
  const details = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface')?.details ?? [];
  const detail = (name: string) => details.find((d) => d.name === name)?.value;
  const taskArn = task.taskArn ?? '';
  const summary: TaskSummary = {
    taskArn,
    taskId: taskArn.split('/').pop() ?? taskArn,
    taskDefinition: task.taskDefinitionArn ?? '',
    lastStatus: task.lastStatus ?? '',
    containers: (task.containers ?? []).map((c) => {
      const container: TaskSummary['containers'][number] = { name: c.name ?? '' };
      if (c.exitCode !== undefined) container.exitCode = c.exitCode;
      if (c.reason) container.reason = c.reason;
      if (c.healthStatus) container.healthStatus = c.healthStatus;
      if (c.imageDigest) container.imageDigest = c.imageDigest;
      return container;
    }),
  };
  if (task.healthStatus) summary.healthStatus = task.healthStatus;
  if (task.stoppedReason) summary.stoppedReason = task.stoppedReason;
  if (task.stopCode) summary.stopCode = task.stopCode;
  if (task.stoppedAt) summary.stoppedAt = new Date(task.stoppedAt).toISOString();
  const eni = detail('networkInterfaceId');
  const ip = detail('privateIPv4Address');
  if (eni) summary.eniId = eni;
  if (ip) summary.privateIp = ip;
  return summary;
}
