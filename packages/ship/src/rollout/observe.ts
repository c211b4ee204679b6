// Looks at what exists for an app and environment (read-only), and turns it
// into the plan's resource steps. `ship plan` stops here; `ship deploy` goes on.
import type { AwsContext } from '../aws/aws-context.js';
import { defaultNetwork, findSecurityGroup, type Network, type SecurityGroup } from '../aws/ec2.js';
import { findRepository, keepLastImagesPolicy, lifecyclePolicy, type Repository } from '../aws/ecr.js';
import {
  type Cluster,
  describeTaskDefinition,
  findCluster,
  findService,
  latestTaskDefinition,
  type ServiceState,
} from '../aws/ecs.js';
import {
  describeListeners,
  findLoadBalancer,
  findTargetGroup,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '../aws/elbv2.js';
import { findRole, inlinePolicy, type Role } from '../aws/iam.js';
import { findLogGroup, type LogGroup } from '../aws/logs.js';
import type { ShipConfig } from '../config/schema.js';
import { executionPolicy, samePolicy } from '../deploy/execution-policy.js';
import { describeRule, ingressChanges, loadBalancerIngress, taskIngress } from '../deploy/ingress-rules.js';
import {
  type Account,
  ownership,
  type ResourceNames,
  resourceArns,
  type TagScope,
  type Target,
} from '../deploy/naming.js';
import type { Found, ResourceKind, ResourceStep } from '../deploy/plan.js';
import type { TaskDefinition } from '../deploy/task-definition.js';

export interface Observation {
  account: Account;
  network: Network & { assignPublicIp: boolean };
  repository?: Repository;
  lifecyclePolicy?: string;
  logGroup?: LogGroup;
  role?: Role;
  rolePolicy?: unknown;
  cluster?: Cluster;
  taskGroup?: SecurityGroup;
  loadBalancerGroup?: SecurityGroup;
  loadBalancer?: LoadBalancer;
  targetGroup?: TargetGroup;
  listeners: Listener[];
  service?: ServiceState;
  /** The definition the service runs. */
  current?: TaskDefinition;
  /** The family's newest ACTIVE revision. */
  latest?: TaskDefinition;
}

export async function observe(
  context: AwsContext,
  config: ShipConfig,
  names: ResourceNames,
  account: Account,
): Promise<Observation> {
  const network = config.network
    ? {
        vpcId: config.network.vpcId,
        subnetIds: config.network.subnetIds,
        isDefaultVpc: false,
        assignPublicIp: config.network.assignPublicIp,
      }
    : // The default VPC has public subnets and no NAT: tasks need a public IP to pull the image,
      // even behind an ALB (their security group then admits only the ALB).
      { ...(await defaultNetwork(context)), assignPublicIp: true };
  const alb = config.loadBalancer === 'alb';
  const [
    repository,
    lifecycle,
    logGroup,
    role,
    rolePolicy,
    cluster,
    taskGroup,
    loadBalancerGroup,
    loadBalancer,
    targetGroup,
    latest,
  ] = await Promise.all([
    findRepository(context, names.repository),
    lifecyclePolicy(context, names.repository),
    findLogGroup(context, names.logGroup),
    findRole(context, names.executionRole),
    inlinePolicy(context, names.executionRole, names.executionPolicy),
    findCluster(context, names.cluster),
    findSecurityGroup(context, { vpcId: network.vpcId, name: names.taskSecurityGroup }),
    alb
      ? findSecurityGroup(context, { vpcId: network.vpcId, name: names.loadBalancerSecurityGroup })
      : undefined,
    alb ? findLoadBalancer(context, names.loadBalancer) : undefined,
    alb ? findTargetGroup(context, names.targetGroup) : undefined,
    latestTaskDefinition(context, names.family),
  ]);
  const service = cluster ? await findService(context, names.cluster, names.service) : undefined;
  const current = service?.taskDefinition
    ? await describeTaskDefinition(context, service.taskDefinition)
    : undefined;
  const observation: Observation = {
    account,
    network,
    listeners: loadBalancer ? await describeListeners(context, { loadBalancerArn: loadBalancer.arn }) : [],
  };
  const set = <K extends keyof Observation>(key: K, value: Observation[K] | undefined) => {
    if (value !== undefined) observation[key] = value;
  };
  set('repository', repository);
  set('lifecyclePolicy', lifecycle);
  set('logGroup', logGroup);
  set('role', role);
  set('rolePolicy', rolePolicy);
  set('cluster', cluster);
  set('taskGroup', taskGroup);
  set('loadBalancerGroup', loadBalancerGroup);
  set('loadBalancer', loadBalancer);
  set('targetGroup', targetGroup);
  set('service', service);
  set('current', current);
  set('latest', latest);
  return observation;
}

function found<T extends { tags: Record<string, string> }>(
  value: T | undefined,
  target: Target,
  scope: TagScope,
): Found<T> {
  if (!value) return { state: 'missing' };
  if (ownership(value.tags, target, scope) === 'ours') return { state: 'ours', value };
  const app = value.tags['ship:app'];
  const detail = app
    ? `its ship tags say app "${app}", env "${value.tags['ship:env'] ?? ''}"`
    : 'it has no ship:app tag';
  return { state: 'foreign', detail };
}

/** The plan's resource steps: what is missing, ship's own that needs bringing in line, and conflicts. */
export function resourceSteps(
  observation: Observation,
  config: ShipConfig,
  names: ResourceNames,
  target: Target,
): ResourceStep[] {
  const o = observation;
  const arns = resourceArns(o.account, config.region, names);
  const steps: ResourceStep[] = [];
  const step = (kind: ResourceKind, name: string, f: Found<unknown>, updates: string[] = []) => {
    steps.push(
      f.state === 'ours' && updates.length > 0 ? { kind, name, found: f, updates } : { kind, name, found: f },
    );
  };

  const repo = found(o.repository, target, 'app');
  step(
    'image repository',
    names.repository,
    repo,
    o.lifecyclePolicy === keepLastImagesPolicy(config.keepImages)
      ? []
      : [`keep the last ${config.keepImages} images`],
  );

  const logs = found(o.logGroup, target, 'env');
  step(
    'log group',
    names.logGroup,
    logs,
    o.logGroup?.retentionDays === config.logRetentionDays
      ? []
      : [`retention ${o.logGroup?.retentionDays ?? 'never expire'} → ${config.logRetentionDays} days`],
  );

  const policy = executionPolicy({
    repositoryArn: o.repository?.arn ?? arns.repository,
    logGroupArn: o.logGroup?.arn ?? arns.logGroup,
    secretArns: Object.values(config.secrets),
  });
  step(
    'task execution role',
    names.executionRole,
    found(o.role, target, 'env'),
    samePolicy(o.rolePolicy, policy)
      ? []
      : ['permissions: pull from the repository, write the log group, read the configured secrets'],
  );

  step('cluster', names.cluster, found(o.cluster, target, 'app'));

  const alb = config.loadBalancer === 'alb';
  const https = Boolean(config.certificateArn);
  if (alb) {
    const wanted = loadBalancerIngress(config.ingressCidrs, https);
    const change = ingressChanges(o.loadBalancerGroup?.ingress ?? [], wanted);
    step(
      'load balancer security group',
      names.loadBalancerSecurityGroup,
      found(o.loadBalancerGroup, target, 'app'),
      [
        ...change.add.map((r) => `allow ${describeRule(r)}`),
        ...change.remove.map((r) => `remove ${describeRule(r)}`),
      ],
    );
  }
  const taskWanted = alb
    ? o.loadBalancerGroup
      ? taskIngress(config.port, { loadBalancerGroupId: o.loadBalancerGroup.id })
      : []
    : taskIngress(config.port, { cidrs: config.ingressCidrs });
  const taskChange = ingressChanges(o.taskGroup?.ingress ?? [], taskWanted);
  step('security group', names.taskSecurityGroup, found(o.taskGroup, target, 'env'), [
    ...taskChange.add.map((r) => `allow ${describeRule(r)}`),
    ...taskChange.remove.map((r) => `remove ${describeRule(r)}`),
  ]);
  if (alb) {
    step('load balancer', names.loadBalancer, found(o.loadBalancer, target, 'app'));
    step('target group', names.targetGroup, found(o.targetGroup, target, 'env'), o.targetGroup?.drift ?? []);
    const ports = https ? [80, 443] : [80];
    for (const port of ports) {
      const listener = o.listeners.find((l) => l.port === port);
      // Listeners have no name; they are ship's when the load balancer is.
      step(
        'listener',
        `${names.loadBalancer}:${port}`,
        listener ? { state: 'ours', value: listener } : { state: 'missing' },
      );
    }
  }
  if (o.service) step('service', names.service, found(o.service, target, 'env'));
  return steps;
}
