// Application Auto Scaling for ECS services: scalable targets (min/max tasks
// on the desired count) and target-tracking policies.
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingPlan } from '../ops/autoscaling-policy.js';
import { type AwsContext, isNotFound, serviceClient, type Tags } from './aws-context.js';

const namespace = 'ecs';
const dimension = 'ecs:service:DesiredCount';

const autoscaling = (context: AwsContext): ApplicationAutoScalingClient =>
  serviceClient(context, ApplicationAutoScalingClient);

export interface ScalableTarget {
  /** `service/<cluster>/<service>`. */
  resourceId: string;
  arn: string;
  min: number;
  max: number;
}

export interface ScalingPolicy {
  name: string;
  type: string;
  /** The predefined metric tracked, e.g. ECSServiceAverageCPUUtilization. */
  metric?: string;
  targetValue?: number;
}

/** ECS scalable targets: the one of a service (`resourceId`), or all of them (paging). */
export async function describeScalableTargets(
  context: AwsContext,
  resourceId?: string,
): Promise<ScalableTarget[]> {
  const out: ScalableTarget[] = [];
  let NextToken: string | undefined;
  do {
    const page = await autoscaling(context).send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: namespace,
        ...(resourceId ? { ResourceIds: [resourceId], ScalableDimension: dimension } : {}),
        NextToken,
      }),
    );
    for (const t of page.ScalableTargets ?? []) {
      if (!t.ResourceId) continue;
      out.push({
        resourceId: t.ResourceId,
        arn: t.ScalableTargetARN ?? '',
        min: t.MinCapacity ?? 0,
        max: t.MaxCapacity ?? 0,
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

export async function scalableTargetTags(context: AwsContext, arn: string): Promise<Tags> {
  if (!arn) return {};
  const page = await autoscaling(context).send(new ListTagsForResourceCommand({ ResourceARN: arn }));
  return page.Tags ?? {};
}

/**
 * Registers (or updates) the service's scalable target with the plan's bounds. `tags` only for a
 * new target: AWS refuses Tags on an existing one (use `tagScalableTarget`).
 */
export async function registerScalableTarget(
  context: AwsContext,
  plan: AutoscalingPlan,
  tags: Tags | undefined,
): Promise<void> {
  await autoscaling(context).send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: namespace,
      ResourceId: plan.resourceId,
      ScalableDimension: plan.scalableDimension,
      MinCapacity: plan.minCapacity,
      MaxCapacity: plan.maxCapacity,
      ...(tags ? { Tags: tags } : {}),
    }),
  );
}

export async function tagScalableTarget(context: AwsContext, arn: string, tags: Tags): Promise<void> {
  await autoscaling(context).send(new TagResourceCommand({ ResourceARN: arn, Tags: tags }));
}

/** Deregisters a scalable target (its policies go with it); gone already is fine. */
export async function deregisterScalableTarget(context: AwsContext, resourceId: string): Promise<void> {
  try {
    await autoscaling(context).send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: namespace,
        ResourceId: resourceId,
        ScalableDimension: dimension,
      }),
    );
  } catch (error) {
    if (!isNotFound(error, 'ObjectNotFoundException')) throw error;
  }
}

export async function scalingPolicies(context: AwsContext, resourceId: string): Promise<ScalingPolicy[]> {
  const page = await autoscaling(context).send(
    new DescribeScalingPoliciesCommand({
      ServiceNamespace: namespace,
      ResourceId: resourceId,
      ScalableDimension: dimension,
    }),
  );
  return (page.ScalingPolicies ?? []).flatMap((p) => {
    if (!p.PolicyName) return [];
    const config = p.TargetTrackingScalingPolicyConfiguration;
    const policy: ScalingPolicy = { name: p.PolicyName, type: p.PolicyType ?? '' };
    const metric = config?.PredefinedMetricSpecification?.PredefinedMetricType;
    if (metric) policy.metric = metric;
    if (config?.TargetValue !== undefined) policy.targetValue = config.TargetValue;
    return [policy];
  });
}

/** Puts the plan's target-tracking policy (overwrites one of the same name). */
export async function putTargetTrackingPolicy(context: AwsContext, plan: AutoscalingPlan): Promise<void> {
  await autoscaling(context).send(
    new PutScalingPolicyCommand({
      ServiceNamespace: namespace,
      ResourceId: plan.resourceId,
      ScalableDimension: plan.scalableDimension,
      PolicyName: plan.policyName,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: plan.targetValue,
        PredefinedMetricSpecification: {
          PredefinedMetricType: plan.metric.type,
          ...(plan.metric.type === 'ALBRequestCountPerTarget'
            ? { ResourceLabel: plan.metric.resourceLabel }
            : {}),
        },
        ScaleInCooldown: plan.scaleInCooldownSeconds,
        ScaleOutCooldown: plan.scaleOutCooldownSeconds,
      },
    }),
  );
}

/** Deletes a policy; gone already is fine. */
export async function deleteScalingPolicy(
  context: AwsContext,
  resourceId: string,
  policyName: string,
): Promise<void> {
  try {
    await autoscaling(context).send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: namespace,
        ResourceId: resourceId,
        ScalableDimension: dimension,
        PolicyName: policyName,
      }),
    );
  } catch (error) {
    if (!isNotFound(error, 'ObjectNotFoundException')) throw error;
  }
}
