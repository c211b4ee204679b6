// Routing an environment through the app's shared load balancer (see
// src/ops/environment-route.ts): `ensureEnvironmentRoute` is called by deploy
// once the environment's target group exists; `vacateDefault` by destroy
// before deleting a target group a listener still forwards to.
import {
  type Action,
  CreateRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type ListenerView, routeStep, vacantMessage } from '../ops/environment-route.js';
import { type AwsContext, clientConfig, tagList } from './aws-context.js';

const vacantAction: Action = {
  Type: 'fixed-response',
  FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: vacantMessage },
};

const forwardTo = (targetGroupArn: string): Action => ({ Type: 'forward', TargetGroupArn: targetGroupArn });

function forwardedGroups(actions: Action[] | undefined): string[] {
  return (actions ?? []).flatMap((a) =>
    a.TargetGroupArn
      ? [a.TargetGroupArn]
      : (a.ForwardConfig?.TargetGroups ?? []).flatMap((t) => (t.TargetGroupArn ? [t.TargetGroupArn] : [])),
  );
}

async function listenerView(elb: ElasticLoadBalancingV2Client, listener: Listener): Promise<ListenerView> {
  const rules = await elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
  return {
    arn: listener.ListenerArn ?? '',
    defaultTargetGroupArns: forwardedGroups(listener.DefaultActions),
    defaultIsVacant: (listener.DefaultActions ?? []).some(
      (a) => a.Type === 'fixed-response' && a.FixedResponseConfig?.MessageBody === vacantMessage,
    ),
    rules: (rules.Rules ?? [])
      .filter((r) => !r.IsDefault)
      .map((r) => ({
        arn: r.RuleArn ?? '',
        priority: Number(r.Priority),
        hostHeaders: (r.Conditions ?? []).flatMap((c) =>
          c.Field === 'host-header' ? (c.HostHeaderConfig?.Values ?? c.Values ?? []) : [],
        ),
        targetGroupArns: forwardedGroups(r.Actions),
      })),
  };
}

/** Listeners that forward (or would forward) traffic: not the HTTP → HTTPS redirect. */
function forwarding(listener: Listener): boolean {
  return (listener.DefaultActions ?? []).some((a) => a.Type === 'forward' || a.Type === 'fixed-response');
}

/**
 * Makes every forwarding listener of the load balancer send the environment's
 * requests to its target group. Returns what was done, for deploy's progress.
 */
export async function ensureEnvironmentRoute(
  context: AwsContext,
  options: { loadBalancerArn: string; targetGroupArn: string; env: string; tags: Record<string, string> },
): Promise<string[]> {
  const elb = new ElasticLoadBalancingV2Client(clientConfig(context));
  const done: string[] = [];
  try {
    const found = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: options.loadBalancerArn }));
    for (const listener of (found.Listeners ?? []).filter(forwarding)) {
      const step = routeStep(await listenerView(elb, listener), options.env, options.targetGroupArn);
      const where = `listener :${listener.Port}`;
      if (step.action === 'take-default') {
        await elb.send(
          new ModifyListenerCommand({
            ListenerArn: listener.ListenerArn,
            DefaultActions: [forwardTo(options.targetGroupArn)],
          }),
        );
        done.push(`${where} now forwards to ${options.env} by default`);
      } else if (step.action === 'fix-rule') {
        await elb.send(
          new ModifyRuleCommand({ RuleArn: step.ruleArn, Actions: [forwardTo(options.targetGroupArn)] }),
        );
        done.push(`${where}: rule for ${options.env} forwards to its target group again`);
      } else if (step.action === 'create-rule') {
        await elb.send(
          new CreateRuleCommand({
            ListenerArn: listener.ListenerArn,
            Priority: step.priority,
            Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [step.hostHeader] } }],
            Actions: [forwardTo(options.targetGroupArn)],
            Tags: tagList(options.tags),
          }),
        );
        done.push(`created listener rule on ${where}: Host ${step.hostHeader} → ${options.env}`);
      }
    }
  } finally {
    elb.destroy();
  }
  return done;
}

/** Points listeners whose default forwards to `targetGroupArn` at a 404, so the group can be deleted. */
export async function vacateDefault(
  elb: ElasticLoadBalancingV2Client,
  targetGroupArn: string,
): Promise<void> {
  const groups = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }));
  for (const loadBalancerArn of groups.TargetGroups?.[0]?.LoadBalancerArns ?? []) {
    const found = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }));
    for (const listener of found.Listeners ?? []) {
      if (!forwardedGroups(listener.DefaultActions).includes(targetGroupArn)) continue;
      await elb.send(
        new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, DefaultActions: [vacantAction] }),
      );
    }
  }
}
