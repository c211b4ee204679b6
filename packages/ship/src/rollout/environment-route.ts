// Routing an environment through the app's shared load balancer (see
// src/ops/environment-route.ts): called by deploy once the environment's
// target group exists.
import type { AwsContext } from '../aws/aws-context.js';
import {
  createHostRule,
  describeListeners,
  describeRules,
  setListenerDefault,
  setRuleTarget,
} from '../aws/elbv2.js';
import { routeStep } from '../ops/environment-route.js';

/**
 * Makes every forwarding listener of the load balancer send the environment's
 * requests to its target group. Returns what was done, for deploy's progress.
 */
export async function ensureEnvironmentRoute(
  context: AwsContext,
  options: {
    loadBalancerArn: string;
    targetGroupArn: string;
    env: string;
    /** The Host header the environment's rule matches (its own host name with a domain). */
    hostHeader?: string;
    tags: Record<string, string>;
  },
): Promise<string[]> {
  const done: string[] = [];
  for (const listener of await describeListeners(context, { loadBalancerArn: options.loadBalancerArn })) {
    if (!listener.forwarding) continue;
    const rules = await describeRules(context, { listenerArn: listener.arn });
    const step = routeStep(
      {
        arn: listener.arn,
        defaultTargetGroupArns: listener.targetGroupArns,
        defaultIsVacant: listener.defaultIsVacant,
        rules,
      },
      options.env,
      options.targetGroupArn,
      options.hostHeader,
    );
    const where = `listener :${listener.port}`;
    if (step.action === 'take-default') {
      await setListenerDefault(context, listener.arn, options.targetGroupArn);
      done.push(`${where} now forwards to ${options.env} by default`);
    } else if (step.action === 'fix-rule') {
      await setRuleTarget(context, step.ruleArn, options.targetGroupArn);
      done.push(`${where}: rule for ${options.env} forwards to its target group again`);
    } else if (step.action === 'create-rule') {
      await createHostRule(context, {
        listenerArn: listener.arn,
        priority: step.priority,
        hostHeader: step.hostHeader,
        targetGroupArn: options.targetGroupArn,
        tags: options.tags,
      });
      done.push(`created listener rule on ${where}: Host ${step.hostHeader} → ${options.env}`);
    }
  }
  return done;
}
