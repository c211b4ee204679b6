// What `ship deploy` will do, from what exists: resources to create, ship's
// own resources to bring in line, resources in the way, the task-definition
// change and the service change. Pure: the observation is done elsewhere;
// `ship plan` prints this and `ship deploy` executes it.
import type { ShipConfig } from '../config/schema.js';
import { certificateNames, environmentHost } from './domain-names.js';
import {
  describeScaling,
  type ExpressRevision,
  type ExpressScaling,
  expressAddress,
  expressServiceChanges,
} from './express-service.js';
import { formatMonthlyCost, monthlyCost } from './fargate-price.js';
import type { ResourceNames } from './naming.js';
import { releaseLine, releaseOf } from './release.js';
import type { TaskDefinition } from './task-definition.js';
import { diffTaskDefinitions, type FieldChange, formatChange } from './task-definition-diff.js';

/** What was found under a resource's name: nothing, ship's own resource, or someone else's. */
export type Found<T> =
  | { state: 'missing' }
  | { state: 'ours'; value: T }
  | {
      state: 'foreign';
      detail: string;
      /** ship's own, but it cannot be changed into what the config asks. */
      ours?: true;
    };

export type ResourceKind =
  | 'image repository'
  | 'log group'
  | 'task execution role'
  | 'infrastructure role'
  | 'cluster'
  | 'security group'
  | 'load balancer security group'
  | 'load balancer'
  | 'target group'
  | 'release role'
  | 'alarm'
  | 'listener'
  | 'certificate'
  | 'dns record'
  | 'listener rule'
  | 'task definition'
  | 'service'
  | 'scalable target'
  | 'scaling policy';

export interface ResourceStep {
  kind: ResourceKind;
  name: string;
  found: Found<unknown>;
  /** For ship's own resources: what will be brought in line, e.g. "retention 30 → 90 days". */
  updates?: string[];
}

export interface ServiceSettings {
  taskDefinition: string;
  desiredCount: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  targetGroupArn?: string;
  healthCheckGracePeriodSeconds?: number;
}

export interface PlanInput {
  config: ShipConfig;
  names: ResourceNames;
  resources: ResourceStep[];
  /** The definition the service runs now, if there is a service. */
  current?: TaskDefinition;
  /** The newest ACTIVE revision of the family (may differ from `current` after an interrupted deploy). */
  latest?: TaskDefinition;
  desired: TaskDefinition;
  /** The service as it is; undefined when there is none. */
  service?: ServiceSettings & { rolloutInProgress: boolean };
  /** The service as it should be, with `taskDefinition` left to the plan. */
  desiredService: Omit<ServiceSettings, 'taskDefinition'>;
  /** When autoscaling owns the task count, the desired count is not forced. */
  keepDesiredCount: boolean;
  /** The autoscaling change deploy would make (`autoscalingChange`), if any. */
  autoscaling?: string;
  /** Target express: the Express service as it is (if any) and the settings ship gives it. */
  express?: ExpressPlanInput;
}

export interface ExpressPlanInput {
  /** The service's newest revision; undefined when there is no Express service yet. */
  current?: ExpressRevision;
  endpoint?: string;
  healthCheckPath: string;
  scaling: ExpressScaling;
}

export type TaskDefinitionAction =
  | { action: 'register'; changes: FieldChange[] }
  | { action: 'reuse'; revision: string; changes: FieldChange[] }
  | { action: 'keep'; revision: string };

export type ServiceAction =
  | { action: 'create' }
  | { action: 'update'; changes: string[] }
  | { action: 'wait'; reason: string }
  | { action: 'none' };

export interface Plan {
  creates: ResourceStep[];
  updates: ResourceStep[];
  /** Ship's own resources that are already in line (what `ship destroy` would delete). */
  unchanged: ResourceStep[];
  conflicts: string[];
  taskDefinition: TaskDefinitionAction;
  service: ServiceAction;
  /** `+`/`~`/`-` line for the service's autoscaling; undefined when it is as configured. */
  autoscaling?: string;
  cost: string;
  /** Where the app answers and whether that address survives a deploy, said plainly. */
  address: string;
  /** How an update reaches traffic and what rolls it back, when the config has a `release` section. */
  release?: string;
  /** Target express: the target line, e.g. "ECS Express Mode: 1–4 tasks, holding 60 % average CPU". */
  express?: string;
  /** True when deploy would create, register or update nothing. */
  nothingToChange: boolean;
}

export function planDeployment(input: PlanInput): Plan {
  const creates = input.resources.filter((r) => r.found.state === 'missing');
  const updates = input.resources.filter((r) => r.found.state === 'ours' && (r.updates?.length ?? 0) > 0);
  const unchanged = input.resources.filter((r) => r.found.state === 'ours' && !r.updates?.length);
  const conflicts = input.resources.flatMap((r) =>
    r.found.state === 'foreign'
      ? [
          r.found.ours
            ? `${r.kind} "${r.name}" cannot be changed in place: ${r.found.detail}`
            : `${r.kind} "${r.name}" exists but was not created by ship (${r.found.detail})`,
        ]
      : [],
  );
  const taskDefinition = planTaskDefinition(input);
  const service = planService(input, taskDefinition);
  const { config } = input;
  const size = { cpu: config.cpu, memory: config.memory };
  const tasks = input.express ? input.express.scaling.min : config.desiredCount;
  const cost = formatMonthlyCost(
    monthlyCost({
      region: config.region,
      platform: config.platform,
      size,
      tasks,
      loadBalancer: input.express ? 'express' : config.loadBalancer,
    }),
    size,
    tasks,
  );
  const nothingToChange =
    creates.length === 0 &&
    updates.length === 0 &&
    taskDefinition.action === 'keep' &&
    service.action === 'none' &&
    input.autoscaling === undefined;
  const address = input.express
    ? expressAddress(input.express.endpoint, input.names, config.region)
    : addressNote(config);
  const release = config.release
    ? releaseLine(releaseOf(config), [input.names.alarm5xxRate, input.names.alarmP99Latency])
    : undefined;
  return {
    creates,
    updates,
    unchanged,
    conflicts,
    taskDefinition,
    service,
    ...(input.autoscaling ? { autoscaling: input.autoscaling } : {}),
    cost,
    address,
    ...(release ? { release } : {}),
    ...(input.express ? { express: describeScaling(input.express.scaling) } : {}),
    nothingToChange,
  };
}

/** Only a load balancer gives a stable address; without one each deploy's task has a new public IP. */
export function addressNote(
  config: Pick<ShipConfig, 'loadBalancer' | 'port' | 'domain' | 'environment'>,
): string {
  const { loadBalancer, port, domain } = config;
  if (loadBalancer === 'alb' && domain) {
    const [name, wildcard] = certificateNames(domain);
    return `address: https://${environmentHost(domain, config.environment)}/, stable across deploys (HTTP redirects to HTTPS; ACM certificate for ${name} and ${wildcard}, renewed by ACM)`;
  }
  return loadBalancer === 'alb'
    ? "address: the load balancer's DNS name, stable across deploys"
    : `address: http://<task public IP>:${port}/, which changes on every deploy (no load balancer; "loadBalancer": "alb" gives a stable one)`;
}

function planTaskDefinition({ current, latest, desired }: PlanInput): TaskDefinitionAction {
  const changes = diffTaskDefinitions(current, desired);
  if (current && changes.length === 0) {
    return { action: 'keep', revision: current.taskDefinitionArn ?? current.family };
  }
  // A revision registered by an earlier, interrupted run: use it rather than add an identical one.
  if (latest?.taskDefinitionArn && diffTaskDefinitions(latest, desired).length === 0) {
    return { action: 'reuse', revision: latest.taskDefinitionArn, changes };
  }
  return { action: 'register', changes };
}

function planService(input: PlanInput, definition: TaskDefinitionAction): ServiceAction {
  const { service, desiredService } = input;
  if (input.express) return planExpressService(input, input.express, definition);
  if (!service) return { action: 'create' };
  const changes: string[] = [];
  if (definition.action !== 'keep') changes.push('task definition: new revision');
  else if (definition.revision !== service.taskDefinition) {
    changes.push(`task definition: ${tail(service.taskDefinition)} → ${tail(definition.revision)}`);
  }
  if (!input.keepDesiredCount && service.desiredCount !== desiredService.desiredCount) {
    changes.push(`desired count: ${service.desiredCount} → ${desiredService.desiredCount}`);
  }
  if (!sameSet(service.subnets, desiredService.subnets)) changes.push('subnets');
  if (!sameSet(service.securityGroups, desiredService.securityGroups)) changes.push('security groups');
  if (service.assignPublicIp !== desiredService.assignPublicIp) {
    changes.push(`public IP: ${onOff(service.assignPublicIp)} → ${onOff(desiredService.assignPublicIp)}`);
  }
  if (changes.length > 0) return { action: 'update', changes };
  if (service.rolloutInProgress)
    return { action: 'wait', reason: 'a deployment of this revision is in progress' };
  return { action: 'none' };
}

/** An Express service: created with its first revision, else a new revision when a setting differs. */
function planExpressService(
  input: PlanInput,
  express: ExpressPlanInput,
  definition: TaskDefinitionAction,
): ServiceAction {
  if (!express.current) return { action: 'create' };
  const changes = expressServiceChanges(express.current, {
    taskDefinition: definition.action === 'keep' ? definition.revision : 'new',
    healthCheckPath: express.healthCheckPath,
    scaling: express.scaling,
  });
  if (changes.length > 0) return { action: 'update', changes };
  if (input.service?.rolloutInProgress)
    return { action: 'wait', reason: 'a deployment of this revision is in progress' };
  return { action: 'none' };
}

const tail = (arn: string): string => arn.split('/').pop() ?? arn;
const onOff = (on: boolean): string => (on ? 'on' : 'off');
const sameSet = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The plan as lines for a person. */
export function formatPlan(plan: Plan, input: Pick<PlanInput, 'names'>): string[] {
  const lines: string[] = [];
  for (const c of plan.conflicts) lines.push(`✘ ${c}`);
  for (const r of plan.creates) lines.push(`+ create ${r.kind} ${r.name}`);
  for (const r of plan.updates) lines.push(`~ update ${r.kind} ${r.name}: ${(r.updates ?? []).join('; ')}`);
  const td = plan.taskDefinition;
  if (td.action === 'keep') lines.push(`= task definition ${tail(td.revision)} (unchanged)`);
  else {
    lines.push(
      td.action === 'reuse'
        ? `~ task definition: use ${tail(td.revision)}, registered by an earlier run`
        : `+ register task definition ${input.names.family}:(next revision)`,
    );
    for (const change of td.changes) lines.push(`    ${formatChange(change)}`);
  }
  const s = plan.service;
  if (s.action === 'create')
    lines.push(
      plan.express
        ? `+ create Express service ${input.names.service} (${plan.express})`
        : `+ create service ${input.names.service}`,
    );
  else if (s.action === 'update')
    lines.push(`~ update service ${input.names.service}: ${s.changes.join('; ')}`);
  else if (s.action === 'wait')
    lines.push(`… service ${input.names.service}: ${s.reason}; deploy waits for it`);
  else lines.push(`= service ${input.names.service} (unchanged)`);
  if (plan.autoscaling) lines.push(plan.autoscaling);
  lines.push(
    plan.express
      ? 'target: express (ECS Express Mode: shared HTTPS load balancer, canary updates, autoscaling)'
      : 'target: service (ECS service; "target": "express" in ship.config.json for Express Mode)',
  );
  if (plan.release) lines.push(plan.release);
  lines.push(plan.address);
  lines.push(`cost: ${plan.cost}`);
  if (plan.nothingToChange) lines.push('nothing to change');
  return lines;
}
