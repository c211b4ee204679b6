// Several environments behind the app's one load balancer: the environment
// that made the listener is its default; each other environment gets a
// listener rule forwarding `Host: <env>.*` to its own target group. When the
// default environment is destroyed while others stay, the listener answers
// 404 until an environment takes the default again.

export interface ListenerView {
  arn: string;
  /** Target groups the default action forwards to; empty for a redirect or a fixed response. */
  defaultTargetGroupArns: string[];
  /** True when the default action is ship's "no environment" 404. */
  defaultIsVacant: boolean;
  rules: Array<{ arn: string; priority: number; hostHeaders: string[]; targetGroupArns: string[] }>;
}

export type RouteStep =
  | { action: 'none'; why: string }
  | { action: 'take-default' }
  | { action: 'fix-rule'; ruleArn: string }
  | { action: 'create-rule'; priority: number; hostHeader: string };

export const vacantMessage = 'no ship environment is the default here; use its host name';

export function hostHeaderOf(env: string): string {
  return `${env}.*`;
}

/**
 * What to change on one forwarding listener so requests for `env` reach `targetGroupArn`.
 * `host` is the Host header its rule matches: `<env>.*` by default, the environment's own host
 * name when the app has a domain (its production may answer at the apex).
 */
export function routeStep(
  listener: ListenerView,
  env: string,
  targetGroupArn: string,
  host = hostHeaderOf(env),
): RouteStep {
  if (listener.defaultTargetGroupArns.includes(targetGroupArn)) return { action: 'none', why: 'default' };
  if (listener.defaultIsVacant) return { action: 'take-default' };
  const existing = listener.rules.find((r) => r.hostHeaders.includes(host));
  if (existing) {
    return existing.targetGroupArns.includes(targetGroupArn)
      ? { action: 'none', why: 'rule' }
      : { action: 'fix-rule', ruleArn: existing.arn };
  }
  const used = new Set(listener.rules.map((r) => r.priority));
  let priority = 1;
  while (used.has(priority)) priority += 1;
  return { action: 'create-rule', priority, hostHeader: host };
}

/**
 * Where an environment behind another environment's load balancer answers: its listener rule
 * matches `Host: <env>.*`, so the ALB's own name serves the default environment, not this one.
 * Says the host name to use and the DNS record it needs.
 */
export function hostRuleAddress(env: string, dnsName: string, https: boolean): string {
  return (
    `${https ? 'https' : 'http'}://${env}.<your domain>/ (the load balancer answers ${env} for Host ${env}.*; ` +
    `its own name serves the default environment) — needs a DNS record: ${env}.<your domain> CNAME ${dnsName}`
  );
}
