// ECS services: create, update, read (our ServiceState, with the poller's
// snapshot), list and delete.
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  type DeploymentConfiguration,
  DescribeServicesCommand,
  ListServicesCommand,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { ServiceSnapshot } from '../../deploy/rollout-verdict.js';
import { type AwsContext, isNotFound, type Tags } from '../aws-context.js';
import { ecs, ecsTagList, ecsTagMap } from './client.js';

export interface ServiceSpec {
  cluster: string;
  name: string;
  taskDefinition: string;
  /** Left as it is on update when undefined (autoscaling owns it). */
  desiredCount?: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  loadBalancer?: {
    targetGroupArn: string;
    containerName: string;
    containerPort: number;
    /** Canary, linear, blue/green: the second target group, the production rule, the role ECS shifts traffic with. */
    advancedConfiguration?: {
      alternateTargetGroupArn: string;
      productionListenerRule: string;
      roleArn: string;
    };
  };
  healthCheckGracePeriodSeconds?: number;
  /** How ECS rolls out a new revision (src/deploy/release.ts); the fast rolling settings when undefined. */
  deploymentConfiguration?: DeploymentConfiguration;
  tags: Tags;
}

export interface DeploymentState {
  id: string;
  /** PRIMARY, ACTIVE or INACTIVE. */
  status: string;
  taskDefinition: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  desired: number;
  running: number;
  pending: number;
  failed: number;
  /** Epoch milliseconds (0 when unknown). */
  createdAt: number;
  updatedAt: number;
}

export interface ServiceState {
  name: string;
  arn: string;
  /** ACTIVE or DRAINING (INACTIVE services are reported as missing). */
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  targetGroupArns: string[];
  deployments: DeploymentState[];
  /** A deployment is still rolling out (not COMPLETED, or older tasks still running). */
  rolloutInProgress: boolean;
  tags: Tags;
  snapshot: ServiceSnapshot;
}

// Fast, safe rollouts: keep every old task until new ones are healthy; roll back when they are not.
const deploymentConfiguration = {
  deploymentCircuitBreaker: { enable: true, rollback: true },
  minimumHealthyPercent: 100,
  maximumPercent: 200,
};

function networkConfiguration(spec: ServiceSpec) {
  return {
    awsvpcConfiguration: {
      subnets: spec.subnets,
      securityGroups: spec.securityGroups,
      assignPublicIp: spec.assignPublicIp ? ('ENABLED' as const) : ('DISABLED' as const),
    },
  };
}

function loadBalancing(spec: ServiceSpec) {
  if (!spec.loadBalancer) return {};
  return {
    loadBalancers: [spec.loadBalancer],
    healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 30,
  };
}

export async function createService(context: AwsContext, spec: ServiceSpec): Promise<ServiceState> {
  const out = await ecs(context).send(
    new CreateServiceCommand({
      cluster: spec.cluster,
      serviceName: spec.name,
      taskDefinition: spec.taskDefinition,
      desiredCount: spec.desiredCount ?? 1,
      launchType: 'FARGATE',
      networkConfiguration: networkConfiguration(spec),
      deploymentConfiguration: spec.deploymentConfiguration ?? deploymentConfiguration,
      ...loadBalancing(spec),
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: ecsTagList(spec.tags),
    }),
  );
  if (!out.service) throw new Error('CreateService returned no service');
  return serviceState(out.service);
}

async function update(context: AwsContext, input: UpdateServiceCommandInput): Promise<ServiceState> {
  const out = await ecs(context).send(new UpdateServiceCommand(input));
  if (!out.service) throw new Error('UpdateService returned no service');
  return serviceState(out.service);
}

/** Brings the service to the spec (network, load balancer, revision; the count unless autoscaling owns it). */
export function updateService(context: AwsContext, spec: ServiceSpec): Promise<ServiceState> {
  return update(context, {
    cluster: spec.cluster,
    service: spec.name,
    taskDefinition: spec.taskDefinition,
    ...(spec.desiredCount !== undefined ? { desiredCount: spec.desiredCount } : {}),
    networkConfiguration: networkConfiguration(spec),
    deploymentConfiguration: spec.deploymentConfiguration ?? deploymentConfiguration,
    ...loadBalancing(spec),
  });
}

/**
 * Points a service at another task definition and changes nothing else (rollback): the service
 * keeps the deploymentConfiguration deploy gave it, so a canary stays a canary, with its alarms.
 */
export function setServiceTaskDefinition(
  context: AwsContext,
  options: { cluster: string; service: string; taskDefinition: string },
): Promise<ServiceState> {
  return update(context, {
    cluster: options.cluster,
    service: options.service,
    taskDefinition: options.taskDefinition,
  });
}

/** Scales to 0 so ECS drains the tasks (and deregisters their targets) before the service is deleted. */
export async function scaleServiceToZero(
  context: AwsContext,
  cluster: string,
  service: string,
): Promise<void> {
  await update(context, { cluster, service, desiredCount: 0 });
}

export async function deleteService(context: AwsContext, cluster: string, service: string): Promise<void> {
  await ecs(context).send(new DeleteServiceCommand({ cluster, service, force: true }));
}

/** The services that are not INACTIVE (at most 10 names per call, as ECS allows); none when the cluster is missing. */
export async function describeServices(
  context: AwsContext,
  cluster: string,
  names: string[],
): Promise<ServiceState[]> {
  const found: ServiceState[] = [];
  for (let i = 0; i < names.length; i += 10) {
    try {
      const out = await ecs(context).send(
        new DescribeServicesCommand({ cluster, services: names.slice(i, i + 10), include: ['TAGS'] }),
      );
      for (const s of out.services ?? []) if (s.status !== 'INACTIVE') found.push(serviceState(s));
    } catch (error) {
      if (isNotFound(error, 'ClusterNotFoundException')) return [];
      throw error;
    }
  }
  return found;
}

/** The service (ACTIVE or DRAINING), or undefined when there is none (or it was deleted). */
export async function findService(
  context: AwsContext,
  cluster: string,
  name: string,
): Promise<ServiceState | undefined> {
  return (await describeServices(context, cluster, [name])).find((s) => s.name === name);
}

/** One DescribeServices snapshot for the poller. */
export async function serviceSnapshot(
  context: AwsContext,
  cluster: string,
  name: string,
): Promise<ServiceSnapshot> {
  const state = await findService(context, cluster, name);
  if (state) return state.snapshot;
  return {
    serviceName: name,
    status: 'MISSING',
    desiredCount: 0,
    runningCount: 0,
    pendingCount: 0,
    taskDefinition: '',
    deployments: [],
    events: [],
  };
}

/** ARNs of the cluster's services (all pages); none when the cluster is missing. */
export async function listServices(context: AwsContext, cluster: string): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await ecs(context).send(new ListServicesCommand({ cluster, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (isNotFound(error, 'ClusterNotFoundException')) return [];
    throw error;
  }
  return arns;
}

const time = (date: Date | undefined): number => (date ? new Date(date).getTime() : 0);

function serviceState(service: Service): ServiceState {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const deployments = (service.deployments ?? []).map((d) => {
    const deployment: DeploymentState = {
      id: d.id ?? '',
      status: d.status ?? '',
      taskDefinition: d.taskDefinition ?? '',
      desired: d.desiredCount ?? 0,
      running: d.runningCount ?? 0,
      pending: d.pendingCount ?? 0,
      failed: d.failedTasks ?? 0,
      createdAt: time(d.createdAt),
      updatedAt: time(d.updatedAt),
    };
    if (d.rolloutState) deployment.rolloutState = d.rolloutState;
    if (d.rolloutStateReason) deployment.rolloutStateReason = d.rolloutStateReason;
    return deployment;
  });
  const snapshot = toSnapshot(service, deployments);
  const primary = snapshot.deployments.find((d) => d.status === 'PRIMARY');
  return {
    name: service.serviceName ?? '',
    arn: service.serviceArn ?? '',
    status: service.status ?? '',
    taskDefinition: service.taskDefinition ?? '',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    subnets: vpc?.subnets ?? [],
    securityGroups: vpc?.securityGroups ?? [],
    assignPublicIp: vpc?.assignPublicIp === 'ENABLED',
    targetGroupArns: (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn ? [lb.targetGroupArn] : [],
    ),
    deployments,
    rolloutInProgress:
      snapshot.deployments.length > 1 ||
      (primary?.rolloutState !== undefined && primary.rolloutState !== 'COMPLETED'),
    tags: ecsTagMap(service.tags),
    snapshot,
  };
}

/** The poller's view (deploy/rollout-verdict.ts's shape) of the same service. */
function toSnapshot(service: Service, deployments: DeploymentState[]): ServiceSnapshot {
  return {
    serviceName: service.serviceName ?? '',
    status: service.status ?? '',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition ?? '',
    deployments: deployments.map(
      ({ desired, running, pending, failed, createdAt: _c, updatedAt: _u, ...d }) => ({
        ...d,
        desiredCount: desired,
        runningCount: running,
        pendingCount: pending,
        failedTasks: failed,
      }),
    ),
    events: (service.events ?? []).map((e) => ({
      id: e.id ?? '',
      createdAt: e.createdAt ? new Date(e.createdAt).toISOString() : '',
      message: e.message ?? '',
    })),
  };
}
