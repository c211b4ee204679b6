// Elastic Load Balancing v2 (awsQuery, 2015-12-01): application load balancers,
// listeners (HTTP, HTTPS with a certificate) and rules (host/path conditions).
import { AwsError } from '../errors.js';
import type { Params, Value } from '../params.js';
import type { ServiceDefinition } from '../server.js';
import {
  type FakeState,
  type Listener,
  type ListenerAction,
  type LoadBalancer,
  mergeTags,
  type Rule,
  removeTags,
  type Tag,
  tagsFrom,
} from '../state.js';
import { findTargetGroup, targetGroupHandlers } from './elbv2-target-groups.js';

const validation = (message: string) => new AwsError('ValidationError', message);
const tagList = (tags: Tag[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));

function tagsOf(p: Params): Tag[] {
  return tagsFrom(p.list('Tags').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') })));
}

/** [limit-rule-priority] Listener-rule priorities are whole numbers 1–50000, unique per listener. */
function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 1 || priority > 50000) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`,
    );
  }
  return priority;
}

export function elbv2Service(state: FakeState): ServiceDefinition {
  function loadBalancer(arn: string): LoadBalancer {
    const found = state.elbv2.loadBalancers.get(arn);
    if (!found) throw new AwsError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
    return found;
  }

  function listener(arn: string): Listener {
    const found = state.elbv2.listeners.get(arn);
    if (!found) throw new AwsError('ListenerNotFound', `Listener '${arn}' not found`);
    return found;
  }

  /** Forward actions, by TargetGroupArn or ForwardConfig; every target group must exist. */
  function actionsFrom(list: Params[]): ListenerAction[] {
    return list.map((action, i) => {
      const raw = action.raw as ListenerAction & {
        ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string }[] };
      };
      const type = action.str('Type');
      const arn = raw.TargetGroupArn ?? raw.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
      if (type === 'forward') {
        if (!arn) throw validation('A target group ARN must be specified for forward actions');
        findTargetGroup(state, arn);
      }
      return { ...raw, Type: type, TargetGroupArn: arn, Order: action.optNum('Order') ?? i + 1 };
    });
  }

  function checkSingleLoadBalancer(actions: ListenerAction[], loadBalancerArn: string): void {
    for (const action of actions) {
      const tg = action.TargetGroupArn;
      if (!tg) continue;
      const elsewhere = [...state.elbv2.listeners.values()].some(
        (l) =>
          l.loadBalancerArn !== loadBalancerArn &&
          [
            ...l.defaultActions,
            ...[...state.elbv2.rules.values()]
              .filter((r) => r.listenerArn === l.arn)
              .flatMap((r) => r.actions),
          ].some((a) => a.TargetGroupArn === tg),
      );
      if (elsewhere) {
        throw new AwsError(
          'TargetGroupAssociationLimit',
          `The following target groups cannot be associated with more than one load balancer: ${tg}`,
        );
      }
    }
  }

  function lbView(lb: LoadBalancer, justCreated = false) {
    return {
      LoadBalancerArn: lb.arn,
      DNSName: lb.dnsName,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: lb.createdAt,
      LoadBalancerName: lb.name,
      Scheme: lb.scheme,
      VpcId: lb.vpcId,
      State: { Code: justCreated ? 'provisioning' : 'active' },
      Type: lb.type,
      AvailabilityZones: lb.subnets.map((id) => ({
        ZoneName: state.ec2.subnets.find((s) => s.id === id)?.availabilityZone,
        SubnetId: id,
      })),
      SecurityGroups: lb.securityGroups,
      IpAddressType: lb.ipAddressType,
    };
  }

  function listenerView(l: Listener) {
    return {
      ListenerArn: l.arn,
      LoadBalancerArn: l.loadBalancerArn,
      Port: l.port,
      Protocol: l.protocol,
      Certificates: l.certificates.length > 0 ? l.certificates : undefined,
      SslPolicy: l.sslPolicy,
      DefaultActions: l.defaultActions,
    };
  }

  function ruleView(r: Rule) {
    return {
      RuleArn: r.arn,
      Priority: r.priority,
      Conditions: r.conditions,
      Actions: r.actions,
      IsDefault: false,
    };
  }

  function taggable(arn: string): { tags: Tag[] } {
    const found =
      state.elbv2.loadBalancers.get(arn) ??
      state.elbv2.targetGroups.get(arn) ??
      state.elbv2.listeners.get(arn) ??
      state.elbv2.rules.get(arn);
    if (!found) throw new AwsError('LoadBalancerNotFound', `Resource '${arn}' not found`);
    return found;
  }

  function deleteListener(l: Listener): void {
    for (const r of state.elbv2.rules.values()) if (r.listenerArn === l.arn) state.elbv2.rules.delete(r.arn);
    state.elbv2.listeners.delete(l.arn);
  }

  return {
    name: 'elasticloadbalancing',
    protocol: 'query',
    version: '2015-12-01',
    xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    invalidCode: 'ValidationError',
    throttleCode: 'Throttling',
    handlers: {
      ...targetGroupHandlers(state),
      CreateLoadBalancer: (p) => {
        const name = p.str('Name');
        if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name) || name.startsWith('internal-')) {
          throw validation(
            `Load balancer name '${name}' cannot be longer than '32' characters, alphanumeric and hyphens only`,
          );
        }
        const existing = [...state.elbv2.loadBalancers.values()].find((lb) => lb.name === name);
        if (existing) return { LoadBalancers: [lbView(existing)] };
        const subnets = p.strs('Subnets');
        for (const id of subnets) {
          if (!state.ec2.subnets.some((s) => s.id === id))
            throw new AwsError('SubnetNotFound', `The subnet ID '${id}' is not valid`);
        }
        const zones = new Set(
          subnets.map((id) => state.ec2.subnets.find((s) => s.id === id)?.availabilityZone),
        );
        const type = p.optStr('Type') ?? 'application';
        if (type === 'application' && zones.size < 2) {
          throw validation('At least two subnets in two different Availability Zones must be specified');
        }
        const securityGroups = p.strs('SecurityGroups');
        for (const id of securityGroups) {
          if (!state.ec2.securityGroups.has(id))
            throw new AwsError('InvalidSecurityGroup', `Security group '${id}' does not exist`);
        }
        const scheme = p.optStr('Scheme') ?? 'internet-facing';
        const id = state.hex(16);
        const lb: LoadBalancer = {
          ...state.stamp(),
          arn: state.arn('elasticloadbalancing', `loadbalancer/app/${name}/${id}`),
          name,
          dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${state.digits(10)}.${state.region}.elb.amazonaws.com`,
          scheme,
          type,
          subnets,
          securityGroups,
          vpcId: state.ec2.vpc.id,
          tags: tagsOf(p),
          ipAddressType: p.optStr('IpAddressType') ?? 'ipv4',
        };
        state.elbv2.loadBalancers.set(lb.arn, lb);
        return { LoadBalancers: [lbView(lb, true)] };
      },
      DescribeLoadBalancers: (p) => {
        const arns = p.strs('LoadBalancerArns');
        const names = p.strs('Names');
        const found = [...state.elbv2.loadBalancers.values()].filter(
          (lb) =>
            state.visible(lb) &&
            (arns.length === 0 || arns.includes(lb.arn)) &&
            (names.length === 0 || names.includes(lb.name)),
        );
        if (found.length < arns.length + names.length) {
          throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
        }
        return { LoadBalancers: found.map((lb) => lbView(lb)) };
      },
      DeleteLoadBalancer: (p) => {
        const lb = state.elbv2.loadBalancers.get(p.str('LoadBalancerArn'));
        if (!lb) return {};
        for (const l of state.elbv2.listeners.values()) if (l.loadBalancerArn === lb.arn) deleteListener(l);
        state.elbv2.loadBalancers.delete(lb.arn);
        return {};
      },
      CreateListener: (p) => {
        const lb = loadBalancer(p.str('LoadBalancerArn'));
        const port = p.num('Port');
        const protocol = p.optStr('Protocol') ?? 'HTTP';
        if (
          [...state.elbv2.listeners.values()].some((l) => l.loadBalancerArn === lb.arn && l.port === port)
        ) {
          throw new AwsError(
            'DuplicateListener',
            `A listener already exists on this port for this load balancer '${lb.arn}'`,
          );
        }
        const certificates = p.list('Certificates').map((c) => ({ CertificateArn: c.str('CertificateArn') }));
        if (protocol === 'HTTPS' && certificates.length === 0) {
          throw validation('A certificate must be specified for HTTPS listeners');
        }
        const defaultActions = actionsFrom(p.list('DefaultActions'));
        checkSingleLoadBalancer(defaultActions, lb.arn);
        const l: Listener = {
          ...state.stamp(),
          arn: state.arn(
            'elasticloadbalancing',
            `listener/app/${lb.name}/${lb.arn.split('/').pop()}/${state.hex(16)}`,
          ),
          loadBalancerArn: lb.arn,
          port,
          protocol,
          certificates,
          sslPolicy:
            protocol === 'HTTPS' ? (p.optStr('SslPolicy') ?? 'ELBSecurityPolicy-2016-08') : undefined,
          defaultActions,
          tags: tagsOf(p),
        };
        state.elbv2.listeners.set(l.arn, l);
        return { Listeners: [listenerView(l)] };
      },
      DescribeListeners: (p) => {
        const arns = p.strs('ListenerArns');
        const lbArn = p.optStr('LoadBalancerArn');
        if (lbArn) loadBalancer(lbArn);
        for (const arn of arns) listener(arn);
        const found = [...state.elbv2.listeners.values()].filter(
          (l) => (arns.length === 0 || arns.includes(l.arn)) && (!lbArn || l.loadBalancerArn === lbArn),
        );
        return { Listeners: found.map(listenerView) };
      },
      ModifyListener: (p) => {
        const l = listener(p.str('ListenerArn'));
        if (p.has('Port')) l.port = p.num('Port');
        if (p.has('Protocol')) l.protocol = p.str('Protocol');
        if (p.has('Certificates'))
          l.certificates = p.list('Certificates').map((c) => ({ CertificateArn: c.str('CertificateArn') }));
        if (p.has('SslPolicy')) l.sslPolicy = p.str('SslPolicy');
        if (p.has('DefaultActions')) l.defaultActions = actionsFrom(p.list('DefaultActions'));
        return { Listeners: [listenerView(l)] };
      },
      DeleteListener: (p) => {
        deleteListener(listener(p.str('ListenerArn')));
        return {};
      },
      CreateRule: (p) => {
        const l = listener(p.str('ListenerArn'));
        const priority = String(checkPriority(p.num('Priority')));
        if ([...state.elbv2.rules.values()].some((r) => r.listenerArn === l.arn && r.priority === priority)) {
          throw new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`);
        }
        const conditions = (p.value('Conditions') as Value[] | undefined) ?? [];
        if (conditions.length === 0) throw validation('A rule must have at least one condition');
        const actions = actionsFrom(p.list('Actions'));
        checkSingleLoadBalancer(actions, l.loadBalancerArn);
        const r: Rule = {
          ...state.stamp(),
          arn: l.arn.replace(':listener/', ':listener-rule/') + `/${state.hex(16)}`,
          listenerArn: l.arn,
          priority,
          conditions,
          actions,
          tags: tagsOf(p),
        };
        state.elbv2.rules.set(r.arn, r);
        return { Rules: [ruleView(r)] };
      },
      DescribeRules: (p) => {
        const arns = p.strs('RuleArns');
        const listenerArn = p.optStr('ListenerArn');
        const l = listenerArn ? listener(listenerArn) : undefined;
        for (const arn of arns) {
          if (!state.elbv2.rules.has(arn)) throw new AwsError('RuleNotFound', `One or more rules not found`);
        }
        const rules = [...state.elbv2.rules.values()]
          .filter((r) => (arns.length === 0 || arns.includes(r.arn)) && (!l || r.listenerArn === l.arn))
          .sort((a, b) => Number(a.priority) - Number(b.priority))
          .map(ruleView);
        const defaultRule = l
          ? [
              {
                RuleArn: `${l.arn.replace(':listener/', ':listener-rule/')}/default`,
                Priority: 'default',
                Conditions: [],
                Actions: l.defaultActions,
                IsDefault: true,
              },
            ]
          : [];
        return { Rules: [...rules, ...defaultRule] };
      },
      ModifyRule: (p) => {
        const r = state.elbv2.rules.get(p.str('RuleArn'));
        if (!r) throw new AwsError('RuleNotFound', 'One or more rules not found');
        if (p.has('Conditions')) r.conditions = (p.value('Conditions') as Value[] | undefined) ?? [];
        if (p.has('Actions')) r.actions = actionsFrom(p.list('Actions'));
        return { Rules: [ruleView(r)] };
      },
      DeleteRule: (p) => {
        const arn = p.str('RuleArn');
        if (!state.elbv2.rules.delete(arn)) throw new AwsError('RuleNotFound', 'One or more rules not found');
        return {};
      },
      AddTags: (p) => {
        for (const arn of p.strs('ResourceArns')) {
          const resource = taggable(arn);
          resource.tags = mergeTags(resource.tags, tagsOf(p));
        }
        return {};
      },
      RemoveTags: (p) => {
        for (const arn of p.strs('ResourceArns')) {
          const resource = taggable(arn);
          resource.tags = removeTags(resource.tags, p.strs('TagKeys'));
        }
        return {};
      },
      DescribeTags: (p) => ({
        TagDescriptions: p
          .strs('ResourceArns')
          .map((arn) => ({ ResourceArn: arn, Tags: tagList(taggable(arn).tags) })),
      }),
    },
  };
}
