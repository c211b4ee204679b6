// Which listener rule is an environment's production rule during a canary,
// linear or blue/green release, and how to make it one. ECS shifts traffic by
// rewriting the weights of that rule's forward action between the service's
// target group and the alternate one, and takes a rule, never a listener's
// default action (ECS Developer Guide, "Application Load Balancer resources
// for blue/green, linear, and canary deployments"). An environment reached by
// a Host rule already has one; the listener's default environment gets a rule
// for every path (`/*`) at the last priority, so other environments' Host rules
// still match first. The rule must forward to both groups; the weights are ECS's
// once it does. Pure.

export interface RuleView {
  arn: string;
  priority: number;
  hostHeaders: string[];
  pathPatterns: string[];
  targetGroupArns: string[];
  weights: { targetGroupArn: string; weight: number }[];
}

export type ProductionRuleStep =
  | { action: 'none'; ruleArn: string }
  | { action: 'forward-to-both'; ruleArn: string; groups: { targetGroupArn: string; weight: number }[] }
  | { action: 'create-catch-all'; priority: number; groups: { targetGroupArn: string; weight: number }[] }
  | { action: 'none-found' };

/** ALB rule priorities run 1–50000; the catch-all takes the last free one. */
export const lastPriority = 50_000;

export function productionRuleStep(
  listener: { defaultTargetGroupArns: string[]; rules: RuleView[] },
  hostHeader: string,
  groups: { main: string; alternate: string },
): ProductionRuleStep {
  const ours = (r: RuleView) =>
    r.targetGroupArns.includes(groups.main) || r.targetGroupArns.includes(groups.alternate);
  const rule =
    listener.rules.find((r) => r.hostHeaders.includes(hostHeader) && ours(r)) ??
    listener.rules.find((r) => r.hostHeaders.length === 0 && r.pathPatterns.includes('/*') && ours(r));
  if (rule) {
    const both = [groups.main, groups.alternate].every((g) => rule.targetGroupArns.includes(g));
    if (both) return { action: 'none', ruleArn: rule.arn };
    // All traffic stays where it goes now; the other group joins at weight 0.
    const live = rule.targetGroupArns.includes(groups.alternate) ? groups.alternate : groups.main;
    const idle = live === groups.main ? groups.alternate : groups.main;
    return {
      action: 'forward-to-both',
      ruleArn: rule.arn,
      groups: [
        { targetGroupArn: live, weight: 100 },
        { targetGroupArn: idle, weight: 0 },
      ],
    };
  }
  const isDefault = listener.defaultTargetGroupArns.some((g) => g === groups.main || g === groups.alternate);
  if (!isDefault) return { action: 'none-found' };
  const used = new Set(listener.rules.map((r) => r.priority));
  let priority = lastPriority;
  while (used.has(priority)) priority -= 1;
  return {
    action: 'create-catch-all',
    priority,
    groups: [
      { targetGroupArn: groups.main, weight: 100 },
      { targetGroupArn: groups.alternate, weight: 0 },
    ],
  };
}
