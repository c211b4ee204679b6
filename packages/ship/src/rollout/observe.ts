// Looks at what exists for an app and environment (read-only), and turns it
// into the plan's resource steps. `ship plan` stops here; `ship deploy` goes on.
import type { AwsContext } from '../aws/aws-context.js';
import { defaultNetwork, findSecurityGroup, type Network, type SecurityGroup } from '../aws/ec2.js';
import { findRepository, lifecyclePolicy, type Repository } from '../aws/ecr.js';
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
import { type Account, ownership, type ResourceNames } from '../deploy/naming.js';
import type { ResourceStep } from '../deploy/plan.js';
import type { TaskDefinition } from '../deploy/task-definition.js';
import { readAutoscaling, type ServiceScaling } from './autoscaling.js';
import { type DomainObservation, observeDomain } from './domain-entries.js';
import { planResources, type TableContext } from './resource-table.js';

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
  /** The service's autoscaling as AWS has it. */
  scaling?: ServiceScaling;
  /** With a domain: its hosted zone, the app's certificate and the environment's records. */
  domain?: DomainObservation;
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
    domain,
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
    observeDomain(context, config, { app: config.app, env: config.environment }),
  ]);
  const service = cluster ? await findService(context, names.cluster, names.service) : undefined;
  const current = service?.taskDefinition
    ? await describeTaskDefinition(context, service.taskDefinition)
    : undefined;
  const scaling = service ? await readAutoscaling(context, names.cluster, names.service) : undefined;
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
  set('scaling', scaling);
  set('domain', domain);
  return observation;
}

/** The plan's resource steps: the table's (what is missing, ship's own to bring in line, conflicts) and the service. */
export function resourceSteps(table: TableContext): ResourceStep[] {
  const { observation: o, names, target } = table;
  const steps = [...planResources(table, 'repository'), ...planResources(table, 'rest')];
  if (o.service) {
    const tags = o.service.tags;
    const ours = ownership(tags, target, 'env') === 'ours';
    steps.push({
      kind: 'service',
      name: names.service,
      found: ours
        ? { state: 'ours', value: o.service }
        : {
            state: 'foreign',
            detail: tags['ship:app']
              ? `its ship tags say app "${tags['ship:app']}", env "${tags['ship:env'] ?? ''}"`
              : 'it has no ship:app tag',
          },
    });
  }
  return steps;
}
