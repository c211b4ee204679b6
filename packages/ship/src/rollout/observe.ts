// Looks at what exists for an app and environment (read-only), and turns it
// into the plan's resource steps. `ship plan` stops here; `ship deploy` goes on.
import type { AwsContext } from '../aws/aws-context.js';
import type { Alarm } from '../aws/cloudwatch.js';
import { defaultNetwork, type Network, type SecurityGroup } from '../aws/ec2.js';
import type { Repository } from '../aws/ecr.js';
import {
  type Cluster,
  describeExpressService,
  describeTaskDefinition,
  type ExpressServiceState,
  latestTaskDefinition,
  type ServiceState,
} from '../aws/ecs.js';
import type { LoadBalancer, TargetGroup } from '../aws/elbv2.js';
import type { Role } from '../aws/iam.js';
import type { LogGroup } from '../aws/logs.js';
import type { ShipConfig } from '../config/schema.js';
import { type Account, ownerOf, type ResourceNames, resourceArns, tagKeys } from '../deploy/naming.js';
import type { ResourceStep } from '../deploy/plan.js';
import type { TaskDefinition } from '../deploy/task-definition.js';
import { type ServiceScaling, scalingOf } from './autoscaling.js';
import { certificateEntry, type DomainObservation, dnsRecordEntry, domainPlace } from './domain-entries.js';
import { findResources } from './find-resources.js';
import {
  alb,
  listener80Entry,
  listener443Entry,
  loadBalancerEntry,
  type OwnListener,
  targetGroupEntry,
} from './load-balancer-entries.js';
import { planResources } from './reconcile.js';
import {
  alarm5xxEntry,
  alarmP99Entry,
  alternateTargetGroupEntry,
  hasAlarms,
  releaseRoleEntry,
  shiftsTraffic,
} from './release-entries.js';
import type { Entry, TableContext } from './resource-entry.js';
import {
  clusterEntry,
  infrastructureRoleEntry,
  loadBalancerGroupEntry,
  logGroupEntry,
  repositoryEntry,
  roleEntry,
  taskGroupEntry,
} from './resource-table.js';
import { scalableTargetEntry, scalingPoliciesEntry, serviceEntry } from './service-entries.js';

export interface Observation {
  account: Account;
  network: Network & { assignPublicIp: boolean };
  repository?: Repository;
  lifecyclePolicy?: string;
  logGroup?: LogGroup;
  role?: Role;
  rolePolicy?: unknown;
  /** Target express: the role Express Mode assumes, and the managed policies attached to it. */
  infrastructureRole?: Role;
  infrastructurePolicies?: string[];
  /** Target express: the Express service (its endpoint and active revisions). */
  expressService?: ExpressServiceState;
  cluster?: Cluster;
  taskGroup?: SecurityGroup;
  loadBalancerGroup?: SecurityGroup;
  loadBalancer?: LoadBalancer;
  targetGroup?: TargetGroup;
  /** A canary, linear or blue/green release's second target group, role and alarms (release-entries.ts). */
  alternateTargetGroup?: TargetGroup;
  releaseRole?: Role & { policy?: unknown };
  alarm5xxRate?: Alarm;
  alarmP99Latency?: Alarm;
  listeners: OwnListener[];
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
  const domain = alb(config) ? config.domain : undefined;
  const express = config.target === 'express';
  const entries: Entry<unknown>[] = [
    repositoryEntry,
    logGroupEntry,
    roleEntry,
    ...(express ? [infrastructureRoleEntry] : []),
    clusterEntry,
    taskGroupEntry,
    ...(alb(config)
      ? [loadBalancerGroupEntry, loadBalancerEntry, targetGroupEntry, listener443Entry, listener80Entry]
      : []),
    ...(domain ? [certificateEntry, dnsRecordEntry] : []),
    ...(shiftsTraffic(config) ? [alternateTargetGroupEntry, releaseRoleEntry] : []),
    ...(hasAlarms(config) ? [alarm5xxEntry, alarmP99Entry] : []),
    serviceEntry,
    scalableTargetEntry,
    scalingPoliciesEntry,
  ];
  const where = {
    context,
    target: { app: config.app, env: config.environment },
    names,
    region: config.region,
  };
  const [found, latest, place, expressService] = await Promise.all([
    findResources({ ...where, vpcId: network.vpcId, ...(domain ? { domain } : {}) }, entries),
    latestTaskDefinition(context, names.family),
    domain ? domainPlace(context, domain, config.environment) : undefined,
    express
      ? describeExpressService(context, resourceArns(account, config.region, names).service)
      : undefined,
  ]);
  const infrastructureRole = found.get(infrastructureRoleEntry);
  const certificate = found.get(certificateEntry);
  const address = found.get(dnsRecordEntry);
  const repository = found.get(repositoryEntry);
  const role = found.get(roleEntry);
  const service = found.get(serviceEntry);
  const current = service?.taskDefinition
    ? await describeTaskDefinition(context, service.taskDefinition)
    : undefined;
  // An Express service's scaling is Express Mode's (its scaling target), not ship's to read or set.
  const scaling = express
    ? undefined
    : scalingOf(found.get(scalableTargetEntry), found.get(scalingPoliciesEntry));
  const observation: Observation = {
    account,
    network,
    listeners: [found.get(listener443Entry), found.get(listener80Entry)].filter(
      (l): l is OwnListener => l !== undefined,
    ),
  };
  const set = <K extends keyof Observation>(key: K, value: Observation[K] | undefined) => {
    if (value !== undefined) observation[key] = value;
  };
  set('repository', repository);
  set('lifecyclePolicy', repository?.lifecyclePolicy);
  set('logGroup', found.get(logGroupEntry));
  set('role', role);
  set('rolePolicy', role?.policy);
  set('cluster', found.get(clusterEntry));
  set('taskGroup', found.get(taskGroupEntry));
  set('loadBalancerGroup', found.get(loadBalancerGroupEntry));
  set('loadBalancer', found.get(loadBalancerEntry));
  set('targetGroup', found.get(targetGroupEntry));
  set('alternateTargetGroup', found.get(alternateTargetGroupEntry));
  set('releaseRole', found.get(releaseRoleEntry));
  set('alarm5xxRate', found.get(alarm5xxEntry));
  set('alarmP99Latency', found.get(alarmP99Entry));
  set('service', service);
  set('current', current);
  set('latest', latest);
  set('scaling', scaling);
  if (infrastructureRole) {
    const { policies, ...role } = infrastructureRole;
    set('infrastructureRole', role);
    set('infrastructurePolicies', policies);
  }
  set('expressService', expressService);
  set(
    'domain',
    place && {
      ...place,
      ...(certificate?.usable ? { certificate: { ...certificate, usable: certificate.usable } } : {}),
      ...(address ? { address } : {}),
    },
  );
  return observation;
}

/** The plan's resource steps: the table's (what is missing, ship's own to bring in line, conflicts) and the service. */
export function resourceSteps(table: TableContext): ResourceStep[] {
  const { observation: o, names, target } = table;
  const steps = [...planResources(table, 'repository'), ...planResources(table, 'rest')];
  if (o.service) {
    const owner = ownerOf(o.service.tags, target, serviceEntry.scope, table.config.region);
    const switched =
      owner.state === 'ours' ? targetSwitch(o.service.tags, table.config.target, target.env) : undefined;
    steps.push({
      kind: 'service',
      name: names.service,
      found: switched
        ? { state: 'foreign', detail: switched, ours: true }
        : owner.state === 'ours'
          ? { state: 'ours', value: o.service }
          : owner,
    });
  }
  return steps;
}

/**
 * An environment keeps the target it was first deployed with: an ECS service cannot become an
 * Express service in place (Express Mode makes its own load balancer and security groups), nor
 * the other way round. Says how to switch.
 */
function targetSwitch(tags: Record<string, string>, wanted: 'express' | 'service', env: string) {
  const running = tags[tagKeys.target] === 'express' ? 'express' : 'service';
  if (running === wanted) return undefined;
  return `ship deployed it with "target": "${running}"; to switch to "${wanted}", \`ship destroy --env ${env}\` first (the address changes), or keep "target": "${running}"`;
}
