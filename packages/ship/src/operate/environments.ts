// An app's environments in a region and what ship holds for each, for `ship
// destroy` and `ship env list`. What one environment holds is found by walking
// the reconcile table's finds under its names (the same finds plan and status
// use); which environments exist is read from the resources every environment
// has (its service, log group, execution role and task security group), by their
// `ship:env` tags.
import type { AwsContext } from '../aws/aws-context.js';
import { describeSecurityGroups } from '../aws/ec2.js';
import { describeServices, listServices } from '../aws/ecs.js';
import { listRoles } from '../aws/iam.js';
import { describeLogGroups } from '../aws/logs.js';
import type { DomainConfig } from '../deploy/domain-names.js';
import { type ResourceNames, resourceNames, tagKeys } from '../deploy/naming.js';
import type { FoundResource } from '../ops/destroy-plan.js';
import { findResources } from '../rollout/find-resources.js';
import type { Entry, FindContext } from '../rollout/resource-entry.js';
import { resourceTable } from '../rollout/resource-table.js';

/** A resource the environment's table walk found, with the entry that deletes it. */
export type HeldResource = FoundResource & { entry: Entry<unknown> };

/** Everything found under the environment's names, in deletion order (the table backwards), whoever owns it. */
export async function environmentResources(
  context: AwsContext,
  target: { app: string; env: string },
  /** The app's own domain (config `domain`), whose certificate and records are the app's too. */
  domain?: DomainConfig,
): Promise<HeldResource[]> {
  const where: FindContext = {
    context,
    target,
    names: resourceNames(target, context.region),
    region: context.region,
    ...(domain ? { domain } : {}),
  };
  const found = await findResources(where, resourceTable);
  return [...resourceTable].reverse().flatMap((entry) => {
    const value = found.get(entry);
    if (value === undefined) return [];
    return entry.held(value).map((h) => ({ ...h, kind: entry.kind, scope: entry.scope, entry }));
  });
}

/** The app's environments in this region that still hold something, by their ship:env tags. */
export async function appEnvironments(context: AwsContext, app: string): Promise<string[]> {
  const names: ResourceNames = resourceNames({ app, env: 'x' }, context.region);
  const [services, logGroups, roles, groups] = await Promise.all([
    listServices(context, names.cluster).then((list) => describeServices(context, names.cluster, list)),
    // Every environment's log group: the naming's group without the env.
    describeLogGroups(context, names.logGroup.slice(0, -1)),
    listRoles(context, `${app}-`),
    describeSecurityGroups(context, { tag: [tagKeys.app, app] }),
  ]);
  const envs = new Set<string>();
  for (const tags of [
    ...services.map((s) => s.tags),
    ...logGroups.map((g) => g.tags),
    // IAM is global: a role serving another region's environment is not this region's.
    ...roles.filter((r) => r.tags[tagKeys.region] === context.region).map((r) => r.tags),
    ...groups.filter((g) => g.tags[tagKeys.scope] !== 'app').map((g) => g.tags),
  ]) {
    const env = tags[tagKeys.env];
    if (tags[tagKeys.app] === app && env) envs.add(env);
  }
  return [...envs].sort();
}
