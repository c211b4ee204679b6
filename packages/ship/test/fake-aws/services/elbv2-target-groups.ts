// ELBv2 target groups and their health, which follows the ECS tasks registered
// through services' loadBalancers (ECS registers task IPs, as with awsvpc).

import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { Handler } from '../server.js';
import { type FakeState, type TargetGroup, tagsFrom } from '../state.js';
import { isReady, serviceTasks, targetGroupsOf } from '../task-lifecycle.js';

const defaultAttributes: Record<string, string> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'slow_start.duration_seconds': '0',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
};

const validation = (message: string) => new AwsError('ValidationError', message);

export function findTargetGroup(state: FakeState, arn: string): TargetGroup {
  const found = state.elbv2.targetGroups.get(arn);
  if (!found) throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
  return found;
}

function healthCheckFrom(p: Params, current: TargetGroup['healthCheck']): TargetGroup['healthCheck'] {
  const next = { ...current };
  for (const key of ['HealthCheckProtocol', 'HealthCheckPort', 'HealthCheckPath']) {
    const value = p.optStr(key);
    if (value !== undefined) next[key] = value;
  }
  for (const key of [
    'HealthCheckIntervalSeconds',
    'HealthCheckTimeoutSeconds',
    'HealthyThresholdCount',
    'UnhealthyThresholdCount',
  ]) {
    const value = p.optNum(key);
    if (value !== undefined) next[key] = value;
  }
  const enabled = p.optBool('HealthCheckEnabled');
  if (enabled !== undefined) next['HealthCheckEnabled'] = enabled;
  const interval = Number(next['HealthCheckIntervalSeconds']);
  const timeout = Number(next['HealthCheckTimeoutSeconds']);
  if (interval < 5 || interval > 300)
    throw validation('Health check interval must be between 5 and 300 seconds');
  if (timeout >= interval) throw validation('Health check timeout must be smaller than the interval');
  for (const key of ['HealthyThresholdCount', 'UnhealthyThresholdCount']) {
    const n = Number(next[key]);
    if (n < 2 || n > 10) throw validation(`${key} must be between 2 and 10`);
  }
  return next;
}

/** A forward to the group, plain or weighted (a group at weight 0 is still in use). */
function forwardsTo(action: { TargetGroupArn?: string; [key: string]: unknown }, arn: string): boolean {
  const forward = action['ForwardConfig'] as { TargetGroups?: { TargetGroupArn?: string }[] } | undefined;
  return action.TargetGroupArn === arn || (forward?.TargetGroups ?? []).some((g) => g.TargetGroupArn === arn);
}

export function targetGroupHandlers(state: FakeState): Record<string, Handler> {
  function loadBalancersOf(tg: TargetGroup): string[] {
    const lbs = new Set<string>();
    for (const l of state.elbv2.listeners.values()) {
      if (l.defaultActions.some((a) => forwardsTo(a, tg.arn))) lbs.add(l.loadBalancerArn);
    }
    for (const r of state.elbv2.rules.values()) {
      const listener = state.elbv2.listeners.get(r.listenerArn);
      if (listener && r.actions.some((a) => forwardsTo(a, tg.arn))) lbs.add(listener.loadBalancerArn);
    }
    return [...lbs];
  }

  function view(tg: TargetGroup) {
    return {
      TargetGroupArn: tg.arn,
      TargetGroupName: tg.name,
      Protocol: tg.protocol,
      Port: tg.port,
      VpcId: tg.vpcId,
      ...tg.healthCheck,
      Matcher: { HttpCode: tg.matcher },
      LoadBalancerArns: loadBalancersOf(tg),
      TargetType: tg.targetType,
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    };
  }

  function targetHealth(tg: TargetGroup) {
    const rows = [];
    for (const service of state.ecs.services.values()) {
      if (!targetGroupsOf(service).includes(tg.arn)) continue;
      const lb = (
        service.config['loadBalancers'] as { targetGroupArn?: string; containerPort?: number }[]
      ).find((l) => l.targetGroupArn === tg.arn);
      for (const task of serviceTasks(state, service)) {
        const justStopped = task.lastStatus === 'STOPPED' && task.stoppedAtTick === service.ticks;
        if (task.lastStatus !== 'RUNNING' && !justStopped) continue;
        const health = justStopped
          ? {
              State: 'draining',
              Reason: 'Target.DeregistrationInProgress',
              Description: 'Target deregistration is in progress',
            }
          : isReady(state, task)
            ? { State: 'healthy' }
            : task.failure === 'unhealthy' && task.age >= 2
              ? {
                  State: 'unhealthy',
                  Reason: 'Target.FailedHealthChecks',
                  Description: 'Health checks failed',
                }
              : {
                  State: 'initial',
                  Reason: 'Elb.InitialHealthChecking',
                  Description: 'Initial health checks in progress',
                };
        const zone = state.ec2.subnets.find((s) => s.id === task.subnetId)?.availabilityZone;
        rows.push({
          Target: { Id: task.privateIp, Port: lb?.containerPort ?? tg.port, AvailabilityZone: zone },
          HealthCheckPort: String(lb?.containerPort ?? tg.port),
          TargetHealth: health,
        });
      }
    }
    return rows;
  }

  return {
    CreateTargetGroup: (p) => {
      const name = p.str('Name');
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)) {
        throw validation(
          `Target group name '${name}' can have a maximum of 32 characters, alphanumeric and hyphens, not beginning or ending with a hyphen`,
        );
      }
      const existing = [...state.elbv2.targetGroups.values()].find((tg) => tg.name === name);
      if (existing) {
        if (existing.port !== p.optNum('Port') || existing.protocol !== p.optStr('Protocol')) {
          throw new AwsError(
            'DuplicateTargetGroupName',
            'A target group with the same name exists, but with different settings',
          );
        }
        return { TargetGroups: [view(existing)] };
      }
      const protocol = p.optStr('Protocol') ?? 'HTTP';
      const arn = state.arn('elasticloadbalancing', `targetgroup/${name}/${state.hex(16)}`);
      const tg: TargetGroup = {
        ...state.stamp(),
        arn,
        name,
        protocol,
        port: p.num('Port'),
        vpcId: p.str('VpcId'),
        targetType: p.optStr('TargetType') ?? 'instance',
        healthCheck: healthCheckFrom(p, {
          HealthCheckProtocol: protocol,
          HealthCheckPort: 'traffic-port',
          HealthCheckEnabled: true,
          HealthCheckIntervalSeconds: 30,
          HealthCheckTimeoutSeconds: 5,
          HealthyThresholdCount: 5,
          UnhealthyThresholdCount: 2,
          HealthCheckPath: '/',
        }),
        matcher: p.obj('Matcher').optStr('HttpCode') ?? '200',
        attributes: new Map(Object.entries(defaultAttributes)),
        tags: tagsFrom(p.list('Tags').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') }))),
      };
      if (tg.vpcId !== state.ec2.vpc.id) throw validation(`The VPC ID '${tg.vpcId}' is not found`);
      state.elbv2.targetGroups.set(arn, tg);
      return { TargetGroups: [view(tg)] };
    },
    DescribeTargetGroups: (p) => {
      const arns = p.strs('TargetGroupArns');
      const names = p.strs('Names');
      const lb = p.optStr('LoadBalancerArn');
      const visible = [...state.elbv2.targetGroups.values()].filter((tg) => state.visible(tg));
      const found = visible.filter(
        (tg) =>
          (arns.length === 0 || arns.includes(tg.arn)) &&
          (names.length === 0 || names.includes(tg.name)) &&
          (!lb || loadBalancersOf(tg).includes(lb)),
      );
      if (found.length < arns.length + names.length) {
        throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
      }
      return { TargetGroups: found.map(view) };
    },
    ModifyTargetGroup: (p) => {
      const tg = findTargetGroup(state, p.str('TargetGroupArn'));
      tg.healthCheck = healthCheckFrom(p, tg.healthCheck);
      const matcher = p.optObj('Matcher')?.optStr('HttpCode');
      if (matcher) tg.matcher = matcher;
      return { TargetGroups: [view(tg)] };
    },
    ModifyTargetGroupAttributes: (p) => {
      const tg = findTargetGroup(state, p.str('TargetGroupArn'));
      for (const attribute of p.list('Attributes')) {
        const key = attribute.str('Key');
        const value = attribute.optStr('Value') ?? '';
        if (!(key in defaultAttributes))
          throw validation(`Target group attribute key '${key}' is not recognized`);
        if (
          key === 'deregistration_delay.timeout_seconds' &&
          !(Number(value) >= 0 && Number(value) <= 3600)
        ) {
          throw validation(
            `'${value}' must be a number between 0 and 3600 for 'deregistration_delay.timeout_seconds'`,
          );
        }
        tg.attributes.set(key, value);
      }
      return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
    },
    DescribeTargetGroupAttributes: (p) => {
      const tg = findTargetGroup(state, p.str('TargetGroupArn'));
      return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
    },
    DeleteTargetGroup: (p) => {
      const arn = p.str('TargetGroupArn');
      const tg = state.elbv2.targetGroups.get(arn);
      if (!tg) return {};
      if (loadBalancersOf(tg).length > 0) {
        throw new AwsError(
          'ResourceInUse',
          `Target group '${arn}' is currently in use by a listener or a rule`,
        );
      }
      state.elbv2.targetGroups.delete(arn);
      return {};
    },
    DescribeTargetHealth: (p) => ({
      TargetHealthDescriptions: targetHealth(findTargetGroup(state, p.str('TargetGroupArn'))),
    }),
  };
}
