// Listeners of a load balancer and their rules (how environments share one ALB).
import {
  type Action,
  CreateListenerCommand,
  CreateRuleCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  ModifyListenerCommand,
  type ModifyListenerCommandInput,
  ModifyRuleCommand,
  type RuleCondition,
  type Listener as SdkListener,
  type Rule as SdkRule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { vacantMessage } from '../../ops/environment-route.js';
import { type AwsContext, isNotFound, type Tags, tagList } from '../aws-context.js';
import { elbv2 } from './client.js';

export interface Listener {
  arn: string;
  port: number;
  protocol: string;
  /** Target groups the default action forwards to; empty for a redirect or a fixed response. */
  targetGroupArns: string[];
  /** Forwards (or would: ship's "no environment" 404) rather than redirecting to HTTPS. */
  forwarding: boolean;
  /** The default action is ship's "no environment" 404. */
  defaultIsVacant: boolean;
  /** HTTPS: the default certificate. */
  certificateArn?: string;
  /** HTTPS: the security policy (TLS versions and ciphers). */
  sslPolicy?: string;
}

export interface ListenerRule {
  arn: string;
  priority: number;
  hostHeaders: string[];
  /** path-pattern values, e.g. ["/*"] for a catch-all rule. */
  pathPatterns: string[];
  targetGroupArns: string[];
  /** The forward action's weights (a plain forward is one group at weight 1). */
  weights: WeightedGroup[];
}

export interface WeightedGroup {
  targetGroupArn: string;
  weight: number;
}

function forwardedGroups(actions: Action[] | undefined): string[] {
  return (actions ?? []).flatMap((a) =>
    a.TargetGroupArn
      ? [a.TargetGroupArn]
      : (a.ForwardConfig?.TargetGroups ?? []).flatMap((t) => (t.TargetGroupArn ? [t.TargetGroupArn] : [])),
  );
}

const forwardTo = (targetGroupArn: string): Action => ({ Type: 'forward', TargetGroupArn: targetGroupArn });

const vacantAction: Action = {
  Type: 'fixed-response',
  FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: vacantMessage },
};

function toListener(l: SdkListener): Listener {
  const actions = l.DefaultActions ?? [];
  return {
    arn: l.ListenerArn ?? '',
    port: l.Port ?? 0,
    protocol: l.Protocol ?? '',
    targetGroupArns: forwardedGroups(actions),
    forwarding: actions.some((a) => a.Type === 'forward' || a.Type === 'fixed-response'),
    defaultIsVacant: actions.some(
      (a) => a.Type === 'fixed-response' && a.FixedResponseConfig?.MessageBody === vacantMessage,
    ),
    ...(l.Certificates?.[0]?.CertificateArn ? { certificateArn: l.Certificates[0].CertificateArn } : {}),
    ...(l.SslPolicy ? { sslPolicy: l.SslPolicy } : {}),
  };
}

/** A load balancer's listeners, or the listeners with these ARNs (missing ones left out). */
export async function describeListeners(
  context: AwsContext,
  query: { loadBalancerArn: string } | { arns: string[] },
): Promise<Listener[]> {
  try {
    const out = await elbv2(context).send(
      new DescribeListenersCommand(
        'loadBalancerArn' in query
          ? { LoadBalancerArn: query.loadBalancerArn }
          : { ListenerArns: query.arns },
      ),
    );
    return (out.Listeners ?? []).map(toListener);
  } catch (error) {
    if (isNotFound(error, 'ListenerNotFoundException', 'ListenerNotFound', 'LoadBalancerNotFound')) return [];
    throw error;
  }
}

export type ListenerSpec =
  | { port: 80; protocol: 'HTTP'; forwardTo: string }
  | { port: 80; protocol: 'HTTP'; redirectToHttps: true }
  | { port: 443; protocol: 'HTTPS'; forwardTo: string; certificateArn: string };

/** TLS 1.3 and 1.2 with forward-secret ciphers only: ELB's recommended policy. */
export const modernTlsPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const redirectToHttps: Action = {
  Type: 'redirect',
  RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
};

export async function createListener(
  context: AwsContext,
  loadBalancerArn: string,
  spec: ListenerSpec,
  tags: Tags,
): Promise<string> {
  const action: Action = 'forwardTo' in spec ? forwardTo(spec.forwardTo) : redirectToHttps;
  const out = await elbv2(context).send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Port: spec.port,
      Protocol: spec.protocol,
      ...('certificateArn' in spec
        ? {
            Certificates: [{ CertificateArn: spec.certificateArn }],
            SslPolicy: modernTlsPolicy,
          }
        : {}),
      DefaultActions: [action],
      Tags: tagList(tags),
    }),
  );
  const arn = out.Listeners?.[0]?.ListenerArn;
  if (!arn) throw new Error('CreateListener returned no listener');
  return arn;
}

/** Makes the listener's default forward to a target group, or (undefined) answer ship's 404. */
export async function setListenerDefault(
  context: AwsContext,
  listenerArn: string,
  targetGroupArn: string | undefined,
): Promise<void> {
  await modifyListener(context, {
    ListenerArn: listenerArn,
    DefaultActions: [targetGroupArn ? forwardTo(targetGroupArn) : vacantAction],
  });
}

const modifyListener = (context: AwsContext, input: ModifyListenerCommandInput) =>
  elbv2(context).send(new ModifyListenerCommand(input));

/** Brings an HTTPS listener to a certificate and the modern TLS policy. */
export async function setListenerCertificate(
  context: AwsContext,
  listenerArn: string,
  certificateArn: string,
): Promise<void> {
  await modifyListener(context, {
    ListenerArn: listenerArn,
    Certificates: [{ CertificateArn: certificateArn }],
    SslPolicy: modernTlsPolicy,
  });
}

/** Makes an HTTP listener answer every request with a 301 to the same URL over HTTPS. */
export async function redirectListenerToHttps(context: AwsContext, listenerArn: string): Promise<void> {
  await modifyListener(context, { ListenerArn: listenerArn, DefaultActions: [redirectToHttps] });
}

export async function deleteListener(context: AwsContext, arn: string): Promise<void> {
  await elbv2(context).send(new DeleteListenerCommand({ ListenerArn: arn }));
}

function toRule(r: SdkRule): ListenerRule {
  return {
    arn: r.RuleArn ?? '',
    priority: Number(r.Priority),
    hostHeaders: (r.Conditions ?? []).flatMap((c) =>
      c.Field === 'host-header' ? (c.HostHeaderConfig?.Values ?? c.Values ?? []) : [],
    ),
    pathPatterns: (r.Conditions ?? []).flatMap((c) =>
      c.Field === 'path-pattern' ? (c.PathPatternConfig?.Values ?? c.Values ?? []) : [],
    ),
    targetGroupArns: forwardedGroups(r.Actions),
    weights: (r.Actions ?? []).flatMap((a) =>
      a.Type !== 'forward'
        ? []
        : a.ForwardConfig?.TargetGroups?.length
          ? a.ForwardConfig.TargetGroups.map((t) => ({
              targetGroupArn: t.TargetGroupArn ?? '',
              weight: t.Weight ?? 1,
            }))
          : a.TargetGroupArn
            ? [{ targetGroupArn: a.TargetGroupArn, weight: 1 }]
            : [],
    ),
  };
}

/** A listener's rules other than its default, or the rules with these ARNs (missing ones left out). */
export async function describeRules(
  context: AwsContext,
  query: { listenerArn: string } | { arns: string[] },
): Promise<ListenerRule[]> {
  try {
    const out = await elbv2(context).send(
      new DescribeRulesCommand(
        'listenerArn' in query ? { ListenerArn: query.listenerArn } : { RuleArns: query.arns },
      ),
    );
    return (out.Rules ?? []).filter((r) => !r.IsDefault).map(toRule);
  } catch (error) {
    if (isNotFound(error, 'RuleNotFoundException', 'RuleNotFound', 'ListenerNotFound')) return [];
    throw error;
  }
}

/** A rule forwarding `Host: <hostHeader>` to a target group. */
export async function createHostRule(
  context: AwsContext,
  options: { listenerArn: string; priority: number; hostHeader: string; targetGroupArn: string; tags: Tags },
): Promise<void> {
  await createRule(context, {
    ...options,
    condition: { Field: 'host-header', HostHeaderConfig: { Values: [options.hostHeader] } },
    action: forwardTo(options.targetGroupArn),
  });
}

async function createRule(
  context: AwsContext,
  options: { listenerArn: string; priority: number; condition: RuleCondition; action: Action; tags: Tags },
): Promise<string> {
  const out = await elbv2(context).send(
    new CreateRuleCommand({
      ListenerArn: options.listenerArn,
      Priority: options.priority,
      Conditions: [options.condition],
      Actions: [options.action],
      Tags: tagList(options.tags),
    }),
  );
  const arn = out.Rules?.[0]?.RuleArn;
  if (!arn) throw new Error('CreateRule returned no rule');
  return arn;
}

async function setRuleAction(context: AwsContext, ruleArn: string, action: Action): Promise<void> {
  await elbv2(context).send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: [action] }));
}

const weighted = (groups: WeightedGroup[]): Action => ({
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: groups.map((g) => ({ TargetGroupArn: g.targetGroupArn, Weight: g.weight })),
  },
});

/** A rule matching every path (`/*`) that forwards by weight: a release's production rule for the default environment. */
export function createCatchAllRule(
  context: AwsContext,
  options: { listenerArn: string; priority: number; groups: WeightedGroup[]; tags: Tags },
): Promise<string> {
  return createRule(context, {
    ...options,
    condition: { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
    action: weighted(options.groups),
  });
}

/** Makes a rule forward to these target groups with these weights. */
export function setRuleWeights(context: AwsContext, ruleArn: string, groups: WeightedGroup[]): Promise<void> {
  return setRuleAction(context, ruleArn, weighted(groups));
}

export function setRuleTarget(context: AwsContext, ruleArn: string, targetGroupArn: string): Promise<void> {
  return setRuleAction(context, ruleArn, forwardTo(targetGroupArn));
}

export async function deleteRule(context: AwsContext, arn: string): Promise<void> {
  await elbv2(context).send(new DeleteRuleCommand({ RuleArn: arn }));
}
