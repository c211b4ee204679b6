// The load balancer's rows of the reconcile table (resource-entry.ts): the
// balancer, the environment's target group, the HTTP/HTTPS listeners, and the
// host rules that route other environments through the shared listeners
// (applied by ensureEnvironmentRoute, so they have no `reconcile`).
import type { AwsContext } from '../aws/aws-context.js';
import {
  createListener,
  createLoadBalancer,
  createTargetGroup,
  deleteListener,
  deleteLoadBalancer,
  deleteRule,
  deleteTargetGroup,
  describeListeners,
  describeLoadBalancers,
  describeRules,
  describeTargetGroups,
  elbTags,
  findLoadBalancer,
  findTargetGroup,
  type Listener,
  type LoadBalancer,
  modernTlsPolicy,
  redirectListenerToHttps,
  restoreFastRollout,
  setListenerCertificate,
  setListenerDefault,
  type TargetGroup,
} from '../aws/elbv2.js';
import type { ShipConfig } from '../config/schema.js';
import { shipTags } from '../deploy/naming.js';
import { type Entry, entry, type Held, type TableContext } from './resource-entry.js';

export const alb = (config: ShipConfig) => config.loadBalancer === 'alb';
export const https = (config: ShipConfig) => Boolean(config.certificateArn || config.domain);
/** The HTTPS listener's certificate: the config's own, or the one ship got for the domain. */
const certificateOf = (c: TableContext) => c.config.certificateArn ?? c.resolved.certificateArn;

/** What differs from the listener ship wants on this port: HTTPS's certificate and TLS policy, HTTP's redirect. */
function listenerDrift(port: 80 | 443, value: Listener, c: TableContext): string[] {
  if (port === 80) return https(c.config) && value.forwarding ? ['redirect HTTP to HTTPS (301)'] : [];
  const certificate = certificateOf(c);
  return [
    ...(certificate && value.certificateArn !== certificate
      ? [`certificate ${value.certificateArn ?? '(none)'} → ${certificate}`]
      : []),
    ...(value.sslPolicy && value.sslPolicy !== modernTlsPolicy
      ? [`TLS policy ${value.sslPolicy} → ${modernTlsPolicy}`]
      : []),
  ];
}

const one = (h: Held) => [h];

/** A listener of ship's load balancer; ship's when its load balancer is, so it carries the balancer's tags. */
export type OwnListener = Listener & { tags: Record<string, string> };

export const loadBalancerEntry = entry<LoadBalancer>({
  kind: 'load balancer',
  scope: 'app',
  find: (c) => findLoadBalancer(c.context, c.names.loadBalancer),
  held: (lb) => one({ id: lb.arn, name: lb.name, tags: lb.tags }),
  delete: (h, context) => deleteLoadBalancer(context, h.id),
  gone: async (h, context) => (await describeLoadBalancers(context, { arns: [h.id] })).length === 0,
  reconcile: {
    name: (c) => c.names.loadBalancer,
    wanted: alb,
    observed: (o) => o.loadBalancer,
    compare: () => [],
    create: (c) => {
      const group = c.resolved.loadBalancerGroupId;
      if (!group) throw new Error('load balancer before its security group');
      return createLoadBalancer(c.context, {
        name: c.names.loadBalancer,
        subnets: c.observation.network.subnetIds,
        securityGroups: [group],
        tags: shipTags(c.target, 'app'),
      });
    },
    adopt: true,
    update: async () => {},
    resolve: (value, c) => {
      c.resolved.loadBalancer = value;
    },
    created: (value, c) => `created load balancer ${c.names.loadBalancer} (${value.dnsName})`,
  },
});

/** Points listeners whose default forwards to the group at ship's 404, so the group can be deleted. */
async function vacateDefault(context: AwsContext, targetGroupArn: string): Promise<void> {
  const [group] = await describeTargetGroups(context, { arns: [targetGroupArn] });
  for (const loadBalancerArn of group?.loadBalancerArns ?? []) {
    for (const listener of await describeListeners(context, { loadBalancerArn })) {
      if (listener.targetGroupArns.includes(targetGroupArn))
        await setListenerDefault(context, listener.arn, undefined);
    }
  }
}

/** One of the environment's target groups (its own, or a release's alternate): fast checks, env tags. */
export async function createEnvironmentTargetGroup(c: TableContext, name: string): Promise<TargetGroup> {
  const tags = shipTags(c.target, 'env');
  const arn = await createTargetGroup(c.context, {
    name,
    vpcId: c.observation.network.vpcId,
    port: c.config.port,
    healthCheckPath: c.config.healthCheckPath,
    tags,
  });
  return {
    arn,
    tags,
    drift: [],
    name,
    port: c.config.port,
    healthCheckPath: c.config.healthCheckPath,
    loadBalancerArns: [],
  };
}

export const targetGroupEntry = entry<TargetGroup>({
  kind: 'target group',
  scope: 'env',
  find: (c) => findTargetGroup(c.context, c.names.targetGroup),
  held: (tg) => one({ id: tg.arn, name: tg.name, tags: tg.tags }),
  delete: async (h, context) => {
    // The environment that made the shared listener is its default: the other environments keep it.
    await vacateDefault(context, h.id);
    await deleteTargetGroup(context, h.id);
  },
  gone: async (h, context) => (await describeTargetGroups(context, { arns: [h.id] })).length === 0,
  reconcile: {
    name: (c) => c.names.targetGroup,
    wanted: alb,
    observed: (o) => o.targetGroup,
    compare: (value) => value.drift,
    create: (c) => createEnvironmentTargetGroup(c, c.names.targetGroup),
    adopt: true,
    update: (value, c) => restoreFastRollout(c.context, value.arn, c.config.healthCheckPath),
    resolve: (value, c) => {
      c.resolved.targetGroupArn = value.arn;
    },
    created: (_, c) =>
      `created target group ${c.names.targetGroup} (checks every 5 s, 2 to be healthy, 10 s draining)`,
  },
});

function listener(port: 80 | 443): Entry<OwnListener> {
  const forwards = (config: ShipConfig) => port === 443 || !https(config);
  return entry<OwnListener>({
    kind: 'listener',
    scope: 'app',
    after: [loadBalancerEntry],
    find: async (c, earlier) => {
      const lb = earlier(loadBalancerEntry);
      if (!lb) return undefined;
      const found = (await describeListeners(c.context, { loadBalancerArn: lb.arn })).find(
        (l) => l.port === port,
      );
      return found && { ...found, tags: lb.tags };
    },
    held: (l) => one({ id: l.arn, name: `${l.arn.split('/')[2] ?? ''}:${l.port}`, tags: l.tags }),
    delete: (h, context) => deleteListener(context, h.id),
    gone: async (h, context) => (await describeListeners(context, { arns: [h.id] })).length === 0,
    reconcile: {
      name: (c) => `${c.names.loadBalancer}:${port}`,
      wanted: (config) => alb(config) && (port === 80 || https(config)),
      observed: (o) => o.listeners.find((l) => l.port === port),
      compare: (value, c) => listenerDrift(port, value, c),
      create: async (c) => {
        const lb = c.resolved.loadBalancer;
        const targetGroupArn = c.resolved.targetGroupArn;
        if (!lb || !targetGroupArn) throw new Error('listener before its load balancer and target group');
        const certificateArn = certificateOf(c);
        if (port === 443 && !certificateArn) throw new Error('HTTPS listener before its certificate');
        const spec =
          port === 443 && certificateArn
            ? ({
                port,
                protocol: 'HTTPS',
                forwardTo: targetGroupArn,
                certificateArn,
              } as const)
            : forwards(c.config)
              ? ({ port: 80, protocol: 'HTTP', forwardTo: targetGroupArn } as const)
              : ({ port: 80, protocol: 'HTTP', redirectToHttps: true } as const);
        const arn = await createListener(c.context, lb.arn, spec, shipTags(c.target, 'app'));
        return {
          arn,
          port,
          protocol: spec.protocol,
          targetGroupArns: 'forwardTo' in spec ? [targetGroupArn] : [],
          forwarding: 'forwardTo' in spec,
          defaultIsVacant: false,
          ...('certificateArn' in spec
            ? { certificateArn: spec.certificateArn, sslPolicy: modernTlsPolicy }
            : {}),
          tags: lb.tags,
        };
      },
      update: async (value, c) => {
        const certificateArn = certificateOf(c);
        if (port === 80) await redirectListenerToHttps(c.context, value.arn);
        else if (certificateArn) await setListenerCertificate(c.context, value.arn, certificateArn);
      },
      resolve: () => {},
      created: (_, c) =>
        port === 443
          ? `created HTTPS listener on ${c.names.loadBalancer}:443`
          : forwards(c.config)
            ? `created HTTP listener on ${c.names.loadBalancer}:80`
            : `created HTTP → HTTPS redirect on ${c.names.loadBalancer}:80`,
    },
  });
}

export const listener443Entry = listener(443);
export const listener80Entry = listener(80);

export const listenerRulesEntry = entry<Held[]>({
  kind: 'listener rule',
  scope: 'env',
  after: [loadBalancerEntry],
  find: async (c, earlier) => {
    const lb = earlier(loadBalancerEntry);
    if (!lb) return undefined;
    const rules: Array<{ arn: string; name: string }> = [];
    for (const l of await describeListeners(c.context, { loadBalancerArn: lb.arn })) {
      for (const rule of await describeRules(c.context, { listenerArn: l.arn }))
        rules.push({ arn: rule.arn, name: `${c.names.loadBalancer}:${l.port} rule ${rule.priority}` });
    }
    if (rules.length === 0) return undefined;
    const tags = await elbTags(
      c.context,
      rules.map((r) => r.arn),
    );
    return rules.map((r) => ({ id: r.arn, name: r.name, tags: tags.get(r.arn) ?? {} }));
  },
  held: (rules) => rules,
  delete: (h, context) => deleteRule(context, h.id),
  gone: async (h, context) => (await describeRules(context, { arns: [h.id] })).length === 0,
});
