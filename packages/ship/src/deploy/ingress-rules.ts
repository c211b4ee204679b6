// Security-group ingress as data: which rules to add and which to remove so a
// group ship owns admits exactly the configured sources. Pure.

export type IngressRule = { port: number; cidr: string } | { port: number; sourceGroupId: string };

const key = (rule: IngressRule): string =>
  'cidr' in rule ? `${rule.port} from ${rule.cidr}` : `${rule.port} from ${rule.sourceGroupId}`;

export function ingressChanges(
  current: IngressRule[],
  desired: IngressRule[],
): { add: IngressRule[]; remove: IngressRule[] } {
  const have = new Set(current.map(key));
  const want = new Set(desired.map(key));
  return {
    add: desired.filter((r) => !have.has(key(r))),
    remove: current.filter((r) => !want.has(key(r))),
  };
}

export const describeRule = (rule: IngressRule): string => `tcp ${key(rule)}`;

/** The tasks admit the app port from the configured CIDRs, or only from the load balancer when there is one. */
export function taskIngress(
  port: number,
  source: { cidrs: string[] } | { loadBalancerGroupId: string },
): IngressRule[] {
  return 'cidrs' in source
    ? source.cidrs.map((cidr) => ({ port, cidr }))
    : [{ port, sourceGroupId: source.loadBalancerGroupId }];
}

/** The load balancer admits HTTP (and HTTPS when there is a certificate) from the configured CIDRs. */
export function loadBalancerIngress(cidrs: string[], https: boolean): IngressRule[] {
  const ports = https ? [80, 443] : [80];
  return ports.flatMap((port) => cidrs.map((cidr) => ({ port, cidr })));
}
