// Makes an environment's production listener rule ready for a canary, linear
// or blue/green release (src/ops/production-rule.ts decides how) and returns
// its ARN for the service's advancedConfiguration. Called by deploy after the
// environment's route exists.
import type { AwsContext } from '../aws/aws-context.js';
import { createCatchAllRule, describeListeners, describeRules, setRuleWeights } from '../aws/elbv2.js';
import { productionRuleStep } from '../ops/production-rule.js';

export async function ensureProductionRule(
  context: AwsContext,
  options: {
    loadBalancerArn: string;
    env: string;
    /** The Host header the environment's rule matches (`<env>.*`, or its own domain name). */
    hostHeader: string;
    targetGroupArn: string;
    alternateTargetGroupArn: string;
    tags: Record<string, string>;
  },
): Promise<{ ruleArn: string; done: string[] }> {
  const listeners = (await describeListeners(context, { loadBalancerArn: options.loadBalancerArn })).filter(
    (l) => l.forwarding,
  );
  // One production rule per service: on the HTTPS listener when there is one.
  const listener = listeners.find((l) => l.port === 443) ?? listeners[0];
  if (!listener) throw new Error('no forwarding listener for the release’s production rule');
  const groups = { main: options.targetGroupArn, alternate: options.alternateTargetGroupArn };
  const step = productionRuleStep(
    {
      defaultTargetGroupArns: listener.targetGroupArns,
      rules: await describeRules(context, { listenerArn: listener.arn }),
    },
    options.hostHeader,
    groups,
  );
  const where = `listener :${listener.port}`;
  switch (step.action) {
    case 'none':
      return { ruleArn: step.ruleArn, done: [] };
    case 'forward-to-both':
      await setRuleWeights(context, step.ruleArn, step.groups);
      return {
        ruleArn: step.ruleArn,
        done: [`${where}: ${options.env}'s rule forwards to both target groups (ECS moves the weights)`],
      };
    case 'create-catch-all': {
      const ruleArn = await createCatchAllRule(context, {
        listenerArn: listener.arn,
        priority: step.priority,
        groups: step.groups,
        tags: options.tags,
      });
      return {
        ruleArn,
        done: [
          `created listener rule on ${where}: every path → ${options.env}, weighted between its two target groups`,
        ],
      };
    }
    default:
      throw new Error(`no listener rule routes ${options.env} on ${where}`);
  }
}
