// Deleting one resource ship created, for `ship destroy`: `startDeleting`
// asks AWS to delete it (gone already counts as done) and `checkGone` says
// whether it is really gone yet, so the command can wait between steps.

import { describeCertificate } from '../aws/acm.js';
import { deleteScalingPolicy, deregisterScalableTarget } from '../aws/autoscaling.js';
import { type AwsContext, isBusyError, isGoneError } from '../aws/aws-context.js';
import { deleteSecurityGroup, describeNetworkInterfaces, describeSecurityGroups } from '../aws/ec2.js';
import { deleteRepository, findRepository } from '../aws/ecr.js';
import {
  deleteCluster,
  deleteService,
  deregisterTaskDefinition,
  findCluster,
  findService,
  listTasks,
  readTaskDefinition,
  scaleServiceToZero,
} from '../aws/ecs.js';
import {
  deleteListener,
  deleteLoadBalancer,
  deleteRule,
  deleteTargetGroup,
  describeListeners,
  describeLoadBalancers,
  describeRules,
  describeTargetGroups,
  setListenerDefault,
} from '../aws/elbv2.js';
import { deleteRole, findRole } from '../aws/iam.js';
import { deleteLogGroup } from '../aws/logs.js';
import { UserError } from '../errors.js';
import type { DestroyStep } from '../ops/destroy-plan.js';
import { backoff, sleep } from '../wait/backoff.js';
import { deleteCertificate, removeAddress } from './domain-teardown.js';

/**
 * Starts deleting a resource. Returns `busy` when AWS says something still
 * depends on it (ENIs on a security group, services in a cluster): the caller
 * waits and tries again.
 */
export async function startDeleting(context: AwsContext, step: DestroyStep): Promise<'started' | 'busy'> {
  try {
    await deleteOnce(context, step);
    return 'started';
  } catch (error) {
    if (isGoneError(error)) return 'started';
    if (isBusyError(error)) return 'busy';
    throw error;
  }
}

async function deleteOnce(context: AwsContext, step: DestroyStep): Promise<void> {
  switch (step.kind) {
    case 'scaling-policy': {
      const [resourceId, policyName] = step.id.split('|') as [string, string];
      return deleteScalingPolicy(context, resourceId, policyName);
    }
    case 'scalable-target':
      return deregisterScalableTarget(context, step.id);
    case 'service': {
      const [cluster, service] = splitService(step.id);
      // Scale to 0 first so ECS drains the tasks (and deregisters their targets) before deletion.
      await scaleServiceToZero(context, cluster, service).catch((error: unknown) => {
        if (!isGoneError(error)) throw error;
      });
      return deleteService(context, cluster, service);
    }
    case 'listener-rule':
      return deleteRule(context, step.id);
    case 'target-group':
      // The environment that made the shared listener is its default: other environments keep the listener.
      await vacateDefault(context, step.id);
      return deleteTargetGroup(context, step.id);
    case 'task-definition':
      return deregisterTaskDefinition(context, step.id);
    case 'listener':
      return deleteListener(context, step.id);
    case 'load-balancer':
      return deleteLoadBalancer(context, step.id);
    case 'security-group': {
      if ((await describeNetworkInterfaces(context, { securityGroupId: step.id })).length > 0) {
        const error = new Error(`network interfaces still use ${step.id}`);
        error.name = 'DependencyViolation';
        throw error;
      }
      return deleteSecurityGroup(context, step.id);
    }
    case 'cluster':
      return deleteCluster(context, step.id);
    case 'repository':
      return deleteRepository(context, step.id);
    case 'log-group':
      return deleteLogGroup(context, step.id);
    case 'role':
      return deleteRole(context, step.id);
    case 'dns-record':
      return removeAddress(context, step.id);
    case 'certificate':
      return deleteCertificate(context, step.id);
  }
}

/** Points listeners whose default forwards to `targetGroupArn` at ship's 404, so the group can be deleted. */
async function vacateDefault(context: AwsContext, targetGroupArn: string): Promise<void> {
  const [group] = await describeTargetGroups(context, { arns: [targetGroupArn] });
  for (const loadBalancerArn of group?.loadBalancerArns ?? []) {
    for (const listener of await describeListeners(context, { loadBalancerArn })) {
      if (listener.targetGroupArns.includes(targetGroupArn))
        await setListenerDefault(context, listener.arn, undefined);
    }
  }
}

/** Whether the resource is gone (for a service: deleted and its tasks stopped). */
export async function checkGone(context: AwsContext, step: DestroyStep): Promise<boolean> {
  try {
    return await goneOnce(context, step);
  } catch (error) {
    if (isGoneError(error)) return true;
    throw error;
  }
}

async function goneOnce(context: AwsContext, step: DestroyStep): Promise<boolean> {
  switch (step.kind) {
    case 'service': {
      const [cluster, service] = splitService(step.id);
      if (await findService(context, cluster, service)) return false;
      return (await listTasks(context, { cluster, service, desiredStatus: 'RUNNING' }, 1)).length === 0;
    }
    case 'load-balancer':
      return (await describeLoadBalancers(context, { arns: [step.id] })).length === 0;
    case 'target-group':
      return (await describeTargetGroups(context, { arns: [step.id] })).length === 0;
    case 'listener':
      return (await describeListeners(context, { arns: [step.id] })).length === 0;
    case 'listener-rule':
      return (await describeRules(context, { arns: [step.id] })).length === 0;
    case 'security-group':
      return (await describeSecurityGroups(context, { ids: [step.id] })).length === 0;
    case 'cluster':
      return (await findCluster(context, step.id)) === undefined;
    case 'repository':
      return (await findRepository(context, step.id)) === undefined;
    case 'task-definition':
      return (await readTaskDefinition(context, step.id))?.status !== 'ACTIVE';
    case 'role':
      return (await findRole(context, step.id)) === undefined;
    case 'certificate':
      return (await describeCertificate(context, step.id)) === undefined;
    default:
      // Deleted synchronously by their API.
      return true;
  }
}

function splitService(id: string): [string, string] {
  const slash = id.indexOf('/');
  return [id.slice(0, slash), id.slice(slash + 1)];
}

export interface DeleteWaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called while waiting on something (e.g. "network interfaces still attached"). */
  onWait?: (what: string) => void;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Deletes a resource and waits until it is gone: while AWS says something
 * still depends on it, waits and asks again; then waits for it to disappear.
 * Intervals grow (×1.5, capped at 15 s) so long waits make few calls.
 */
export async function deleteAndWait(
  context: AwsContext,
  step: DestroyStep,
  options: DeleteWaitOptions,
): Promise<void> {
  const waitFor = async (what: string, done: () => Promise<boolean>) => {
    const wait = backoff({
      baseMs: options.intervalMs,
      factor: 1.5,
      maxMs: 15_000,
      jitter: 'none',
      deadlineMs: options.timeoutMs,
    });
    while (!(await done())) {
      const ms = wait.delay();
      if (ms === undefined) {
        throw new UserError(
          `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${step.kind} ${step.name}: ${what}`,
          'run `ship destroy` again later; it continues where it stopped',
        );
      }
      options.onWait?.(what);
      await (options.sleep ?? sleep)(ms);
    }
  };
  await waitFor('still in use', async () => (await startDeleting(context, step)) === 'started');
  await waitFor('still being deleted', () => checkGone(context, step));
}
