// Application Auto Scaling for an ECS service: a scalable target (min/max
// tasks) and one target-tracking policy. `applyAutoscaling` is what deploy
// calls after the service exists; it is idempotent (register and put both
// overwrite) and removes ship's scaling when the config no longer asks for it.
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { ShipConfig } from '../config/schema.js';
import { resourceNames, shipTags } from '../deploy/naming.js';
import {
  type AutoscalingPlan,
  type AutoscalingSettings,
  autoscalingPlan,
  type ScalingService,
} from '../ops/autoscaling-policy.js';
import { type AwsContext, clientConfig } from './aws-context.js';
import { findLoadBalancer, findTargetGroup } from './elbv2.js';

const namespace = 'ecs';
const dimension = 'ecs:service:DesiredCount';

export interface AppliedAutoscaling {
  /** What was done, for deploy's progress lines. */
  summary: string;
  plan: AutoscalingPlan | undefined;
}

/**
 * Makes the service's scaling match `settings` (from ship.config.json's
 * `autoscaling`): registers the scalable target with min/max and puts the
 * target-tracking policy; with no settings, removes scaling ship set up before.
 */
export async function applyAutoscaling(
  context: AwsContext,
  settings: AutoscalingSettings | undefined,
  on: ScalingService,
  tags: Record<string, string>,
): Promise<AppliedAutoscaling> {
  const client = new ApplicationAutoScalingClient(clientConfig(context));
  try {
    return await applyWith(client, settings, on, tags);
  } finally {
    client.destroy();
  }
}

async function applyWith(
  client: ApplicationAutoScalingClient,
  settings: AutoscalingSettings | undefined,
  on: ScalingService,
  tags: Record<string, string>,
): Promise<AppliedAutoscaling> {
  if (!settings) {
    const removed = await removeAutoscaling(client, on, tags);
    return { summary: removed ? 'autoscaling removed' : 'autoscaling: not configured', plan: undefined };
  }
  const plan = autoscalingPlan(settings, on);
  await client.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: namespace,
      ResourceId: plan.resourceId,
      ScalableDimension: plan.scalableDimension,
      MinCapacity: plan.minCapacity,
      MaxCapacity: plan.maxCapacity,
      Tags: tags,
    }),
  );
  // A switch between CPU and requests renames the policy; the old one must go.
  const existing = await scalingPolicies(client, plan.resourceId);
  for (const name of existing.filter((n) => n !== plan.policyName && n.startsWith(`${on.service}-`))) {
    await deletePolicy(client, plan.resourceId, name);
  }
  await client.send(
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
  const holding =
    plan.metric.type === 'ALBRequestCountPerTarget'
      ? `${plan.targetValue} requests per task per minute`
      : `${plan.targetValue} % average CPU`;
  return {
    summary: `autoscaling ${plan.minCapacity}–${plan.maxCapacity} tasks, holding ${holding}`,
    plan,
  };
}

export interface ServiceScaling {
  min: number;
  max: number;
  metric: string;
  targetValue: number;
}

/** The service's scaling as set in AWS, for `ship status`; undefined when it has none. */
export async function readAutoscaling(
  context: AwsContext,
  cluster: string,
  service: string,
): Promise<ServiceScaling | undefined> {
  const client = new ApplicationAutoScalingClient(clientConfig(context));
  try {
    return await readWith(client, cluster, service);
  } finally {
    client.destroy();
  }
}

async function readWith(
  client: ApplicationAutoScalingClient,
  cluster: string,
  service: string,
): Promise<ServiceScaling | undefined> {
  const resourceId = `service/${cluster}/${service}`;
  const targets = await client.send(
    new DescribeScalableTargetsCommand({
      ServiceNamespace: namespace,
      ResourceIds: [resourceId],
      ScalableDimension: dimension,
    }),
  );
  const target = targets.ScalableTargets?.[0];
  if (!target) return undefined;
  const policies = await client.send(
    new DescribeScalingPoliciesCommand({
      ServiceNamespace: namespace,
      ResourceId: resourceId,
      ScalableDimension: dimension,
    }),
  );
  const tracking = policies.ScalingPolicies?.find((p) => p.PolicyType === 'TargetTrackingScaling');
  const config = tracking?.TargetTrackingScalingPolicyConfiguration;
  return {
    min: target.MinCapacity ?? 0,
    max: target.MaxCapacity ?? 0,
    metric: config?.PredefinedMetricSpecification?.PredefinedMetricType ?? 'none',
    targetValue: config?.TargetValue ?? 0,
  };
}

export interface ScalingResource {
  kind: 'scaling-policy' | 'scalable-target';
  /** resourceId for a target, `resourceId|policyName` for a policy. */
  id: string;
  name: string;
  tags: Record<string, string>;
}

/** Scalable targets (and their policies) of the ECS services in `cluster`, with the target's tags. */
export async function listScaling(
  client: ApplicationAutoScalingClient,
  cluster: string,
): Promise<ScalingResource[]> {
  const out: ScalingResource[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: namespace, NextToken }),
    );
    for (const target of page.ScalableTargets ?? []) {
      if (!target.ResourceId?.startsWith(`service/${cluster}/`)) continue;
      const tags = target.ScalableTargetARN ? await targetTags(client, target.ScalableTargetARN) : {};
      out.push({ kind: 'scalable-target', id: target.ResourceId, name: target.ResourceId, tags });
      for (const policy of await scalingPolicies(client, target.ResourceId)) {
        out.push({ kind: 'scaling-policy', id: `${target.ResourceId}|${policy}`, name: policy, tags });
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Deletes a policy (`resourceId|policyName`) or deregisters a target; gone already is fine. */
export async function deleteScaling(
  client: ApplicationAutoScalingClient,
  resource: Pick<ScalingResource, 'kind' | 'id'>,
) {
  if (resource.kind === 'scaling-policy') {
    const [resourceId, policyName] = resource.id.split('|') as [string, string];
    await deletePolicy(client, resourceId, policyName);
    return;
  }
  try {
    await client.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: namespace,
        ResourceId: resource.id,
        ScalableDimension: dimension,
      }),
    );
  } catch (error) {
    if (!(error instanceof ObjectNotFoundException)) throw error;
  }
}

async function removeAutoscaling(
  client: ApplicationAutoScalingClient,
  on: ScalingService,
  tags: Record<string, string>,
) {
  const resourceId = `service/${on.cluster}/${on.service}`;
  const targets = await client.send(
    new DescribeScalableTargetsCommand({
      ServiceNamespace: namespace,
      ResourceIds: [resourceId],
      ScalableDimension: dimension,
    }),
  );
  const target = targets.ScalableTargets?.[0];
  if (!target?.ScalableTargetARN) return false;
  // Never remove scaling someone set up by hand.
  const existing = await targetTags(client, target.ScalableTargetARN);
  if (existing['ship:app'] !== tags['ship:app'] || existing['ship:env'] !== tags['ship:env']) return false;
  for (const name of await scalingPolicies(client, resourceId)) await deletePolicy(client, resourceId, name);
  await deleteScaling(client, { kind: 'scalable-target', id: resourceId });
  return true;
}

async function scalingPolicies(client: ApplicationAutoScalingClient, resourceId: string): Promise<string[]> {
  const page = await client.send(
    new DescribeScalingPoliciesCommand({
      ServiceNamespace: namespace,
      ResourceId: resourceId,
      ScalableDimension: dimension,
    }),
  );
  return (page.ScalingPolicies ?? []).map((p) => p.PolicyName ?? '').filter(Boolean);
}

async function deletePolicy(client: ApplicationAutoScalingClient, resourceId: string, policyName: string) {
  try {
    await client.send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: namespace,
        ResourceId: resourceId,
        ScalableDimension: dimension,
        PolicyName: policyName,
      }),
    );
  } catch (error) {
    if (!(error instanceof ObjectNotFoundException)) throw error;
  }
}

async function targetTags(
  client: ApplicationAutoScalingClient,
  arn: string,
): Promise<Record<string, string>> {
  const page = await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
  return page.Tags ?? {};
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
  const names = resourceNames(target);
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
