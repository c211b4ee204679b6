// Autoscaling as deploy applies it and status reads it: the config's
// `autoscaling` block made true on the environment's service (idempotent:
// register and put both overwrite), or ship's own scaling removed when the
// block is gone. Scaling someone set up by hand is never removed.

import {
  deleteScalingPolicy,
  deregisterScalableTarget,
  describeScalableTargets,
  putTargetTrackingPolicy,
  registerScalableTarget,
  type ScalableTarget,
  type ScalingPolicy,
  scalableTargetTags,
  scalingPolicies,
  tagScalableTarget,
} from '../aws/autoscaling.js';
import type { AwsContext } from '../aws/aws-context.js';
import { findLoadBalancer, findTargetGroup } from '../aws/elbv2.js';
import type { ShipConfig } from '../config/schema.js';
import { resourceNames, shipTags } from '../deploy/naming.js';
import {
  type AutoscalingPlan,
  type AutoscalingSettings,
  autoscalingPlan,
  type ScalingService,
} from '../ops/autoscaling-policy.js';

export interface AppliedAutoscaling {
  /** What was done, for deploy's progress lines. */
  summary: string;
  plan: AutoscalingPlan | undefined;
}

const resourceIdOf = (on: { cluster: string; service: string }) => `service/${on.cluster}/${on.service}`;

/**
 * Makes the service's scaling match `settings`: registers the scalable target
 * with min/max and puts the target-tracking policy; with no settings, removes
 * scaling ship set up before.
 */
export async function applyAutoscaling(
  context: AwsContext,
  settings: AutoscalingSettings | undefined,
  on: ScalingService,
  tags: Record<string, string>,
): Promise<AppliedAutoscaling> {
  if (!settings) {
    const removed = await removeAutoscaling(context, on, tags);
    return { summary: removed ? 'autoscaling removed' : 'autoscaling: not configured', plan: undefined };
  }
  const plan = autoscalingPlan(settings, on);
  // AWS takes Tags only when a target is created ("use the TagResource API" for an existing one),
  // so an existing target is registered without them and retagged only when they differ.
  const [existing] = await describeScalableTargets(context, plan.resourceId);
  await registerScalableTarget(context, plan, existing ? undefined : tags);
  if (existing?.arn) {
    const current = await scalableTargetTags(context, existing.arn);
    if (Object.entries(tags).some(([key, value]) => current[key] !== value))
      await tagScalableTarget(context, existing.arn, tags);
  }
  // A switch between CPU and requests renames the policy; the old one must go.
  for (const policy of await scalingPolicies(context, plan.resourceId)) {
    if (policy.name !== plan.policyName && policy.name.startsWith(`${on.service}-`))
      await deleteScalingPolicy(context, plan.resourceId, policy.name);
  }
  await putTargetTrackingPolicy(context, plan);
  const holding =
    plan.metric.type === 'ALBRequestCountPerTarget'
      ? `${plan.targetValue} requests per task per minute`
      : `${plan.targetValue} % average CPU`;
  return { summary: `autoscaling ${plan.minCapacity}–${plan.maxCapacity} tasks, holding ${holding}`, plan };
}

async function removeAutoscaling(context: AwsContext, on: ScalingService, tags: Record<string, string>) {
  const resourceId = resourceIdOf(on);
  const [target] = await describeScalableTargets(context, resourceId);
  if (!target?.arn) return false;
  const existing = await scalableTargetTags(context, target.arn);
  if (existing['ship:app'] !== tags['ship:app'] || existing['ship:env'] !== tags['ship:env']) return false;
  for (const policy of await scalingPolicies(context, resourceId))
    await deleteScalingPolicy(context, resourceId, policy.name);
  await deregisterScalableTarget(context, resourceId);
  return true;
}

export interface ServiceScaling {
  min: number;
  max: number;
  metric: string;
  targetValue: number;
}

/** The service's scaling as set in AWS (the table's scalable target and policies), for plan and status. */
export function scalingOf(
  target: ScalableTarget | undefined,
  policies: { policies: ScalingPolicy[] } | undefined,
): ServiceScaling | undefined {
  if (!target) return undefined;
  const tracking = policies?.policies.find((p) => p.type === 'TargetTrackingScaling');
  return {
    min: target.min,
    max: target.max,
    metric: tracking?.metric ?? 'none',
    targetValue: tracking?.targetValue ?? 0,
  };
}

/**
 * What `ship deploy` calls once the service is in place: the config's
 * `autoscaling` block applied to the environment's service (with the load
 * balancer and target group looked up for requests per target). Returns a
 * progress line, or undefined when there is nothing to say.
 */
export async function applyConfiguredAutoscaling(
  context: AwsContext,
  config: ShipConfig,
): Promise<string | undefined> {
  const target = { app: config.app, env: config.environment };
  const names = resourceNames(target, config.region, config.target);
  const needsBalancer = config.autoscaling?.requestsPerTarget !== undefined;
  const [loadBalancer, targetGroup] = needsBalancer
    ? await Promise.all([
        findLoadBalancer(context, names.loadBalancer),
        findTargetGroup(context, names.targetGroup),
      ])
    : [undefined, undefined];
  const applied = await applyAutoscaling(
    context,
    config.autoscaling,
    {
      cluster: names.cluster,
      service: names.service,
      loadBalancerArn: loadBalancer?.arn,
      targetGroupArn: targetGroup?.arn,
    },
    shipTags(target, 'env'),
  );
  return applied.plan || applied.summary === 'autoscaling removed' ? applied.summary : undefined;
}
