// Creates what is missing and brings ship's own resources in line, in
// dependency order, tagging everything it creates. Never touches a resource
// it did not create. Safe to re-run after an interruption: every step finds
// what an earlier run made (by name and tags) before creating anything.
import { type AwsContext, errorName } from '../aws/aws-context.js';
import { authorizeIngress, createSecurityGroup, findSecurityGroup, revokeIngress } from '../aws/ec2.js';
import {
  createRepository,
  findRepository,
  keepLastImagesPolicy,
  putLifecyclePolicy,
  type Repository,
} from '../aws/ecr.js';
import { createCluster } from '../aws/ecs.js';
import {
  createListener,
  createLoadBalancer,
  createTargetGroup,
  findLoadBalancer,
  findTargetGroup,
  type LoadBalancer,
  restoreFastRollout,
} from '../aws/elbv2.js';
import { createRole, findRole, putInlinePolicy } from '../aws/iam.js';
import { createLogGroup, setLogRetention } from '../aws/logs.js';
import type { ShipConfig } from '../config/schema.js';
import { executionPolicy, executionTrustPolicy, samePolicy } from '../deploy/execution-policy.js';
import { ingressChanges, loadBalancerIngress, taskIngress } from '../deploy/ingress-rules.js';
import {
  ownership,
  type ResourceNames,
  resourceArns,
  shipTags,
  type TagScope,
  type Target,
} from '../deploy/naming.js';
import { UserError } from '../errors.js';
import { backoffDelay, sleep } from '../wait/backoff.js';
import { ensureEnvironmentRoute } from './environment-route.js';
import type { Observation } from './observe.js';

export interface EnsureContext {
  context: AwsContext;
  config: ShipConfig;
  names: ResourceNames;
  target: Target;
  observation: Observation;
  report: (line: string) => void;
}

/** Created only when missing; an "already exists" race (or a not-yet-visible earlier create) adopts it if it is ours. */
async function createOrAdopt<T extends { tags: Record<string, string> }>(
  what: string,
  scope: TagScope,
  target: Target,
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!/AlreadyExists|Duplicate/i.test(errorName(error))) throw error;
    for (let attempt = 0; attempt < 8; attempt++) {
      const existing = await find();
      if (existing) {
        if (ownership(existing.tags, target, scope) !== 'ours') {
          throw new UserError(
            `${what} exists but was not created by ship for this app`,
            'rename the app or remove it',
          );
        }
        return existing;
      }
      // Eventually consistent reads: the resource exists but is not visible yet.
      await sleep(backoffDelay({ baseMs: 200, maxMs: 30_000 }, attempt));
    }
    throw error;
  }
}

/** The image repository first: the image is pushed before anything else is needed. */
export async function ensureRepository(e: EnsureContext): Promise<Repository> {
  const { context, config, names, target, observation: o, report } = e;
  let repository = o.repository;
  if (!repository) {
    repository = await createOrAdopt(
      `image repository "${names.repository}"`,
      'app',
      target,
      () => createRepository(context, { name: names.repository, tags: shipTags(target, 'app') }),
      () => findRepository(context, names.repository),
    );
    report(`created image repository ${names.repository} (scan on push, immutable tags)`);
  }
  const policy = keepLastImagesPolicy(config.keepImages);
  if (o.lifecyclePolicy !== policy) {
    await putLifecyclePolicy(context, names.repository, policy);
    report(`set image repository ${names.repository} to keep the last ${config.keepImages} images`);
  }
  return repository;
}

export interface EnsuredResources {
  repository: Repository;
  executionRoleArn: string;
  taskGroupId: string;
  loadBalancer?: LoadBalancer;
  targetGroupArn?: string;
}

export async function ensureResources(e: EnsureContext, repository: Repository): Promise<EnsuredResources> {
  const { context, config, names, target, observation: o, report } = e;
  const arns = resourceArns(o.account, config.region, names);

  if (!o.logGroup) {
    await createLogGroup(context, {
      name: names.logGroup,
      retentionDays: config.logRetentionDays,
      tags: shipTags(target, 'env'),
    });
    report(`created log group ${names.logGroup} (${config.logRetentionDays} days)`);
  } else if (o.logGroup.retentionDays !== config.logRetentionDays) {
    await setLogRetention(context, names.logGroup, config.logRetentionDays);
    report(`set log group ${names.logGroup} retention to ${config.logRetentionDays} days`);
  }

  let roleArn = o.role?.arn;
  if (!o.role) {
    const role = await createOrAdopt(
      `IAM role "${names.executionRole}"`,
      'env',
      target,
      () =>
        createRole(context, {
          name: names.executionRole,
          trustPolicy: executionTrustPolicy,
          description: `ship: pulls ${names.repository} and writes ${names.logGroup}`,
          tags: shipTags(target, 'env'),
        }),
      () => findRole(context, names.executionRole),
    );
    roleArn = role.arn;
    report(`created task execution role ${names.executionRole}`);
  }
  const policy = executionPolicy({
    repositoryArn: repository.arn || arns.repository,
    logGroupArn: o.logGroup?.arn || arns.logGroup,
    secretArns: Object.values(config.secrets),
  });
  if (!samePolicy(o.rolePolicy, policy)) {
    await putInlinePolicy(context, {
      role: names.executionRole,
      policy: names.executionPolicy,
      document: policy,
    });
    report(
      `set the permissions of ${names.executionRole} (scoped to ${names.repository} and ${names.logGroup})`,
    );
  }

  if (!o.cluster) {
    // CreateCluster returns the existing cluster when the name is taken: no race to handle.
    await createCluster(context, { name: names.cluster, tags: shipTags(target, 'app') });
    report(`created cluster ${names.cluster}`);
  }

  const alb = config.loadBalancer === 'alb';
  const https = Boolean(config.certificateArn);
  let loadBalancerGroupId: string | undefined;
  if (alb) {
    loadBalancerGroupId = await ensureSecurityGroup(e, {
      name: names.loadBalancerSecurityGroup,
      existing: o.loadBalancerGroup,
      scope: 'app',
      description: `ship: ${names.loadBalancer} load balancer`,
      ingress: loadBalancerIngress(config.ingressCidrs, https),
    });
  }
  const taskGroupId = await ensureSecurityGroup(e, {
    name: names.taskSecurityGroup,
    existing: o.taskGroup,
    scope: 'env',
    description: `ship: ${names.service} tasks`,
    ingress: loadBalancerGroupId
      ? taskIngress(config.port, { loadBalancerGroupId })
      : taskIngress(config.port, { cidrs: config.ingressCidrs }),
  });

  const ensured: EnsuredResources = {
    repository,
    executionRoleArn: roleArn ?? arns.executionRole,
    taskGroupId,
  };
  if (!alb || !loadBalancerGroupId) return ensured;

  let loadBalancer = o.loadBalancer;
  if (!loadBalancer) {
    const groups = [loadBalancerGroupId];
    loadBalancer = await createOrAdopt(
      `load balancer "${names.loadBalancer}"`,
      'app',
      target,
      () =>
        createLoadBalancer(context, {
          name: names.loadBalancer,
          subnets: o.network.subnetIds,
          securityGroups: groups,
          tags: shipTags(target, 'app'),
        }),
      () => findLoadBalancer(context, names.loadBalancer),
    );
    report(`created load balancer ${names.loadBalancer} (${loadBalancer.dnsName})`);
  }
  let targetGroupArn = o.targetGroup?.arn;
  if (!targetGroupArn) {
    const created = await createOrAdopt(
      `target group "${names.targetGroup}"`,
      'env',
      target,
      async () => ({
        arn: await createTargetGroup(context, {
          name: names.targetGroup,
          vpcId: o.network.vpcId,
          port: config.port,
          healthCheckPath: config.healthCheckPath,
          tags: shipTags(target, 'env'),
        }),
        tags: shipTags(target, 'env'),
      }),
      () => findTargetGroup(context, names.targetGroup),
    );
    targetGroupArn = created.arn;
    report(`created target group ${names.targetGroup} (checks every 5 s, 2 to be healthy, 10 s draining)`);
  } else if ((o.targetGroup?.drift.length ?? 0) > 0) {
    await restoreFastRollout(context, targetGroupArn, config.healthCheckPath);
    report(`restored fast health checks on target group ${names.targetGroup}`);
  }
  const listenerTags = shipTags(target, 'app');
  const has = (port: number) => o.listeners.some((l) => l.port === port);
  if (https && config.certificateArn) {
    if (!has(443)) {
      await createListener(
        context,
        loadBalancer.arn,
        { port: 443, protocol: 'HTTPS', forwardTo: targetGroupArn, certificateArn: config.certificateArn },
        listenerTags,
      );
      report(`created HTTPS listener on ${names.loadBalancer}:443`);
    }
    if (!has(80)) {
      await createListener(
        context,
        loadBalancer.arn,
        { port: 80, protocol: 'HTTP', redirectToHttps: true },
        listenerTags,
      );
      report(`created HTTP → HTTPS redirect on ${names.loadBalancer}:80`);
    }
  } else if (!has(80)) {
    await createListener(
      context,
      loadBalancer.arn,
      { port: 80, protocol: 'HTTP', forwardTo: targetGroupArn },
      listenerTags,
    );
    report(`created HTTP listener on ${names.loadBalancer}:80`);
  }
  // Environments share the listener: all but its default one are reached by a host rule (ship ops).
  for (const line of await ensureEnvironmentRoute(context, {
    loadBalancerArn: loadBalancer.arn,
    targetGroupArn,
    env: target.env,
    tags: shipTags(target, 'env'),
  })) {
    report(line);
  }
  return { ...ensured, loadBalancer, targetGroupArn };
}

async function ensureSecurityGroup(
  e: EnsureContext,
  group: {
    name: string;
    existing: Observation['taskGroup'];
    scope: TagScope;
    description: string;
    ingress: ReturnType<typeof taskIngress>;
  },
): Promise<string> {
  const { context, target, observation: o, report } = e;
  let existing = group.existing;
  if (!existing) {
    existing = await createOrAdopt(
      `security group "${group.name}"`,
      group.scope,
      target,
      async () => ({
        id: await createSecurityGroup(context, {
          vpcId: o.network.vpcId,
          name: group.name,
          description: group.description,
          tags: shipTags(target, group.scope),
        }),
        name: group.name,
        tags: shipTags(target, group.scope),
        ingress: [],
      }),
      () => findSecurityGroup(context, { vpcId: o.network.vpcId, name: group.name }),
    );
    report(`created security group ${group.name} (${existing.id})`);
  }
  const change = ingressChanges(existing.ingress, group.ingress);
  await authorizeIngress(context, existing.id, change.add);
  await revokeIngress(context, existing.id, change.remove);
  if (change.add.length + change.remove.length > 0) {
    report(
      `set security group ${group.name} to admit only: ${group.ingress.map((r) => ('cidr' in r ? `${r.port} from ${r.cidr}` : `${r.port} from ${r.sourceGroupId}`)).join(', ')}`,
    );
  }
  return existing.id;
}
