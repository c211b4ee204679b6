// How an ECS service moves: every DescribeServices call is one tick of the
// service's clock. Deterministic, no timers. Documented in README.md.
//
// Healthy task (P = pollsToStable): age 0 PROVISIONING, ages 1..P-2 PENDING,
// age P-1 RUNNING (health UNKNOWN, target "initial"), age ≥ P RUNNING and ready
// (HEALTHY, target "healthy"). When the primary deployment has all desired
// tasks ready, the other deployments' tasks stop and the deployment is
// COMPLETED — on the P-th tick after the update.
//
// Failing task (image matched by failImages): "crash" runs at age 1 (writes an
// error line) and stops at age 2 with exit code 1; "unhealthy" runs at age 1,
// fails its health check at age 2 and is stopped at age 3. A task whose awslogs
// group does not exist stops at age 1 with ResourceInitializationError. Each
// stop counts in failedTasks and is replaced. With the circuit breaker on, the
// deployment FAILS at `threshold` failed tasks (default: half the desired count,
// at least 3, at most 200 — ECS's published rule); with rollback on and an
// earlier COMPLETED task definition, a new PRIMARY deployment of that one starts.

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

function addEvent(state: FakeState, service: Service, message: string): void {
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

function isActive(task: Task): boolean {
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

function launchTask(state: FakeState, service: Service, deployment: Deployment): Task {
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

/**
 * ECS assumes the execution and task roles when it launches a task: a role of
 * this account that does not exist (or is not visible yet) or does not trust
 * ecs-tasks.amazonaws.com makes the launch fail. Such failures are retried on
 * the next tick and, unlike stopped tasks, not counted by the circuit breaker.
 */
function unassumableRole(state: FakeState, definition: TaskDefinition | undefined): string | undefined {
  for (const key of ['executionRoleArn', 'taskRoleArn']) {
    const arn = definition?.body[key];
    if (typeof arn !== 'string' || !arn.startsWith(`arn:aws:iam::${state.accountId}:role/`)) continue;
    const role = state.iam.roles.get(arn.split('/').pop() ?? '');
    const trusted = role?.assumeRolePolicyDocument.includes('ecs-tasks.amazonaws.com');
    if (!role || !state.visible(role) || !trusted) return arn;
  }
  return undefined;
}

function launchMissing(state: FakeState, service: Service, deployment: Deployment): void {
  const active = serviceTasks(state, service).filter((t) => t.deploymentId === deployment.id && isActive(t));
  const missing = deployment.desiredCount - active.length;
  if (missing <= 0) return;
  const role = unassumableRole(state, findTaskDefinition(state, deployment.taskDefinition));
  if (role) {
    addEvent(
      state,
      service,
      `failed to launch a task with (error ECS was unable to assume the role '${role}' that was provided for this task. ` +
        'Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.).',
    );
    return;
  }
  const started = Array.from({ length: missing }, () => launchTask(state, service, deployment));
  addEvent(
    state,
    service,
    `has started ${missing} tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`,
  );
}

/** A new PRIMARY deployment of `taskDefinition`; the previous primary becomes ACTIVE. */
export function startDeployment(
  state: FakeState,
  service: Service,
  taskDefinition: string,
  rollbackOf?: string,
): Deployment {
  for (const d of service.deployments) d.status = 'ACTIVE';
  const id = state.digits(19);
  const path = `${service.clusterArn.split('/').pop()}/${service.name}`;
  const deployment: Deployment = {
    id: `ecs-svc/${id}`,
    revisionArn: state.arn('ecs', `service-revision/${path}/${state.digits(19)}`),
    deploymentArn: state.arn('ecs', `service-deployment/${path}/${state.hex(22)}`),
    rollbackOf,
    status: 'PRIMARY',
    taskDefinition,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment ecs-svc in progress.',
  };
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} in progress.`;
  service.deployments.unshift(deployment);
  service.history.unshift(deployment);
  service.taskDefinition = taskDefinition;
  launchMissing(state, service, deployment);
  return deployment;
}

export function primaryOf(service: Service): Deployment | undefined {
  return service.deployments.find((d) => d.status === 'PRIMARY');
}

function circuitBreaker(service: Service): { enable: boolean; rollback: boolean } {
  const config = service.config['deploymentConfiguration'] as
    | { deploymentCircuitBreaker?: { enable?: boolean; rollback?: boolean } }
    | undefined;
  return {
    enable: config?.deploymentCircuitBreaker?.enable === true,
    rollback: config?.deploymentCircuitBreaker?.rollback === true,
  };
}

export function failureThreshold(state: FakeState, desiredCount: number): number {
  return state.options.circuitBreakerThreshold ?? Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

function writeTaskLog(state: FakeState, task: Task, lines: string[]): boolean {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  const targets = definition ? awslogsTargets(containersOf(definition), task.id) : [];
  return targets.every((target) => lines.every((line) => writeLogLine(state, target, line)));
}

function advanceTask(state: FakeState, service: Service, task: Task): void {
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

/** One DescribeServices call's worth of progress. */
export function tickService(state: FakeState, service: Service): void {
  if (service.status === 'DRAINING') {
    service.status = 'INACTIVE';
    service.deployments = [];
    return;
  }
  if (service.status !== 'ACTIVE') return;
  service.ticks += 1;
  for (const task of serviceTasks(state, service)) if (isActive(task)) advanceTask(state, service, task);

  const primary = primaryOf(service);
  if (!primary) return;
  const breaker = circuitBreaker(service);
  if (
    breaker.enable &&
    primary.rolloutState === 'IN_PROGRESS' &&
    primary.failedTasks >= failureThreshold(state, primary.desiredCount)
  ) {
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
    primary.updatedAt = new Date();
    primary.finishedAt = new Date();
    addEvent(state, service, `(deployment ${primary.id}) deployment failed: tasks failed to start.`);
    const target = service.lastCompletedTaskDefinition;
    if (breaker.rollback && target) {
      addEvent(state, service, `rolling back to taskDefinition ${target}.`);
      startDeployment(state, service, target, primary.id);
    }
    return;
  }
  // A failed deployment launches no more tasks; every other one keeps its count.
  if (primary.rolloutState !== 'FAILED') launchMissing(state, service, primary);
  if (primary.rolloutState !== 'IN_PROGRESS') return;

  const tasks = serviceTasks(state, service);
  const ready = tasks.filter((t) => t.deploymentId === primary.id && isReady(state, t));
  if (ready.length < primary.desiredCount) return;
  const old = tasks.filter((t) => t.deploymentId !== primary.id && isActive(t));
  for (const task of old) {
    stopTask(
      state,
      task,
      `Scaling activity initiated by (deployment ${primary.id})`,
      'ServiceSchedulerInitiated',
      0,
      service.ticks,
    );
  }
  if (old.length > 0) {
    addEvent(
      state,
      service,
      `has stopped ${old.length} running tasks: ${old.map((t) => `(task ${t.id})`).join(' ')}.`,
    );
  }
  service.deployments = [primary];
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = new Date();
  primary.finishedAt = new Date();
  service.lastCompletedTaskDefinition = primary.taskDefinition;
  addEvent(state, service, `(deployment ${primary.id}) deployment completed.`);
  addEvent(state, service, 'has reached a steady state.');
}

/** Desired count changed without a new deployment: the primary follows it, extra tasks stop. */
export function scaleService(state: FakeState, service: Service, desiredCount: number): void {
  service.desiredCount = desiredCount;
  const primary = primaryOf(service);
  if (!primary) return;
  primary.desiredCount = desiredCount;
  const active = serviceTasks(state, service).filter((t) => t.deploymentId === primary.id && isActive(t));
  for (const task of active.slice(desiredCount)) {
    stopTask(state, task, 'Service scaled in', 'ServiceSchedulerInitiated', 0, service.ticks);
  }
}
