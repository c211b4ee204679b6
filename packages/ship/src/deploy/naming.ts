// Names of every AWS resource ship creates for an app and environment, and
// the tags that mark them as ship's. Pure. Shared resources (cluster, image
// repository, load balancer) are per app; the rest are per environment.

export interface Target {
  app: string;
  env: string;
}

export interface ResourceNames {
  cluster: string;
  repository: string;
  service: string;
  family: string;
  container: string;
  logGroup: string;
  executionRole: string;
  executionPolicy: string;
  /** The role ECS Express Mode assumes to make the service's load balancer, certificate and scaling. */
  infrastructureRole: string;
  taskSecurityGroup: string;
  loadBalancer: string;
  loadBalancerSecurityGroup: string;
  targetGroup: string;
  /** The second target group canary, linear and blue/green releases shift traffic to ("--" never occurs in a name). */
  alternateTargetGroup: string;
  /** The role ECS assumes to move the listener rule's weights during a release (IAM is global: carries the region). */
  releaseRole: string;
  releasePolicy: string;
  /** CloudWatch alarms (per region) that roll a release back. */
  alarm5xxRate: string;
  alarmP99Latency: string;
}

/**
 * AWS limits: ALB and target group names ≤ 32 characters, IAM role ≤ 64, security group ≤ 255.
 * IAM is global, so the execution role's name carries the region: the same environment deployed
 * to a second region gets a role of its own, and destroying one region never touches the other's.
 */
export function resourceNames(
  { app, env }: Target,
  region: string,
  deployTarget: 'express' | 'service' = 'service',
): ResourceNames {
  return {
    cluster: app,
    repository: app,
    service: `${app}-${env}`,
    family: `${app}-${env}`,
    // Express Mode takes a task definition of ours only when its container is named Main.
    container: deployTarget === 'express' ? expressContainer : app,
    logGroup: `/ship/${app}/${env}`,
    executionRole: fit(`${app}-${env}-${region}-execution`, 64),
    executionPolicy: 'ship-task-execution',
    // The suffix survives shortening, so the CI role can pass exactly these roles to ECS.
    infrastructureRole: `${fit(`${app}-${env}-${region}`, 64 - '-infrastructure'.length)}-infrastructure`,
    taskSecurityGroup: `${app}-${env}-tasks`,
    loadBalancer: fit(app, 32),
    loadBalancerSecurityGroup: `${app}-alb`,
    targetGroup: fit(`${app}-${env}`, 32),
    alternateTargetGroup: fit(`${app}-${env}--alt`, 32),
    releaseRole: fit(`${app}-${env}-${region}-release`, 64),
    releasePolicy: 'ship-release-traffic',
    alarm5xxRate: `${app}-${env}-5xx-rate`,
    alarmP99Latency: `${app}-${env}-p99-latency`,
  };
}

/** The container name ECS Express Mode requires in a task definition it is given (CreateExpressGatewayService). */
export const expressContainer = 'Main';

export const tagKeys = {
  app: 'ship:app',
  env: 'ship:env',
  scope: 'ship:scope',
  /** On global resources (IAM roles): the region whose environment uses it. */
  region: 'ship:region',
  /** On an Express service: `express`, so destroy and a switch of target know it without asking ECS. */
  target: 'ship:target',
} as const;

export type TagScope = 'app' | 'env';

/** Tags for a resource ship creates. `scope: 'app'` marks resources shared by the app's environments. */
export function shipTags(target: Target, scope: TagScope): Record<string, string> {
  return { [tagKeys.app]: target.app, [tagKeys.env]: target.env, [tagKeys.scope]: scope };
}

export type Ownership = 'ours' | 'foreign';

/** Whether existing tags say ship created the resource for this app (and, for per-env resources, this env). */
export function ownership(tags: Record<string, string>, target: Target, scope: TagScope): Ownership {
  if (tags[tagKeys.app] !== target.app) return 'foreign';
  if (scope === 'env' && tags[tagKeys.env] !== target.env) return 'foreign';
  return 'ours';
}

/** Whose a found resource is, by its ship tags (IAM is global: a role tagged for another region is not ours). */
export function ownerOf(
  tags: Readonly<Record<string, string>>,
  target: Target,
  scope: TagScope,
  region: string,
): { state: 'ours' } | { state: 'foreign'; detail: string } {
  const taggedRegion = tags['ship:region'];
  if (ownership({ ...tags }, target, scope) === 'ours' && (!taggedRegion || taggedRegion === region))
    return { state: 'ours' };
  const app = tags['ship:app'];
  if (!app) return { state: 'foreign', detail: 'it has no ship:app tag' };
  if (taggedRegion && taggedRegion !== region && app === target.app && tags['ship:env'] === target.env)
    return { state: 'foreign', detail: `its ship:region tag says ${taggedRegion}` };
  return { state: 'foreign', detail: `its ship tags say app "${app}", env "${tags['ship:env'] ?? ''}"` };
}

const nameRule = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** Why a name cannot be used for an app or environment, or undefined when it can. */
export function checkName(name: string, max: number): string | undefined {
  if (name.length < 2 || name.length > max) return `must be 2–${max} characters`;
  if (!nameRule.test(name) || name.includes('--')) {
    return 'must be lowercase letters, digits and single hyphens, starting with a letter';
  }
  return undefined;
}

/** Shortens a name past `max` to a prefix plus a stable hash, so two long names stay distinct. */
export function fit(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = fnv1a(name).toString(36).padStart(7, '0').slice(0, 6);
  return `${name.slice(0, max - 7).replace(/-+$/, '')}-${hash}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface Account {
  partition: string;
  accountId: string;
}

/** ARNs that are known before the resources exist (IAM policies and task definitions need them). */
export function resourceArns({ partition, accountId }: Account, region: string, names: ResourceNames) {
  return {
    repository: `arn:${partition}:ecr:${region}:${accountId}:repository/${names.repository}`,
    logGroup: `arn:${partition}:logs:${region}:${accountId}:log-group:${names.logGroup}`,
    executionRole: `arn:${partition}:iam::${accountId}:role/${names.executionRole}`,
    releaseRole: `arn:${partition}:iam::${accountId}:role/${names.releaseRole}`,
    infrastructureRole: `arn:${partition}:iam::${accountId}:role/${names.infrastructureRole}`,
    /** Express services live in the app's cluster, like its other services. */
    service: `arn:${partition}:ecs:${region}:${accountId}:service/${names.cluster}/${names.service}`,
  };
}

/** The account and partition from an STS caller ARN such as arn:aws:iam::123456789012:user/x. */
export function accountFromCallerArn(arn: string): Account {
  const [, partition = 'aws', , , accountId = ''] = arn.split(':');
  return { partition, accountId };
}
