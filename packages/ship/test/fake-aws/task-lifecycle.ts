// One task's life on Fargate, tick by tick: launch with its network interface,
// PROVISIONING → PENDING → RUNNING (ready after pollsToStable ticks), log lines
// through awslogs, and the ways it stops. deployment.ts decides which tasks run.
import type { Deployment, FakeState, Service, Task, TaskDefinition } from './state.js';
import { awslogsTargets, writeLogLine } from './task-logs.js';

type Container = {
  name?: string;
  image?: string;
  essential?: boolean;
  portMappings?: { containerPort?: number }[];
  healthCheck?: unknown;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
};

export function containersOf(definition: TaskDefinition): Container[] {
  const list = definition.body['containerDefinitions'];
  return Array.isArray(list) ? (list as Container[]) : [];
}

export function findTaskDefinition(state: FakeState, arn: string): TaskDefinition | undefined {
  for (const revisions of state.ecs.taskDefinitions.values()) {
    const found = revisions.find((d) => d.arn === arn);
    if (found) return found;
  }
  return undefined;
}

export function addEvent(state: FakeState, service: Service, message: string): void {
  service.events.unshift({
    id: state.uuid(),
    createdAt: new Date(),
    message: `(service ${service.name}) ${message}`,
  });
  service.events.length = Math.min(service.events.length, 100);
}

export function serviceTasks(state: FakeState, service: Service): Task[] {
  return [...state.ecs.tasks.values()].filter(
    (t) => t.clusterArn === service.clusterArn && t.serviceName === service.name,
  );
}

export function isActive(task: Task): boolean {
  return task.lastStatus !== 'STOPPED';
}

export function isReady(state: FakeState, task: Task): boolean {
  return task.lastStatus === 'RUNNING' && !task.failure && task.age >= state.options.pollsToStable;
}

function awsvpc(service: Service): { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean } {
  const config = (service.config['networkConfiguration'] as { awsvpcConfiguration?: Record<string, unknown> })
    ?.awsvpcConfiguration;
  return {
    subnets: (config?.['subnets'] as string[] | undefined) ?? [],
    securityGroups: (config?.['securityGroups'] as string[] | undefined) ?? [],
    assignPublicIp: config?.['assignPublicIp'] === 'ENABLED',
  };
}

export function targetGroupsOf(service: Service): string[] {
  const lbs = (service.config['loadBalancers'] as { targetGroupArn?: string }[] | undefined) ?? [];
  return lbs.flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : []));
}

export function launchTask(state: FakeState, service: Service, deployment: Deployment): Task {
  const definition = findTaskDefinition(state, deployment.taskDefinition);
  const containers = definition ? containersOf(definition) : [];
  const id = state.hex(32);
  const network = awsvpc(service);
  const subnet = state.ec2.subnets.find((s) => s.id === network.subnets[0]) ?? state.ec2.subnets[0]!;
  const n = state.ecs.tasks.size + 10;
  const eniId = `eni-${state.hex(17)}`;
  const privateIp = `172.31.${Number(subnet.cidr.split('.')[2]) + Math.floor(n / 250)}.${(n % 250) + 4}`;
  const publicIp = network.assignPublicIp ? `3.90.${Math.floor(n / 250)}.${(n % 250) + 4}` : undefined;
  state.ec2.networkInterfaces.set(eniId, {
    ...state.stamp(),
    id: eniId,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    privateIp,
    publicIp,
    groupIds: network.securityGroups,
    description: `arn:aws:ecs:${state.region}:${state.accountId}:attachment/${state.uuid()}`,
    owner: id,
  });
  const task: Task = {
    arn: state.arn('ecs', `task/${service.clusterArn.split('/').pop()}/${id}`),
    id,
    clusterArn: service.clusterArn,
    serviceName: service.name,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinition,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    age: 0,
    failure: state.imageFailure(containers.map((c) => c.image ?? '')),
    createdAt: new Date(),
    eniId,
    subnetId: subnet.id,
    privateIp,
    publicIp,
    cpu: definition?.body['cpu'] as string | undefined,
    memory: definition?.body['memory'] as string | undefined,
    tags: service.config['propagateTags'] === 'SERVICE' ? [...service.tags] : [],
    group: `service:${service.name}`,
    startedBy: deployment.id,
  };
  state.ecs.tasks.set(task.arn, task);
  return task;
}

export function stopTask(
  state: FakeState,
  task: Task,
  reason: string,
  stopCode: string,
  exitCode: number | undefined,
  tick?: number,
): void {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppedReason = reason;
  task.stopCode = stopCode;
  task.exitCode = exitCode;
  task.stoppingAt = new Date();
  task.stoppedAt = new Date();
  task.stoppedAtTick = tick;
  if (task.eniId) state.ec2.networkInterfaces.delete(task.eniId);
}

function writeTaskLog(state: FakeState, task: Task, lines: string[]): boolean {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  const targets = definition ? awslogsTargets(containersOf(definition), task.id) : [];
  return targets.every((target) => lines.every((line) => writeLogLine(state, target, line)));
}

export function advanceTask(state: FakeState, service: Service, task: Task): void {
  const P = state.options.pollsToStable;
  task.age += 1;
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  const containers = definition ? containersOf(definition) : [];
  const port = containers[0]?.portMappings?.[0]?.containerPort ?? 8080;
  const deployment = service.deployments.find((d) => d.id === task.deploymentId);
  const failure = task.failure;
  const fail = (reason: string, stopCode: string, exitCode: number | undefined) => {
    stopTask(state, task, reason, stopCode, exitCode, service.ticks);
    if (deployment) deployment.failedTasks += 1;
    addEvent(state, service, `has stopped 1 running tasks: (task ${task.id}).`);
  };
  if (failure === 'pull') {
    const image = containers.map((c) => c.image ?? '').find((i) => state.pullable.get(i) === false);
    fail(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`,
      'TaskFailedToStart',
      undefined,
    );
    return;
  }
  const wasRunning = task.lastStatus === 'RUNNING';
  const hasHealthCheck = containers.some((c) => c.healthCheck);
  const runsAt = failure ? 1 : Math.max(1, P - 1);
  if (task.age < runsAt) {
    task.lastStatus = 'PENDING';
    return;
  }
  if (!wasRunning) {
    const started = writeTaskLog(state, task, [
      `starting ${containers.map((c) => c.image).join(', ')}`,
      `server listening on http://0.0.0.0:${port}`,
    ]);
    if (!started) {
      const group = awslogsTargets(containers, task.id)[0]?.group;
      fail(
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
          `failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. (${group})`,
        'TaskFailedToStart',
        undefined,
      );
      return;
    }
    task.lastStatus = 'RUNNING';
    task.startedAt = new Date();
    if (failure === 'crash')
      writeTaskLog(state, task, ['Error: the app crashed on start-up (fake-aws failImages)']);
    if (!failure && task.age >= P && hasHealthCheck) task.healthStatus = 'HEALTHY';
    return;
  }
  if (failure === 'crash') {
    fail('Essential container in task exited', 'EssentialContainerExited', 1);
    return;
  }
  if (failure === 'unhealthy') {
    writeTaskLog(state, task, ['GET /health 500 2ms']);
    if (task.age === 2) {
      task.healthStatus = hasHealthCheck ? 'UNHEALTHY' : 'UNKNOWN';
      return;
    }
    const targetGroup = targetGroupsOf(service)[0];
    if (targetGroup)
      fail(
        `Task failed ELB health checks in (target-group ${targetGroup})`,
        'ServiceSchedulerInitiated',
        143,
      );
    else if (hasHealthCheck) fail('Task failed container health checks', 'ServiceSchedulerInitiated', 143);
    else fail('Essential container in task exited', 'EssentialContainerExited', 1);
    return;
  }
  writeTaskLog(state, task, [`GET / 200 ${task.age}ms`]);
  if (task.age >= P && hasHealthCheck) task.healthStatus = 'HEALTHY';
}
