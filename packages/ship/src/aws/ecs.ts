// Amazon ECS: clusters, task definitions, services and their tasks. Takes and
// returns ship's own types (TaskDefinition, ServiceSnapshot …), never SDK ones.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Task,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ServiceSnapshot } from '../deploy/rollout-verdict.js';
import { registrationInput, type TaskDefinition } from '../deploy/task-definition.js';
import { type AwsContext, clientConfig, isNotFound, type Tags } from './aws-context.js';

const client = (context: AwsContext) => new ECSClient(clientConfig(context));

const ecsTagList = (tags: Tags) => Object.entries(tags).map(([key, value]) => ({ key, value }));
const ecsTagMap = (list: { key?: string | undefined; value?: string | undefined }[] | undefined): Tags =>
  Object.fromEntries((list ?? []).map((t) => [t.key ?? '', t.value ?? '']));

async function using<T>(context: AwsContext, fn: (ecs: ECSClient) => Promise<T>): Promise<T> {
  const ecs = client(context);
  try {
    return await fn(ecs);
  } finally {
    ecs.destroy();
  }
}

// ---- clusters

export interface Cluster {
  name: string;
  arn: string;
  tags: Tags;
}

/** An ACTIVE cluster by name (an INACTIVE one is as good as missing). */
export function findCluster(context: AwsContext, name: string): Promise<Cluster | undefined> {
  return using(context, async (ecs) => {
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }));
    const cluster = out.clusters?.find((c) => c.clusterName === name && c.status === 'ACTIVE');
    return cluster ? { name, arn: cluster.clusterArn ?? '', tags: ecsTagMap(cluster.tags) } : undefined;
  });
}

export function createCluster(context: AwsContext, options: { name: string; tags: Tags }): Promise<Cluster> {
  return using(context, async (ecs) => {
    const out = await ecs.send(
      new CreateClusterCommand({ clusterName: options.name, tags: ecsTagList(options.tags) }),
    );
    return { name: options.name, arn: out.cluster?.clusterArn ?? '', tags: options.tags };
  });
}

// ---- task definitions

/** A task definition by ARN or `family:revision` (or family for the latest), fields ship does not know kept. */
export function describeTaskDefinition(
  context: AwsContext,
  reference: string,
): Promise<TaskDefinition | undefined> {
  return using(context, async (ecs) => {
    try {
      const out = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
      );
      return out.taskDefinition ? (out.taskDefinition as unknown as TaskDefinition) : undefined;
    } catch (error) {
      if (isNotFound(error, 'ClientException') && /not found|unable to describe/i.test(String(error)))
        return undefined;
      throw error;
    }
  });
}

/** The newest ACTIVE revision of a family. */
export async function latestTaskDefinition(
  context: AwsContext,
  family: string,
): Promise<TaskDefinition | undefined> {
  const arn = await using(context, async (ecs) => {
    const out = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 1 }),
    );
    return out.taskDefinitionArns?.[0];
  });
  return arn ? describeTaskDefinition(context, arn) : undefined;
}

/** Task-definition ARNs of a family, newest first (all of them, paging through). */
export function taskDefinitionRevisions(context: AwsContext, family: string): Promise<string[]> {
  return using(context, async (ecs) => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }),
      );
      arns.push(...(out.taskDefinitionArns ?? []));
      nextToken = out.nextToken;
    } while (nextToken);
    return arns;
  });
}

export function registerTaskDefinition(
  context: AwsContext,
  definition: TaskDefinition,
  tags: Tags,
): Promise<TaskDefinition> {
  return using(context, async (ecs) => {
    const input = {
      ...registrationInput(definition),
      tags: ecsTagList(tags),
    } as RegisterTaskDefinitionCommandInput;
    const out = await ecs.send(new RegisterTaskDefinitionCommand(input));
    if (!out.taskDefinition?.taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no ARN');
    return out.taskDefinition as unknown as TaskDefinition;
  });
}

// ---- services

export interface ServiceSpec {
  cluster: string;
  name: string;
  taskDefinition: string;
  /** Left as it is on update when undefined (autoscaling owns it). */
  desiredCount?: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  loadBalancer?: { targetGroupArn: string; containerName: string; containerPort: number };
  healthCheckGracePeriodSeconds?: number;
  tags: Tags;
}

export interface ServiceState {
  name: string;
  arn: string;
  status: string;
  taskDefinition: string;
  desiredCount: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  targetGroupArns: string[];
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

export function createService(context: AwsContext, spec: ServiceSpec): Promise<ServiceState> {
  return using(context, async (ecs) => {
    const out = await ecs.send(
      new CreateServiceCommand({
        cluster: spec.cluster,
        serviceName: spec.name,
        taskDefinition: spec.taskDefinition,
        desiredCount: spec.desiredCount ?? 1,
        launchType: 'FARGATE',
        networkConfiguration: networkConfiguration(spec),
        deploymentConfiguration,
        ...(spec.loadBalancer
          ? {
              loadBalancers: [spec.loadBalancer],
              healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 30,
            }
          : {}),
        propagateTags: 'SERVICE',
        enableECSManagedTags: true,
        tags: ecsTagList(spec.tags),
      }),
    );
    if (!out.service) throw new Error('CreateService returned no service');
    return serviceState(out.service);
  });
}

export function updateService(context: AwsContext, spec: ServiceSpec): Promise<ServiceState> {
  return using(context, async (ecs) => {
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: spec.cluster,
        service: spec.name,
        taskDefinition: spec.taskDefinition,
        ...(spec.desiredCount !== undefined ? { desiredCount: spec.desiredCount } : {}),
        networkConfiguration: networkConfiguration(spec),
        deploymentConfiguration,
        ...(spec.loadBalancer
          ? {
              loadBalancers: [spec.loadBalancer],
              healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 30,
            }
          : {}),
      }),
    );
    if (!out.service) throw new Error('UpdateService returned no service');
    return serviceState(out.service);
  });
}

/** Points a service at another task definition and nothing else (rollback, redeploys). */
export function setServiceTaskDefinition(
  context: AwsContext,
  options: { cluster: string; service: string; taskDefinition: string },
): Promise<ServiceState> {
  return using(context, async (ecs) => {
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: options.cluster,
        service: options.service,
        taskDefinition: options.taskDefinition,
        deploymentConfiguration,
      }),
    );
    if (!out.service) throw new Error('UpdateService returned no service');
    return serviceState(out.service);
  });
}

/** The service (ACTIVE or DRAINING), or undefined when there is none (or it was deleted). */
export function findService(
  context: AwsContext,
  cluster: string,
  name: string,
): Promise<ServiceState | undefined> {
  return using(context, async (ecs) => {
    try {
      const out = await ecs.send(
        new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }),
      );
      const service = out.services?.find((s) => s.serviceName === name && s.status !== 'INACTIVE');
      return service ? serviceState(service) : undefined;
    } catch (error) {
      if (isNotFound(error, 'ClusterNotFoundException')) return undefined;
      throw error;
    }
  });
}

/** One DescribeServices snapshot for the poller. */
export async function serviceSnapshot(
  context: AwsContext,
  cluster: string,
  name: string,
): Promise<ServiceSnapshot> {
  const state = await findService(context, cluster, name);
  if (!state) {
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
  return state.snapshot;
}

function serviceState(service: Service): ServiceState {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const snapshot = toSnapshot(service);
  const primary = snapshot.deployments.find((d) => d.status === 'PRIMARY');
  return {
    name: service.serviceName ?? '',
    arn: service.serviceArn ?? '',
    status: service.status ?? '',
    taskDefinition: service.taskDefinition ?? '',
    desiredCount: service.desiredCount ?? 0,
    subnets: vpc?.subnets ?? [],
    securityGroups: vpc?.securityGroups ?? [],
    assignPublicIp: vpc?.assignPublicIp === 'ENABLED',
    targetGroupArns: (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn ? [lb.targetGroupArn] : [],
    ),
    rolloutInProgress:
      snapshot.deployments.length > 1 ||
      (primary?.rolloutState !== undefined && primary.rolloutState !== 'COMPLETED'),
    tags: ecsTagMap(service.tags),
    snapshot,
  };
}

function toSnapshot(service: Service): ServiceSnapshot {
  return {
    serviceName: service.serviceName ?? '',
    status: service.status ?? '',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition ?? '',
    deployments: (service.deployments ?? []).map((d) => {
      const deployment = {
        id: d.id ?? '',
        status: d.status ?? '',
        taskDefinition: d.taskDefinition ?? '',
        desiredCount: d.desiredCount ?? 0,
        runningCount: d.runningCount ?? 0,
        pendingCount: d.pendingCount ?? 0,
        failedTasks: d.failedTasks ?? 0,
      };
      return {
        ...deployment,
        ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
        ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
      };
    }),
    events: (service.events ?? []).map((e) => ({
      id: e.id ?? '',
      createdAt: e.createdAt ? new Date(e.createdAt).toISOString() : '',
      message: e.message ?? '',
    })),
  };
}

// ---- tasks

export interface TaskSummary {
  taskArn: string;
  taskId: string;
  taskDefinition: string;
  lastStatus: string;
  healthStatus?: string;
  stoppedReason?: string;
  stopCode?: string;
  stoppedAt?: string;
  containers: { name: string; exitCode?: number; reason?: string; healthStatus?: string }[];
  /** The task's elastic network interface (awsvpc). */
  eniId?: string;
  privateIp?: string;
}

/** The service's tasks that are RUNNING (or STOPPED), newest first, at most `limit`. */
export function serviceTasks(
  context: AwsContext,
  options: { cluster: string; service: string; desiredStatus: 'RUNNING' | 'STOPPED'; limit?: number },
): Promise<TaskSummary[]> {
  return using(context, async (ecs) => {
    const list = await ecs.send(
      new ListTasksCommand({
        cluster: options.cluster,
        serviceName: options.service,
        desiredStatus: options.desiredStatus,
        maxResults: 100,
      }),
    );
    const arns = (list.taskArns ?? []).slice(0, options.limit ?? 100);
    if (arns.length === 0) return [];
    const out = await ecs.send(new DescribeTasksCommand({ cluster: options.cluster, tasks: arns }));
    return (out.tasks ?? [])
      .map(taskSummary)
      .sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''));
  });
}

function taskSummary(task: Task): TaskSummary {
  const details = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface')?.details ?? [];
  const detail = (name: string) => details.find((d) => d.name === name)?.value;
  const taskArn = task.taskArn ?? '';
  const summary: TaskSummary = {
    taskArn,
    taskId: taskArn.split('/').pop() ?? taskArn,
    taskDefinition: task.taskDefinitionArn ?? '',
    lastStatus: task.lastStatus ?? '',
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '',
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.healthStatus ? { healthStatus: c.healthStatus } : {}),
    })),
  };
  if (task.healthStatus) summary.healthStatus = task.healthStatus;
  if (task.stoppedReason) summary.stoppedReason = task.stoppedReason;
  if (task.stopCode) summary.stopCode = task.stopCode;
  if (task.stoppedAt) summary.stoppedAt = new Date(task.stoppedAt).toISOString();
  const eni = detail('networkInterfaceId');
  const ip = detail('privateIPv4Address');
  if (eni) summary.eniId = eni;
  if (ip) summary.privateIp = ip;
  return summary;
}
