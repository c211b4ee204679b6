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
import { advanceStrategy, failOnAlarm } from './deployment-strategy.js';
import type { Deployment, FakeState, Service, TaskDefinition } from './state.js';
import {
  addEvent,
  advanceTask,
  findTaskDefinition,
  isActive,
  isReady,
  launchTask,
  serviceTasks,
  stopTask,
} from './task-lifecycle.js';

/**
 * ECS assumes the execution and task roles when it launches a task: a role of
 * this account that does not exist (or is not visible yet), whose trust policy
 * does not let ecs-tasks.amazonaws.com assume it from this account, or whose
 * creation or trust change has not propagated yet ([iam-eventual-consistency])
 * makes the launch fail. Such failures are retried on the next tick and, unlike
 * stopped tasks, not counted by the circuit breaker.
 */
function unassumableRole(state: FakeState, definition: TaskDefinition | undefined): string | undefined {
  for (const key of ['executionRoleArn', 'taskRoleArn']) {
    const arn = definition?.body[key];
    if (typeof arn !== 'string' || !arn.startsWith(`arn:aws:iam::${state.accountId}:role/`)) continue;
    const role = state.iam.roles.get(arn.split('/').pop() ?? '');
    if (!role || !state.visible(role)) return arn;
    if (state.calls <= role.trustChangedAtCall + state.options.iamPropagationCalls) return arn;
    if (!trustsEcsTasks(role.assumeRolePolicyDocument, state)) return arn;
  }
  return undefined;
}

type Statement = {
  Effect?: string;
  Action?: string | string[];
  Principal?: { Service?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
};

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Whether a trust policy lets ECS assume the role for a task of this account and region. */
function trustsEcsTasks(document: string, state: FakeState): boolean {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(document) as { Statement?: Statement | Statement[] };
    statements = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement
        ? [parsed.Statement]
        : [];
  } catch {
    return false;
  }
  // What ECS puts in the request context when it assumes the role for a task.
  const context: Record<string, string> = {
    'aws:SourceAccount': state.accountId,
    'aws:SourceArn': state.arn('ecs', 'task/any'),
  };
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
  const holds = (condition: Statement['Condition']) =>
    Object.entries(condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) => {
        const actual = context[key];
        if (actual === undefined) return false;
        const wanted = asList(values);
        if (operator === 'StringEquals') return wanted.includes(actual);
        if (operator === 'ArnLike' || operator === 'StringLike')
          return wanted.some((w) => glob(w).test(actual));
        if (operator === 'ArnEquals') return wanted.includes(actual);
        return false;
      }),
    );
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      asList(s.Action).includes('sts:AssumeRole') &&
      asList(s.Principal?.Service).includes('ecs-tasks.amazonaws.com') &&
      holds(s.Condition),
  );
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
    createdAtCall: state.calls,
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
  if (
    primary.rolloutState === 'IN_PROGRESS' &&
    failOnAlarm(state, service, primary, (target) => startDeployment(state, service, target, primary.id))
  ) {
    return;
  }
  // A failed deployment launches no more tasks; every other one keeps its count.
  if (primary.rolloutState !== 'FAILED') launchMissing(state, service, primary);
  if (primary.rolloutState !== 'IN_PROGRESS') return;

  const tasks = serviceTasks(state, service);
  const ready = tasks.filter((t) => t.deploymentId === primary.id && isReady(state, t));
  if (ready.length < primary.desiredCount) return;
  // Canary, linear, blue/green: traffic shifts and bakes before the old revision stops.
  if (advanceStrategy(state, service, primary) === 'hold') return;
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
