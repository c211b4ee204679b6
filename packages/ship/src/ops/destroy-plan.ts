// `ship destroy`: what to delete, in which order, from what the reconcile
// table found under the environment's names (src/rollout/resource-table.ts),
// given in deletion order (the table backwards). Only resources whose ship
// tags say this app and environment (and, for IAM, this region) are deleted;
// the app's shared resources (cluster, load balancer, repository, …) go only
// when no other environment is left. Run against a fresh find, the plan of a
// half-finished destroy is what remains.
import { ownerOf, type TagScope, type Target, tagKeys } from '../deploy/naming.js';
import type { ResourceKind } from '../deploy/plan.js';

/** One resource found under the environment's names. */
export interface FoundResource {
  kind: ResourceKind;
  /** Its table entry's: `app` for a resource shared by the app's environments. */
  scope: TagScope;
  /** What the delete call takes: an ARN, a group id, a name. */
  id: string;
  /** What a person recognises. */
  name: string;
  tags: Readonly<Record<string, string>>;
}

export type DestroyStep<R extends FoundResource = FoundResource> = R & { description: string };

export interface DestroyPlan<R extends FoundResource = FoundResource> {
  app: string;
  env: string;
  /** True when no other environment of the app is left, so shared resources go too. */
  lastEnvironment: boolean;
  /** Other environments of the app that stay. */
  otherEnvironments: string[];
  steps: DestroyStep<R>[];
}

const describe: Record<ResourceKind, string> = {
  'dns record': 'delete DNS records (alias A and its _ship TXT) of',
  certificate: 'delete certificate',
  'scaling policy': 'delete scaling policy',
  'scalable target': 'deregister scalable target',
  service: 'scale to 0, delete and wait for tasks to stop: service',
  'task definition': 'deregister task definition',
  'listener rule': 'delete listener rule',
  listener: 'delete listener',
  'target group': 'delete target group',
  'load balancer': 'delete load balancer and wait until gone',
  'security group': 'delete security group once no network interface uses it',
  'load balancer security group': 'delete security group once no network interface uses it',
  cluster: 'delete cluster',
  'task execution role': 'delete role',
  'release role': 'delete role',
  alarm: 'delete alarm',
  'infrastructure role': 'delete role',
  'log group': 'delete log group',
  'image repository': 'delete repository and its images',
};

/** An Express service goes through Express Mode, which removes what it made for it. */
const describeOf = (r: FoundResource): string =>
  r.kind === 'service' && r.tags[tagKeys.target] === 'express'
    ? 'delete Express service (with the load balancer rules, target group and scaling ECS made for it) and wait for its tasks to stop:'
    : describe[r.kind];

/**
 * @param found what the table found, in deletion order
 * @param others the app's other environments that still have resources in this region
 */
export function planDestroy<R extends FoundResource>(
  found: readonly R[],
  target: Target,
  region: string,
  others: readonly string[],
): DestroyPlan<R> {
  const otherEnvironments = [...new Set(others)].filter((env) => env !== target.env).sort();
  const lastEnvironment = otherEnvironments.length === 0;
  const steps = found
    .filter((r) => ownerOf(r.tags, target, r.scope, region).state === 'ours')
    .filter((r) => r.scope === 'env' || lastEnvironment)
    .map((r) => ({ ...r, description: `${describeOf(r)} ${r.name}` }));
  return { app: target.app, env: target.env, lastEnvironment, otherEnvironments, steps };
}

/** The plan as lines for the confirmation prompt. */
export function renderDestroyPlan(plan: DestroyPlan): string {
  if (plan.steps.length === 0) {
    return `Nothing to destroy: no resources tagged ship:app=${plan.app} ship:env=${plan.env}.\n`;
  }
  const lines = [`Destroy ${plan.app} · ${plan.env}: ${plan.steps.length} resources, in this order:`];
  plan.steps.forEach((step, i) => {
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${step.description}${step.scope === 'app' ? '  (shared)' : ''}`,
    );
  });
  lines.push(
    plan.lastEnvironment
      ? 'This is the last environment of the app: shared resources go too.'
      : `Shared resources stay for: ${plan.otherEnvironments.join(', ')}.`,
  );
  return lines.join('\n') + '\n';
}
