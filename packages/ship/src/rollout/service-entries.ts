// The service's own parts as rows of the reconcile table (resource-entry.ts):
// its task-definition revisions, the service, and its scaling. Deploy applies
// them through deployService and applyAutoscaling (they wait, roll out, roll
// back), so they have no `reconcile`; status reads their finds and destroy
// deletes what they hold.
import {
  deleteScalingPolicy,
  deregisterScalableTarget,
  describeScalableTargets,
  type ScalableTarget,
  type ScalingPolicy,
  scalableTargetTags,
  scalingPolicies,
} from '../aws/autoscaling.js';
import { isGoneError, type Tags } from '../aws/aws-context.js';
import {
  deleteExpressService,
  deleteService,
  deregisterTaskDefinition,
  findService,
  listTasks,
  readTaskDefinition,
  type ServiceState,
  scaleServiceToZero,
  taskDefinitionRevisions,
} from '../aws/ecs.js';
import { tagKeys } from '../deploy/naming.js';
import { entry, type Held } from './resource-entry.js';

export const taskDefinitionsEntry = entry<Held[]>({
  kind: 'task definition',
  scope: 'env',
  find: async (c) => {
    const revisions: Held[] = [];
    for (const arn of await taskDefinitionRevisions(c.context, c.names.family)) {
      const found = await readTaskDefinition(c.context, arn);
      revisions.push({ id: arn, name: arn.split('/').pop() ?? arn, tags: found?.tags ?? {} });
    }
    return revisions.length > 0 ? revisions : undefined;
  },
  held: (revisions) => revisions,
  delete: (h, context) => deregisterTaskDefinition(context, h.id),
  gone: async (h, context) => (await readTaskDefinition(context, h.id))?.status !== 'ACTIVE',
});

const serviceId = (h: Held): [string, string] => {
  const slash = h.id.indexOf('/');
  return [h.id.slice(0, slash), h.id.slice(slash + 1)];
};

export const serviceEntry = entry<ServiceState & { cluster: string }>({
  kind: 'service',
  scope: 'env',
  find: async (c) => {
    const found = await findService(c.context, c.names.cluster, c.names.service);
    return found && { ...found, cluster: c.names.cluster };
  },
  held: (s) => [{ id: `${s.cluster}/${s.name}`, name: s.name, tags: s.tags }],
  delete: async (h, context) => {
    const [cluster, service] = serviceId(h);
    if (h.tags[tagKeys.target] === 'express') {
      // Through Express Mode, which removes the load balancer rules, target group and scaling it made.
      const found = await findService(context, cluster, service);
      if (found) await deleteExpressService(context, found.arn);
      return;
    }
    // Scale to 0 first so ECS drains the tasks (and deregisters their targets) before deletion.
    await scaleServiceToZero(context, cluster, service).catch((error: unknown) => {
      if (!isGoneError(error)) throw error;
    });
    await deleteService(context, cluster, service);
  },
  gone: async (h, context) => {
    const [cluster, service] = serviceId(h);
    if (await findService(context, cluster, service)) return false;
    return (await listTasks(context, { cluster, service, desiredStatus: 'RUNNING' }, 1)).length === 0;
  },
});

/** The service's scalable target with its tags (its service's when it has none of its own). */
export const scalableTargetEntry = entry<ScalableTarget & { tags: Tags }>({
  kind: 'scalable target',
  scope: 'env',
  after: [serviceEntry],
  find: async (c, earlier) => {
    // An Express service's scaling is Express Mode's: it goes with the service.
    if (earlier(serviceEntry)?.tags[tagKeys.target] === 'express') return undefined;
    const [target] = await describeScalableTargets(
      c.context,
      `service/${c.names.cluster}/${c.names.service}`,
    );
    if (!target) return undefined;
    const own = await scalableTargetTags(c.context, target.arn);
    return { ...target, tags: own[tagKeys.app] ? own : (earlier(serviceEntry)?.tags ?? own) };
  },
  held: (t) => [{ id: t.resourceId, name: t.resourceId, tags: t.tags }],
  delete: (h, context) => deregisterScalableTarget(context, h.id),
  gone: async (h, context) => (await describeScalableTargets(context, h.id)).length === 0,
});

/** Policies belong to their scalable target and carry its tags. */
export const scalingPoliciesEntry = entry<{ resourceId: string; policies: ScalingPolicy[]; tags: Tags }>({
  kind: 'scaling policy',
  scope: 'env',
  after: [scalableTargetEntry],
  find: async (c, earlier) => {
    const target = earlier(scalableTargetEntry);
    if (!target) return undefined;
    const policies = await scalingPolicies(c.context, target.resourceId);
    return policies.length > 0 ? { resourceId: target.resourceId, policies, tags: target.tags } : undefined;
  },
  held: (p) =>
    p.policies.map((policy) => ({ id: `${p.resourceId}|${policy.name}`, name: policy.name, tags: p.tags })),
  delete: (h, context) => {
    const bar = h.id.lastIndexOf('|');
    return deleteScalingPolicy(context, h.id.slice(0, bar), h.id.slice(bar + 1));
  },
  // Deleted synchronously by the API.
  gone: async () => true,
});
