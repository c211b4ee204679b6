// Target groups: an environment's tasks, registered by IP, with fast health checks.
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  type TargetGroup as SdkTargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetSnapshot } from '../../deploy/rollout-verdict.js';
import { type AwsContext, isNotFound, type Tags, tagList } from '../aws-context.js';
import { elbTags, elbv2 } from './client.js';

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

export interface TargetGroupSummary {
  name: string;
  arn: string;
  port: number;
  healthCheckPath: string;
  healthCheckIntervalSeconds?: number;
  healthyThreshold?: number;
  loadBalancerArns: string[];
}

export interface TargetGroup extends TargetGroupSummary {
  tags: Tags;
  /** Settings that differ from the fast-rollout ones, e.g. "health check interval 30 → 5 s". */
  drift: string[];
}

export type TargetGroupQuery = { names: string[] } | { arns: string[] } | { all: true };

/** Target groups by name, by ARN, or all (paging); missing ones are left out. */
export async function describeTargetGroups(
  context: AwsContext,
  query: TargetGroupQuery,
): Promise<TargetGroupSummary[]> {
  const found: TargetGroupSummary[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await elbv2(context).send(
        new DescribeTargetGroupsCommand({
          ...('names' in query ? { Names: query.names } : {}),
          ...('arns' in query ? { TargetGroupArns: query.arns } : {}),
          Marker: marker,
        }),
      );
      found.push(...(page.TargetGroups ?? []).flatMap(toSummary));
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    if (isNotFound(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound')) return found;
    throw error;
  }
  return found;
}

function toSummary(tg: SdkTargetGroup): TargetGroupSummary[] {
  if (!tg.TargetGroupArn) return [];
  const summary: TargetGroupSummary = {
    name: tg.TargetGroupName ?? '',
    arn: tg.TargetGroupArn,
    port: tg.Port ?? 0,
    healthCheckPath: tg.HealthCheckPath ?? '/',
    loadBalancerArns: tg.LoadBalancerArns ?? [],
  };
  if (tg.HealthCheckIntervalSeconds !== undefined)
    summary.healthCheckIntervalSeconds = tg.HealthCheckIntervalSeconds;
  if (tg.HealthyThresholdCount !== undefined) summary.healthyThreshold = tg.HealthyThresholdCount;
  return [summary];
}

export async function findTargetGroup(context: AwsContext, name: string): Promise<TargetGroup | undefined> {
  const [tg] = await describeTargetGroups(context, { names: [name] });
  if (!tg) return undefined;
  const attributes = await elbv2(context).send(
    new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.arn }),
  );
  const delay = attributes.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
  const drift: string[] = [];
  const check = (label: string, actual: number | undefined, wanted: number) => {
    if (actual !== undefined && actual !== wanted) drift.push(`${label} ${actual} → ${wanted}`);
  };
  check('health check interval (s)', tg.healthCheckIntervalSeconds, fastHealthCheck.intervalSeconds);
  check('healthy threshold', tg.healthyThreshold, fastHealthCheck.healthyThreshold);
  check(
    'deregistration delay (s)',
    delay === undefined ? undefined : Number(delay),
    fastHealthCheck.deregistrationDelaySeconds,
  );
  return { ...tg, tags: (await elbTags(context, [tg.arn])).get(tg.arn) ?? {}, drift };
}

/** An IP target group (Fargate tasks register by IP) with fast health checks and short draining. */
export async function createTargetGroup(
  context: AwsContext,
  options: { name: string; vpcId: string; port: number; healthCheckPath: string; tags: Tags },
): Promise<string> {
  const out = await elbv2(context).send(
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
  await restoreFastRollout(context, arn, options.healthCheckPath);
  return arn;
}

/** Brings ship's own target group back to the fast-rollout settings. */
export async function restoreFastRollout(
  context: AwsContext,
  arn: string,
  healthCheckPath: string,
): Promise<void> {
  await elbv2(context).send(
    new ModifyTargetGroupCommand({
      TargetGroupArn: arn,
      HealthCheckPath: healthCheckPath,
      HealthCheckIntervalSeconds: fastHealthCheck.intervalSeconds,
      HealthCheckTimeoutSeconds: fastHealthCheck.timeoutSeconds,
      HealthyThresholdCount: fastHealthCheck.healthyThreshold,
      UnhealthyThresholdCount: fastHealthCheck.unhealthyThreshold,
    }),
  );
  await elbv2(context).send(
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

export async function deleteTargetGroup(context: AwsContext, arn: string): Promise<void> {
  await elbv2(context).send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
}

export async function targetHealth(context: AwsContext, targetGroupArn: string): Promise<TargetSnapshot[]> {
  const out = await elbv2(context).send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (out.TargetHealthDescriptions ?? []).map((d) => {
    const target: TargetSnapshot = { id: d.Target?.Id ?? '', state: d.TargetHealth?.State ?? 'unknown' };
    if (d.Target?.Port !== undefined) target.port = d.Target.Port;
    if (d.TargetHealth?.Reason) target.reason = d.TargetHealth.Reason;
    if (d.TargetHealth?.Description) target.description = d.TargetHealth.Description;
    return target;
  });
}
