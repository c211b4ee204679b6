// Where the service answers: the ALB's DNS name, or the public IP of a
// running task's network interface.
import type { AwsContext } from '../aws/aws-context.js';
import { publicIpOf } from '../aws/ec2.js';
import { serviceTasks } from '../aws/ecs.js';

export interface UrlOptions {
  cluster: string;
  service: string;
  port: number;
  /** Only tasks of this revision (the one just rolled out). */
  taskDefinition?: string;
  loadBalancer?: { dnsName: string; https: boolean };
}

export async function serviceUrl(context: AwsContext, options: UrlOptions): Promise<string | undefined> {
  if (options.loadBalancer) {
    return `${options.loadBalancer.https ? 'https' : 'http'}://${options.loadBalancer.dnsName}/`;
  }
  const tasks = await serviceTasks(context, {
    cluster: options.cluster,
    service: options.service,
    desiredStatus: 'RUNNING',
  });
  const candidates = tasks.filter(
    (t) =>
      t.lastStatus === 'RUNNING' && (!options.taskDefinition || t.taskDefinition === options.taskDefinition),
  );
  for (const task of candidates) {
    if (!task.eniId) continue;
    const ip = await publicIpOf(context, task.eniId);
    if (ip) return `http://${ip}:${options.port}/`;
  }
  const privateIp = candidates.find((t) => t.privateIp)?.privateIp;
  return privateIp ? `http://${privateIp}:${options.port}/ (private; no public IP)` : undefined;
}
