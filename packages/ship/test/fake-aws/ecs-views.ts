// ECS resources as the ECS API shows them (awsJson field names).

import type { Params } from './params.js';
import {
  type Cluster,
  type Deployment,
  type FakeState,
  type Service,
  type Tag,
  type Task,
  type TaskDefinition,
  tagsFrom,
} from './state.js';
import { containersOf, findTaskDefinition, isReady, serviceTasks } from './task-lifecycle.js';

export const ecsTags = (tags: Tag[]) => tags.map((t) => ({ key: t.key, value: t.value }));

/** ECS request tags (`[{ key, value }]`). */
export function ecsTagsFrom(p: Params): Tag[] {
  return tagsFrom(p.list('tags').map((t) => ({ key: t.optStr('key'), value: t.optStr('value') })));
}

export function clusterView(state: FakeState, cluster: Cluster, withTags: boolean) {
  const services = [...state.ecs.services.values()].filter(
    (s) => s.clusterArn === cluster.arn && s.status === 'ACTIVE',
  );
  const tasks = [...state.ecs.tasks.values()].filter((t) => t.clusterArn === cluster.arn);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING')
      .length,
    activeServicesCount: services.length,
    statistics: [],
    settings: cluster.settings,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
    tags: withTags ? ecsTags(cluster.tags) : undefined,
  };
}

export function taskDefinitionView(state: FakeState, definition: TaskDefinition) {
  const body = definition.body;
  return {
    ...body,
    taskDefinitionArn: definition.arn,
    family: definition.family,
    revision: definition.revision,
    status: definition.status,
    volumes: body['volumes'] ?? [],
    placementConstraints: body['placementConstraints'] ?? [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    registeredAt: definition.createdAt,
    registeredBy: `arn:aws:iam::${state.accountId}:user/fake-aws-tester`,
  };
}

function counts(state: FakeState, tasks: Task[]) {
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
  const pending = tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING');
  return {
    runningCount: running.length,
    pendingCount: pending.length,
    readyCount: running.filter((t) => isReady(state, t)).length,
  };
}

function deploymentView(state: FakeState, service: Service, deployment: Deployment) {
  const tasks = serviceTasks(state, service).filter((t) => t.deploymentId === deployment.id);
  const { runningCount, pendingCount } = counts(state, tasks);
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinition,
    desiredCount: deployment.desiredCount,
    pendingCount,
    runningCount,
    failedTasks: deployment.failedTasks,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    launchType: service.launchType,
    platformVersion: service.platformVersion,
    platformFamily: 'Linux',
    networkConfiguration: service.config['networkConfiguration'],
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

export function serviceView(state: FakeState, service: Service, withTags: boolean) {
  const active = serviceTasks(state, service);
  const { runningCount, pendingCount } = counts(state, active);
  return {
    ...service.config,
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.config['loadBalancers'] ?? [],
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount,
    pendingCount,
    launchType: service.launchType,
    platformVersion: service.platformVersion,
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.config['deploymentConfiguration'],
    deployments: service.deployments.map((d) => deploymentView(state, service, d)),
    events: service.events,
    createdAt: service.createdAt,
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: `arn:aws:iam::${state.accountId}:user/fake-aws-tester`,
    enableECSManagedTags: service.config['enableECSManagedTags'] ?? false,
    propagateTags: service.config['propagateTags'] ?? 'NONE',
    enableExecuteCommand: false,
    tags: withTags ? ecsTags(service.tags) : undefined,
  };
}

export function taskView(state: FakeState, task: Task, withTags: boolean) {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  const containers = definition ? containersOf(definition) : [];
  const attachmentId = task.eniId ? `${task.id.slice(0, 8)}-attachment` : undefined;
  const containerStatus = task.lastStatus === 'PROVISIONING' ? 'PENDING' : task.lastStatus;
  const stopped = task.lastStatus === 'STOPPED';
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    healthStatus: task.healthStatus,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    cpu: task.cpu,
    memory: task.memory,
    group: task.group,
    startedBy: task.startedBy,
    availabilityZone: state.ec2.subnets.find((s) => s.id === task.subnetId)?.availabilityZone,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    stoppedAt: task.stoppedAt,
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    version: task.age + 1,
    containers: containers.map((c, i) => ({
      containerArn: state.arn(
        'ecs',
        `container/${task.clusterArn.split('/').pop()}/${task.id}/${c.name}-${i}`,
      ),
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      lastStatus: containerStatus,
      exitCode: stopped ? task.exitCode : undefined,
      reason: stopped && task.exitCode === undefined ? task.stoppedReason : undefined,
      healthStatus: task.healthStatus,
      networkInterfaces: task.privateIp ? [{ attachmentId, privateIpv4Address: task.privateIp }] : [],
      cpu: '0',
    })),
    attachments: task.eniId
      ? [
          {
            id: attachmentId,
            type: 'ElasticNetworkInterface',
            status: stopped ? 'DELETED' : task.lastStatus === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED',
            details: [
              { name: 'subnetId', value: task.subnetId },
              { name: 'networkInterfaceId', value: task.eniId },
              { name: 'macAddress', value: `0a:${task.id.slice(0, 10).match(/../g)?.join(':')}` },
              { name: 'privateIPv4Address', value: task.privateIp },
            ],
          },
        ]
      : [],
    tags: withTags ? ecsTags(task.tags) : undefined,
  };
}
