// Every resource the fake holds that a user could have created, with its tags,
// so tests can assert "only ship: resources" and "nothing left after destroy".
import { certificates } from './services/acm.js';
import { alarms } from './services/cloudwatch.js';
import { oidcProviders } from './services/iam-oidc.js';
import { route53State } from './services/route53.js';
import type { FakeState, Tag } from './state.js';

export interface InventoryItem {
  service: string;
  type: string;
  /** The ARN, or the id where the resource has no ARN in its API (security groups). */
  id: string;
  name?: string;
  status?: string;
  /** Where a regional resource lives; IAM roles (global) have none. */
  region?: string;
  tags: Record<string, string>;
}

const tagRecord = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

/** Every resource of the account: IAM once (it is global), then each region's. */
export function inventory(regions: FakeState[]): InventoryItem[] {
  const items: InventoryItem[] = [];
  const global = regions[0];
  if (global) {
    // IAM and Route 53 are global: the account's, listed once and without a region.
    const add = (service: string, type: string, id: string, tags: Tag[], name: string) =>
      items.push({ service, type, id, tags: tagRecord(tags), name });
    for (const r of global.iam.roles.values()) add('iam', 'role', r.arn, r.tags, r.name);
    for (const p of oidcProviders(global).values()) add('iam', 'oidc-provider', p.arn, p.tags, p.url);
    for (const zone of route53State(global).zones.values()) {
      add('route53', 'hosted-zone', `/hostedzone/${zone.id}`, [], zone.name);
      // A zone's own NS and SOA records come and go with it; the others are someone's.
      for (const r of zone.records.filter((r) => !(r.name === zone.name && ['NS', 'SOA'].includes(r.type)))) {
        add('route53', 'record', `${zone.id}/${r.name}/${r.type}`, [], `${r.name} ${r.type}`);
      }
    }
  }
  for (const state of regions) items.push(...regionalInventory(state));
  return items;
}

function regionalInventory(state: FakeState): InventoryItem[] {
  const items: InventoryItem[] = [];
  const add = (service: string, type: string, id: string, tags: Tag[], name?: string, status?: string) =>
    items.push({
      service,
      type,
      id,
      tags: tagRecord(tags),
      ...(name ? { name } : {}),
      ...(status ? { status } : {}),
      region: state.region,
    });
  for (const r of state.ecr.repositories.values()) add('ecr', 'repository', r.arn, r.tags, r.name);
  for (const g of state.logs.groups.values()) add('logs', 'log-group', g.arn, g.tags, g.name);
  for (const g of state.ec2.securityGroups.values()) {
    if (g.name !== 'default') add('ec2', 'security-group', g.id, g.tags, g.name);
  }
  for (const lb of state.elbv2.loadBalancers.values())
    add('elbv2', 'load-balancer', lb.arn, lb.tags, lb.name);
  for (const tg of state.elbv2.targetGroups.values()) add('elbv2', 'target-group', tg.arn, tg.tags, tg.name);
  for (const l of state.elbv2.listeners.values()) add('elbv2', 'listener', l.arn, l.tags);
  for (const r of state.elbv2.rules.values()) add('elbv2', 'rule', r.arn, r.tags);
  for (const c of state.ecs.clusters.values()) {
    if (c.status === 'ACTIVE') add('ecs', 'cluster', c.arn, c.tags, c.name);
  }
  for (const s of state.ecs.services.values()) {
    if (s.status !== 'INACTIVE') add('ecs', 'service', s.arn, s.tags, s.name, s.status);
  }
  for (const d of [...state.ecs.taskDefinitions.values()].flat()) {
    if (d.status === 'ACTIVE') add('ecs', 'task-definition', d.arn, d.tags, `${d.family}:${d.revision}`);
  }
  for (const t of state.autoscaling.targets.values()) {
    add('application-autoscaling', 'scalable-target', t.arn, t.tags, t.resourceId);
  }
  for (const p of state.autoscaling.policies.values()) {
    add('application-autoscaling', 'scaling-policy', p.arn, [], p.name);
  }
  for (const c of certificates(state).values())
    add('acm', 'certificate', c.arn, c.tags, c.domainName, c.status);
  for (const a of alarms(state).values()) add('cloudwatch', 'alarm', a.arn, a.tags, a.name, a.state);
  return items;
}
