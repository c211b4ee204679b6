// What ship created for an app, read back from AWS by tag (`ship:app`), for
// `ship destroy` and `ship env list`. Each service is asked directly (the
// Resource Groups Tagging API is not used: it lags behind and is not in every
// partition). Only resources tagged `ship:app=<app>` are returned.
import { describeScalableTargets, scalableTargetTags, scalingPolicies } from '../aws/autoscaling.js';
import type { AwsContext } from '../aws/aws-context.js';
import { describeSecurityGroups } from '../aws/ec2.js';
import { findRepository } from '../aws/ecr.js';
import {
  describeServices,
  findCluster,
  listServices,
  readTaskDefinition,
  taskDefinitionFamilies,
  taskDefinitionRevisions,
} from '../aws/ecs.js';
import {
  describeListeners,
  describeLoadBalancers,
  describeRules,
  describeTargetGroups,
  elbTags,
} from '../aws/elbv2.js';
import { listRoles } from '../aws/iam.js';
import { describeLogGroups } from '../aws/logs.js';
import type { DomainConfig } from '../deploy/domain-names.js';
import { tagKeys } from '../deploy/naming.js';
import { appTag, type TaggedResource } from '../ops/destroy-plan.js';
import { domainResources } from './domain-teardown.js';

export interface InventoryScope {
  app: string;
  /** The app's cluster and image repository name (src/deploy/naming.ts). */
  cluster: string;
  repository: string;
  /** Log groups of the app start with this, e.g. `/ship/<app>/`. */
  logGroupPrefix: string;
  /** The app's own domain: its environments' records and its certificate. */
  domain?: DomainConfig;
}

export async function readInventory(context: AwsContext, scope: InventoryScope): Promise<TaggedResource[]> {
  const parts = await Promise.all([
    ecsResources(context, scope),
    taskDefinitions(context, scope.app),
    loadBalancing(context),
    securityGroups(context, scope.app),
    repository(context, scope.repository),
    logGroups(context, scope.logGroupPrefix),
    roles(context, scope.app),
    scope.domain ? domainResources(context, scope.app, scope.domain) : [],
  ]);
  return parts.flat().filter((r) => r.tags[appTag] === scope.app);
}

async function ecsResources(context: AwsContext, scope: InventoryScope): Promise<TaggedResource[]> {
  const cluster = await findCluster(context, scope.cluster);
  if (!cluster) return [];
  const out: TaggedResource[] = [
    { kind: 'cluster', id: scope.cluster, name: scope.cluster, tags: cluster.tags },
  ];
  const services = await describeServices(context, scope.cluster, await listServices(context, scope.cluster));
  for (const s of services) {
    out.push({ kind: 'service', id: `${scope.cluster}/${s.name}`, name: s.name, tags: s.tags });
  }
  // Scaling belongs to its service: a target registered without tags takes the service's.
  const serviceTags = new Map(services.map((s) => [s.name, s.tags]));
  for (const target of await describeScalableTargets(context)) {
    if (!target.resourceId.startsWith(`service/${scope.cluster}/`)) continue;
    const own = await scalableTargetTags(context, target.arn);
    const tags = own[appTag] ? own : (serviceTags.get(target.resourceId.split('/')[2] ?? '') ?? own);
    out.push({ kind: 'scalable-target', id: target.resourceId, name: target.resourceId, tags });
    for (const policy of await scalingPolicies(context, target.resourceId)) {
      out.push({
        kind: 'scaling-policy',
        id: `${target.resourceId}|${policy.name}`,
        name: policy.name,
        tags,
      });
    }
  }
  return out;
}

async function taskDefinitions(context: AwsContext, app: string): Promise<TaggedResource[]> {
  // ListTaskDefinitions takes a whole family name; families of the app are found by prefix first.
  const out: TaggedResource[] = [];
  for (const family of await taskDefinitionFamilies(context, `${app}-`)) {
    for (const arn of await taskDefinitionRevisions(context, family)) {
      const found = await readTaskDefinition(context, arn);
      out.push({
        kind: 'task-definition',
        id: arn,
        name: arn.split('/').pop() ?? arn,
        tags: found?.tags ?? {},
      });
    }
  }
  return out;
}

async function loadBalancing(context: AwsContext): Promise<TaggedResource[]> {
  const [balancers, groups] = await Promise.all([
    describeLoadBalancers(context, { all: true }),
    describeTargetGroups(context, { all: true }),
  ]);
  const balancerTags = await elbTags(
    context,
    balancers.map((b) => b.arn),
  );
  const out: TaggedResource[] = [];
  const listeners: Array<{ arn: string; name: string }> = [];
  for (const lb of balancers) {
    const tags = balancerTags.get(lb.arn) ?? {};
    out.push({ kind: 'load-balancer', id: lb.arn, name: lb.name, tags });
    // Only the listeners and rules of ship's own load balancers are looked at.
    if (!tags[appTag]) continue;
    for (const l of await describeListeners(context, { loadBalancerArn: lb.arn }))
      listeners.push({ arn: l.arn, name: `${lb.name}:${l.port}` });
  }
  const rules: Array<{ arn: string; name: string }> = [];
  for (const listener of listeners) {
    for (const rule of await describeRules(context, { listenerArn: listener.arn }))
      rules.push({ arn: rule.arn, name: `${listener.name} rule ${rule.priority}` });
  }
  const otherTags = await elbTags(
    context,
    [...groups, ...listeners, ...rules].map((r) => r.arn),
  );
  const add = (kind: TaggedResource['kind'], list: Array<{ arn: string; name: string }>) => {
    for (const r of list) out.push({ kind, id: r.arn, name: r.name, tags: otherTags.get(r.arn) ?? {} });
  };
  add('target-group', groups);
  add('listener', listeners);
  add('listener-rule', rules);
  return out;
}

async function securityGroups(context: AwsContext, app: string): Promise<TaggedResource[]> {
  return (await describeSecurityGroups(context, { tag: [appTag, app] })).map((g) => ({
    kind: 'security-group',
    id: g.id,
    name: g.name,
    tags: g.tags,
  }));
}

async function repository(context: AwsContext, name: string): Promise<TaggedResource[]> {
  const repo = await findRepository(context, name);
  return repo ? [{ kind: 'repository', id: name, name, tags: repo.tags }] : [];
}

async function logGroups(context: AwsContext, prefix: string): Promise<TaggedResource[]> {
  return (await describeLogGroups(context, prefix)).map((g) => ({
    kind: 'log-group',
    id: g.name,
    name: g.name,
    tags: g.tags,
  }));
}

/**
 * The app's roles that serve this region. IAM is global, so a role tagged for another region
 * (or one without a region tag, from before roles were named per region) is never this region's
 * to delete.
 */
async function roles(context: AwsContext, app: string): Promise<TaggedResource[]> {
  const all = await listRoles(context, `${app}-`);
  return all
    .filter((r) => r.tags[tagKeys.region] === context.region)
    .map((r) => ({
      kind: 'role',
      id: r.name,
      name: r.name,
      tags: r.tags,
    }));
}
