// Where the service answers, the one rule deploy and status share: the ALB's
// DNS name (https when it has an HTTPS listener), else the public IP of a
// running task's network interface.
import type { AwsContext } from '../aws/aws-context.js';
import { publicIpOf } from '../aws/ec2.js';
import type { TaskSummary } from '../aws/ecs.js';

export interface UrlOptions {
  port: number;
  /** Prefer tasks of this revision (the one just rolled out, or the primary deployment's). */
  taskDefinition?: string;
  loadBalancer?: { dnsName: string; https: boolean };
  /** The service's tasks with desired status RUNNING. */
  tasks: () => Promise<TaskSummary[]>;
}

export async function serviceUrl(context: AwsContext, options: UrlOptions): Promise<string | undefined> {
  if (options.loadBalancer) {
    return `${options.loadBalancer.https ? 'https' : 'http'}://${options.loadBalancer.dnsName}/`;
  }
  const running = (await options.tasks()).filter((t) => t.lastStatus === 'RUNNING');
  const preferred = running.filter((t) => t.taskDefinition === options.taskDefinition);
  const candidates = preferred.length > 0 ? preferred : running;
  for (const task of candidates) {
    if (!task.eniId) continue;
    const ip = await publicIpOf(context, task.eniId);
    if (ip) return `http://${ip}:${options.port}/`;
  }
  const privateIp = candidates.find((t) => t.privateIp)?.privateIp;
  return privateIp ? `http://${privateIp}:${options.port}/ (private; no public IP)` : undefined;
}
