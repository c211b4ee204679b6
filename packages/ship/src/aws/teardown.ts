// Deleting one resource ship created, for `ship destroy`: `startDeleting`
// asks AWS to delete it (gone already counts as done) and `checkGone` says
// whether it is really gone yet, so the command can wait between steps.

import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteLogGroupCommand,
  ResourceNotFoundException as LogGroupNotFound,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import {
  ClusterNotFoundException,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { UserError } from '../errors.js';
import type { DestroyStep } from '../ops/destroy-plan.js';
import { deleteScaling } from './autoscaling.js';
import type { InventoryClients } from './inventory.js';
import { vacateDefault } from './listener-rules.js';

/** AWS error names that mean "already gone". */
const goneErrors = new Set([
  'ResourceNotFoundException',
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'ClusterNotFoundException',
  'RepositoryNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
  'ListenerNotFound',
  'ListenerNotFoundException',
  'RuleNotFound',
  'RuleNotFoundException',
  'InvalidGroup.NotFound',
  'ObjectNotFoundException',
]);

export function isGoneError(error: unknown): boolean {
  if (
    error instanceof ServiceNotFoundException ||
    error instanceof ServiceNotActiveException ||
    error instanceof ClusterNotFoundException ||
    error instanceof RepositoryNotFoundException ||
    error instanceof NoSuchEntityException ||
    error instanceof LogGroupNotFound
  ) {
    return true;
  }
  return error instanceof Error && goneErrors.has(error.name);
}

/** AWS error names that mean "not yet: something still depends on it". */
const busyErrors = new Set([
  'DependencyViolation',
  'ResourceInUse',
  'ResourceInUseException',
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'DeleteConflict',
  'DeleteConflictException',
]);

export function isBusyError(error: unknown): boolean {
  return error instanceof Error && busyErrors.has(error.name);
}

/**
 * Starts deleting a resource. Returns `busy` when AWS says something still
 * depends on it (ENIs on a security group, services in a cluster): the caller
 * waits and tries again.
 */
export async function startDeleting(
  clients: InventoryClients,
  step: DestroyStep,
): Promise<'started' | 'busy'> {
  try {
    await deleteOnce(clients, step);
    return 'started';
  } catch (error) {
    if (isGoneError(error)) return 'started';
    if (isBusyError(error)) return 'busy';
    throw error;
  }
}

async function deleteOnce(clients: InventoryClients, step: DestroyStep): Promise<void> {
  const { ecs, ec2, ecr, elbv2, iam, logs } = clients;
  switch (step.kind) {
    case 'scaling-policy':
    case 'scalable-target':
      return deleteScaling(clients.autoscaling, { kind: step.kind, id: step.id });
    case 'service': {
      const [cluster, service] = splitService(step.id);
      // Scale to 0 first so ECS drains the tasks (and deregisters their targets) before deletion.
      await ecs
        .send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 }))
        .catch((error: unknown) => {
          if (!isGoneError(error)) throw error;
        });
      await ecs.send(new DeleteServiceCommand({ cluster, service, force: true }));
      return;
    }
    case 'listener-rule':
      await elbv2.send(new DeleteRuleCommand({ RuleArn: step.id }));
      return;
    case 'target-group':
      // The environment that made the shared listener is its default: other environments keep the listener.
      await vacateDefault(elbv2, step.id);
      await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: step.id }));
      return;
    case 'task-definition':
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: step.id }));
      return;
    case 'listener':
      await elbv2.send(new DeleteListenerCommand({ ListenerArn: step.id }));
      return;
    case 'load-balancer':
      await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: step.id }));
      return;
    case 'security-group': {
      const enis = await ec2.send(
        new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [step.id] }] }),
      );
      if ((enis.NetworkInterfaces ?? []).length > 0) {
        const error = new Error(`network interfaces still use ${step.id}`);
        error.name = 'DependencyViolation';
        throw error;
      }
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: step.id }));
      return;
    }
    case 'cluster':
      await ecs.send(new DeleteClusterCommand({ cluster: step.id }));
      return;
    case 'repository':
      await ecr.send(new DeleteRepositoryCommand({ repositoryName: step.id, force: true }));
      return;
    case 'log-group':
      await logs.send(new DeleteLogGroupCommand({ logGroupName: step.id }));
      return;
    case 'role': {
      const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: step.id }));
      for (const PolicyName of inline.PolicyNames ?? []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: step.id, PolicyName }));
      }
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: step.id }));
      for (const p of attached.AttachedPolicies ?? []) {
        await iam.send(new DetachRolePolicyCommand({ RoleName: step.id, PolicyArn: p.PolicyArn }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName: step.id }));
      return;
    }
  }
}

/** Whether the resource is gone (for a service: deleted and its tasks stopped). */
export async function checkGone(clients: InventoryClients, step: DestroyStep): Promise<boolean> {
  try {
    return await goneOnce(clients, step);
  } catch (error) {
    if (isGoneError(error)) return true;
    throw error;
  }
}

async function goneOnce(clients: InventoryClients, step: DestroyStep): Promise<boolean> {
  const { ecs, ec2, ecr, elbv2, iam } = clients;
  switch (step.kind) {
    case 'service': {
      const [cluster, service] = splitService(step.id);
      const found = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
      const s = found.services?.[0];
      if (s && s.status !== 'INACTIVE') return false;
      const tasks = await ecs.send(
        new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }),
      );
      return (tasks.taskArns ?? []).length === 0;
    }
    case 'load-balancer': {
      const found = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [step.id] }));
      return (found.LoadBalancers ?? []).length === 0;
    }
    case 'target-group': {
      const found = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [step.id] }));
      return (found.TargetGroups ?? []).length === 0;
    }
    case 'listener': {
      const found = await elbv2.send(new DescribeListenersCommand({ ListenerArns: [step.id] }));
      return (found.Listeners ?? []).length === 0;
    }
    case 'listener-rule': {
      const found = await elbv2.send(new DescribeRulesCommand({ RuleArns: [step.id] }));
      return (found.Rules ?? []).length === 0;
    }
    case 'security-group': {
      const found = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [step.id] }));
      return (found.SecurityGroups ?? []).length === 0;
    }
    case 'cluster': {
      const found = await ecs.send(new DescribeClustersCommand({ clusters: [step.id] }));
      return !(found.clusters ?? []).some((c) => c.status !== 'INACTIVE');
    }
    case 'repository': {
      await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [step.id] }));
      return false;
    }
    case 'task-definition': {
      const found = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: step.id }));
      return found.taskDefinition?.status !== 'ACTIVE';
    }
    case 'role': {
      await iam.send(new GetRoleCommand({ RoleName: step.id }));
      return false;
    }
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
}

/**
 * Deletes a resource and waits until it is gone: while AWS says something
 * still depends on it, waits and asks again; then waits for it to disappear.
 * Intervals grow (×1.5, capped at 15 s) so long waits make few calls.
 */
export async function deleteAndWait(
  clients: InventoryClients,
  step: DestroyStep,
  options: DeleteWaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs;
  const pause = async (what: string) => {
    if (Date.now() + interval > deadline) {
      throw new UserError(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${step.kind} ${step.name}: ${what}`,
        'run `ship destroy` again later; it continues where it stopped',
      );
    }
    options.onWait?.(what);
    await sleep(interval);
    interval = Math.min(15_000, Math.round(interval * 1.5));
  };
  while ((await startDeleting(clients, step)) === 'busy') await pause('still in use');
  interval = options.intervalMs;
  while (!(await checkGone(clients, step))) await pause('still being deleted');
}
