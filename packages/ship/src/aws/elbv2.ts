// Elastic Load Balancing v2: the app's ALB, an environment's target group,
// listeners, and target health.
import {
  type Action,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetSnapshot } from '../deploy/rollout-verdict.js';
import { type AwsContext, clientConfig, isNotFound, type Tags, tagList, tagMap } from './aws-context.js';

const client = (context: AwsContext) => new ElasticLoadBalancingV2Client(clientConfig(context));

async function using<T>(
  context: AwsContext,
  fn: (elb: ElasticLoadBalancingV2Client) => Promise<T>,
): Promise<T> {
  const elb = client(context);
  try {
    return await fn(elb);
  } finally {
    elb.destroy();
  }
}

/**
 * Fast rollouts: AWS's defaults (checks every 30 s, 5 to be healthy, 300 s of
 * draining) are why updates elsewhere take 5–10 minutes.
 */
export const fastHealthCheck = {
  intervalSeconds: 5,
  timeoutSeconds: 4,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
  matcher: '200-399',
  deregistrationDelaySeconds: 10,
} as const;

async function tagsOf(elb: ElasticLoadBalancingV2Client, arn: string): Promise<Tags> {
  const out = await elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
  return tagMap(out.TagDescriptions?.[0]?.Tags);
}

export interface LoadBalancer {
  name: string;
  arn: string;
  dnsName: string;
  securityGroups: string[];
  tags: Tags;
}

export function findLoadBalancer(context: AwsContext, name: string): Promise<LoadBalancer | undefined> {
  return using(context, async (elb) => {
    try {
      const out = await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }));
      const lb = out.LoadBalancers?.[0];
      if (!lb?.LoadBalancerArn) return undefined;
      return {
        name,
        arn: lb.LoadBalancerArn,
        dnsName: lb.DNSName ?? '',
        securityGroups: lb.SecurityGroups ?? [],
        tags: await tagsOf(elb, lb.LoadBalancerArn),
      };
    } catch (error) {
      if (isNotFound(error, 'LoadBalancerNotFoundException', 'LoadBalancerNotFound')) return undefined;
      throw error;
    }
  });
}

/** An internet-facing ALB. AWS returns the existing one when the same name and settings are asked again. */
export function createLoadBalancer(
  context: AwsContext,
  options: { name: string; subnets: string[]; securityGroups: string[]; tags: Tags },
): Promise<LoadBalancer> {
  return using(context, async (elb) => {
    const out = await elb.send(
      new CreateLoadBalancerCommand({
        Name: options.name,
        Type: 'application',
        Scheme: 'internet-facing',
        IpAddressType: 'ipv4',
        Subnets: options.subnets,
        SecurityGroups: options.securityGroups,
        Tags: tagList(options.tags),
      }),
    );
    const lb = out.LoadBalancers?.[0];
    if (!lb?.LoadBalancerArn) throw new Error('CreateLoadBalancer returned no load balancer');
    return {
      name: options.name,
      arn: lb.LoadBalancerArn,
      dnsName: lb.DNSName ?? '',
      securityGroups: options.securityGroups,
      tags: options.tags,
    };
  });
}

export interface TargetGroup {
  name: string;
  arn: string;
  port: number;
  healthCheckPath: string;
  tags: Tags;
  /** Settings that differ from the fast-rollout ones, e.g. "health check interval 30 → 5 s". */
  drift: string[];
}

export function findTargetGroup(context: AwsContext, name: string): Promise<TargetGroup | undefined> {
  return using(context, async (elb) => {
    try {
      const out = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
      const tg = out.TargetGroups?.[0];
      if (!tg?.TargetGroupArn) return undefined;
      const attributes = await elb.send(
        new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }),
      );
      const delay = attributes.Attributes?.find(
        (a) => a.Key === 'deregistration_delay.timeout_seconds',
      )?.Value;
      const drift: string[] = [];
      const check = (label: string, actual: number | undefined, wanted: number) => {
        if (actual !== undefined && actual !== wanted) drift.push(`${label} ${actual} → ${wanted}`);
      };
      check('health check interval (s)', tg.HealthCheckIntervalSeconds, fastHealthCheck.intervalSeconds);
      check('healthy threshold', tg.HealthyThresholdCount, fastHealthCheck.healthyThreshold);
      check(
        'deregistration delay (s)',
        delay === undefined ? undefined : Number(delay),
        fastHealthCheck.deregistrationDelaySeconds,
      );
      return {
        name,
        arn: tg.TargetGroupArn,
        port: tg.Port ?? 0,
        healthCheckPath: tg.HealthCheckPath ?? '/',
        tags: await tagsOf(elb, tg.TargetGroupArn),
        drift,
      };
    } catch (error) {
      if (isNotFound(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound')) return undefined;
      throw error;
    }
  });
}

/** An IP target group (Fargate tasks register by IP) with fast health checks and short draining. */
export function createTargetGroup(
  context: AwsContext,
  options: { name: string; vpcId: string; port: number; healthCheckPath: string; tags: Tags },
): Promise<string> {
  return using(context, async (elb) => {
    const out = await elb.send(
      new CreateTargetGroupCommand({
        Name: options.name,
        Protocol: 'HTTP',
        Port: options.port,
        VpcId: options.vpcId,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPath: options.healthCheckPath,
        HealthCheckIntervalSeconds: fastHealthCheck.intervalSeconds,
        HealthCheckTimeoutSeconds: fastHealthCheck.timeoutSeconds,
        HealthyThresholdCount: fastHealthCheck.healthyThreshold,
        UnhealthyThresholdCount: fastHealthCheck.unhealthyThreshold,
        Matcher: { HttpCode: fastHealthCheck.matcher },
        Tags: tagList(options.tags),
      }),
    );
    const arn = out.TargetGroups?.[0]?.TargetGroupArn;
    if (!arn) throw new Error('CreateTargetGroup returned no target group');
    await setFastRollout(elb, arn, options.healthCheckPath);
    return arn;
  });
}

/** Brings ship's own target group back to the fast-rollout settings. */
export function restoreFastRollout(context: AwsContext, arn: string, healthCheckPath: string): Promise<void> {
  return using(context, (elb) => setFastRollout(elb, arn, healthCheckPath));
}

async function setFastRollout(elb: ElasticLoadBalancingV2Client, arn: string, healthCheckPath: string) {
  await elb.send(
    new ModifyTargetGroupCommand({
      TargetGroupArn: arn,
      HealthCheckPath: healthCheckPath,
      HealthCheckIntervalSeconds: fastHealthCheck.intervalSeconds,
      HealthCheckTimeoutSeconds: fastHealthCheck.timeoutSeconds,
      HealthyThresholdCount: fastHealthCheck.healthyThreshold,
      UnhealthyThresholdCount: fastHealthCheck.unhealthyThreshold,
    }),
  );
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: arn,
      Attributes: [
        {
          Key: 'deregistration_delay.timeout_seconds',
          Value: String(fastHealthCheck.deregistrationDelaySeconds),
        },
      ],
    }),
  );
}

export interface Listener {
  arn: string;
  port: number;
  protocol: string;
  targetGroupArns: string[];
}

export function listeners(context: AwsContext, loadBalancerArn: string): Promise<Listener[]> {
  return using(context, async (elb) => {
    const out = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }));
    return (out.Listeners ?? []).map((l) => ({
      arn: l.ListenerArn ?? '',
      port: l.Port ?? 0,
      protocol: l.Protocol ?? '',
      targetGroupArns: (l.DefaultActions ?? []).flatMap((a) =>
        a.TargetGroupArn
          ? [a.TargetGroupArn]
          : (a.ForwardConfig?.TargetGroups ?? []).flatMap((t) =>
              t.TargetGroupArn ? [t.TargetGroupArn] : [],
            ),
      ),
    }));
  });
}

export type ListenerSpec =
  | { port: 80; protocol: 'HTTP'; forwardTo: string }
  | { port: 80; protocol: 'HTTP'; redirectToHttps: true }
  | { port: 443; protocol: 'HTTPS'; forwardTo: string; certificateArn: string };

export function createListener(
  context: AwsContext,
  loadBalancerArn: string,
  spec: ListenerSpec,
  tags: Tags,
): Promise<string> {
  return using(context, async (elb) => {
    const action: Action =
      'forwardTo' in spec
        ? { Type: 'forward', TargetGroupArn: spec.forwardTo }
        : { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
    const out = await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Port: spec.port,
        Protocol: spec.protocol,
        ...('certificateArn' in spec
          ? {
              Certificates: [{ CertificateArn: spec.certificateArn }],
              SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            }
          : {}),
        DefaultActions: [action],
        Tags: tagList(tags),
      }),
    );
    const arn = out.Listeners?.[0]?.ListenerArn;
    if (!arn) throw new Error('CreateListener returned no listener');
    return arn;
  });
}

export function targetHealth(context: AwsContext, targetGroupArn: string): Promise<TargetSnapshot[]> {
  return using(context, async (elb) => {
    const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    return (out.TargetHealthDescriptions ?? []).map((d) => {
      const target: TargetSnapshot = { id: d.Target?.Id ?? '', state: d.TargetHealth?.State ?? 'unknown' };
      if (d.Target?.Port !== undefined) target.port = d.Target.Port;
      if (d.TargetHealth?.Reason) target.reason = d.TargetHealth.Reason;
      if (d.TargetHealth?.Description) target.description = d.TargetHealth.Description;
      return target;
    });
  });
}
