// Where the service answers, the one rule deploy and status share: the ALB's
// DNS name (https when it has an HTTPS listener) for the environment the
// listener forwards to by default; for another environment, the host name its
// listener rule answers (`<env>.<your domain>`) and the DNS record that needs;
// with the app's own domain, `https://<its host>/`; else the public IP of a running task's network interface.
import type { AwsContext } from '../aws/aws-context.js';
import { publicIpOf } from '../aws/ec2.js';
import type { TaskSummary } from '../aws/ecs.js';
import { describeListeners } from '../aws/elbv2.js';
import { hostRuleAddress } from '../ops/environment-route.js';

export interface UrlOptions {
  port: number;
  /** With the app's own domain: the environment's host name, which its alias record and rule serve. */
  domainHost?: string;
  /** Prefer tasks of this revision (the one just rolled out, or the primary deployment's). */
  taskDefinition?: string;
  loadBalancer?: {
    dnsName: string;
    https: boolean;
    /** With both, an environment the listener does not forward to by default answers by Host rule. */
    arn?: string;
    targetGroupArn?: string;
    env?: string;
  };
  /** The service's tasks with desired status RUNNING. */
  tasks: () => Promise<TaskSummary[]>;
}

export async function serviceUrl(context: AwsContext, options: UrlOptions): Promise<string | undefined> {
  if (options.domainHost) return `https://${options.domainHost}/`;
  const lb = options.loadBalancer;
  if (lb) {
    if (lb.arn && lb.targetGroupArn && lb.env) {
      const listeners = await describeListeners(context, { loadBalancerArn: lb.arn });
      const isDefault = listeners.some((l) => l.targetGroupArns.includes(lb.targetGroupArn ?? ''));
      if (!isDefault) return hostRuleAddress(lb.env, lb.dnsName, lb.https);
    }
    return `${lb.https ? 'https' : 'http'}://${lb.dnsName}/`;
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
