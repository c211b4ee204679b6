// What ship created for an app, read back from AWS by tag (`ship:app`), for
// `ship destroy` and `ship env list`. Each service is asked directly (the
// Resource Groups Tagging API is not used: it lags behind and is not in every
// partition). Only resources tagged `ship:app=<app>` are returned.
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand as ListRepositoryTagsCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandOutput,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { appTag, type TaggedResource } from '../ops/destroy-plan.js';
import { listScaling } from './autoscaling.js';
import { type AwsContext, clientConfig } from './aws-context.js';

export interface InventoryClients {
  ecs: ECSClient;
  ecr: ECRClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  autoscaling: ApplicationAutoScalingClient;
}

/** One client per service for a run of calls; `close()` when done. */
export function inventoryClients(context: AwsContext): InventoryClients & { close(): void } {
  const config = clientConfig(context);
  const clients = {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
  };
  return {
    ...clients,
    close() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

export interface InventoryScope {
  app: string;
  /** The app's cluster and image repository name (src/deploy/naming.ts). */
  cluster: string;
  repository: string;
  /** Log groups of the app start with this, e.g. `/ship/<app>/`. */
  logGroupPrefix: string;
}

const tagsOf = (list: Array<{ Key?: string | undefined; Value?: string | undefined }> | undefined) =>
  Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
const lowerTagsOf = (list: Array<{ key?: string | undefined; value?: string | undefined }> | undefined) =>
  Object.fromEntries((list ?? []).map((t) => [t.key ?? '', t.value ?? '']));

export async function readInventory(
  clients: InventoryClients,
  scope: InventoryScope,
): Promise<TaggedResource[]> {
  const parts = await Promise.all([
    ecsResources(clients, scope),
    loadBalancing(clients.elbv2),
    securityGroups(clients.ec2, scope.app),
    repository(clients.ecr, scope.repository),
    logGroups(clients.logs, scope.logGroupPrefix),
    roles(clients.iam, scope.app),
  ]);
  return parts.flat().filter((r) => r.tags[appTag] === scope.app);
}

async function ecsResources(clients: InventoryClients, scope: InventoryScope): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  const clusters = await clients.ecs.send(
    new DescribeClustersCommand({ clusters: [scope.cluster], include: ['TAGS'] }),
  );
  const cluster = clusters.clusters?.find((c) => c.status === 'ACTIVE' || c.status === 'PROVISIONING');
  if (cluster) {
    out.push({ kind: 'cluster', id: scope.cluster, name: scope.cluster, tags: lowerTagsOf(cluster.tags) });
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.ecs.send(new ListServicesCommand({ cluster: scope.cluster, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    for (let i = 0; i < arns.length; i += 10) {
      const page = await clients.ecs.send(
        new DescribeServicesCommand({
          cluster: scope.cluster,
          services: arns.slice(i, i + 10),
          include: ['TAGS'],
        }),
      );
      for (const service of page.services ?? []) {
        if (service.status === 'INACTIVE' || !service.serviceName) continue;
        out.push({
          kind: 'service',
          id: `${scope.cluster}/${service.serviceName}`,
          name: service.serviceName,
          tags: lowerTagsOf(service.tags),
        });
      }
    }
    // Scaling belongs to its service: a target registered without tags takes the service's.
    const serviceTags = new Map(out.filter((r) => r.kind === 'service').map((r) => [r.name, r.tags]));
    for (const scaling of await listScaling(clients.autoscaling, scope.cluster)) {
      const service = scaling.id.split('|')[0]!.split('/')[2] ?? '';
      const tags = scaling.tags[appTag] ? scaling.tags : (serviceTags.get(service) ?? scaling.tags);
      out.push({ ...scaling, tags });
    }
  }
  out.push(...(await taskDefinitions(clients.ecs, scope.app)));
  return out;
}

async function taskDefinitions(ecs: ECSClient, app: string): Promise<TaggedResource[]> {
  // ListTaskDefinitions takes a whole family name; families of the app are found by prefix first.
  const families: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(
      new ListTaskDefinitionFamiliesCommand({ familyPrefix: `${app}-`, status: 'ACTIVE', nextToken }),
    );
    families.push(...(page.families ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const arns: string[] = [];
  for (const family of families) {
    do {
      const page = await ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', nextToken }),
      );
      arns.push(...(page.taskDefinitionArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const out: TaggedResource[] = [];
  for (const arn of arns) {
    const found = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
    );
    const name = arn.split('/').pop() ?? arn;
    out.push({ kind: 'task-definition', id: arn, name, tags: lowerTagsOf(found.tags) });
  }
  return out;
}

async function loadBalancing(elbv2: ElasticLoadBalancingV2Client): Promise<TaggedResource[]> {
  const balancers: Array<{ arn: string; name: string }> = [];
  let marker: string | undefined;
  do {
    const page: DescribeLoadBalancersCommandOutput = await elbv2.send(
      new DescribeLoadBalancersCommand({ Marker: marker }),
    );
    for (const lb of page.LoadBalancers ?? [])
      balancers.push({ arn: lb.LoadBalancerArn!, name: lb.LoadBalancerName! });
    marker = page.NextMarker;
  } while (marker);
  const groups: Array<{ arn: string; name: string }> = [];
  marker = undefined;
  do {
    const page: DescribeTargetGroupsCommandOutput = await elbv2.send(
      new DescribeTargetGroupsCommand({ Marker: marker }),
    );
    for (const tg of page.TargetGroups ?? [])
      groups.push({ arn: tg.TargetGroupArn!, name: tg.TargetGroupName! });
    marker = page.NextMarker;
  } while (marker);

  const balancerTags = await elbTags(
    elbv2,
    balancers.map((b) => b.arn),
  );
  const out: TaggedResource[] = [];
  const listeners: Array<{ arn: string; name: string }> = [];
  for (const lb of balancers) {
    const tags = balancerTags.get(lb.arn) ?? {};
    out.push({ kind: 'load-balancer', id: lb.arn, name: lb.name, tags });
    // Only the listeners and rules of ship's own load balancers are looked at.
    if (!tags[appTag]) continue;
    const page = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.arn }));
    for (const l of page.Listeners ?? [])
      listeners.push({ arn: l.ListenerArn!, name: `${lb.name}:${l.Port}` });
  }
  const rules: Array<{ arn: string; name: string }> = [];
  for (const listener of listeners) {
    const page = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.arn }));
    for (const rule of page.Rules ?? []) {
      if (rule.IsDefault) continue;
      rules.push({ arn: rule.RuleArn!, name: `${listener.name} rule ${rule.Priority}` });
    }
  }
  const otherTags = await elbTags(
    elbv2,
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

async function elbTags(
  elbv2: ElasticLoadBalancingV2Client,
  arns: string[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < arns.length; i += 20) {
    const page = await elbv2.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
    for (const d of page.TagDescriptions ?? []) out.set(d.ResourceArn!, tagsOf(d.Tags));
  }
  return out;
}

async function securityGroups(ec2: EC2Client, app: string): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${appTag}`, Values: [app] }], NextToken }),
    );
    for (const g of page.SecurityGroups ?? []) {
      out.push({
        kind: 'security-group',
        id: g.GroupId!,
        name: g.GroupName ?? g.GroupId!,
        tags: tagsOf(g.Tags),
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

async function repository(ecr: ECRClient, name: string): Promise<TaggedResource[]> {
  try {
    const page = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    const repo = page.repositories?.[0];
    if (!repo?.repositoryArn) return [];
    const tags = await ecr.send(new ListRepositoryTagsCommand({ resourceArn: repo.repositoryArn }));
    return [{ kind: 'repository', id: name, name, tags: tagsOf(tags.tags) }];
  } catch (error) {
    if (error instanceof RepositoryNotFoundException) return [];
    throw error;
  }
}

async function logGroups(logs: CloudWatchLogsClient, prefix: string): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }));
    for (const group of page.logGroups ?? []) {
      const arn = (group.logGroupArn ?? group.arn ?? '').replace(/:\*$/, '');
      const tags = arn ? ((await logs.send(new ListLogTagsCommand({ resourceArn: arn }))).tags ?? {}) : {};
      out.push({ kind: 'log-group', id: group.logGroupName!, name: group.logGroupName!, tags });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

async function roles(iam: IAMClient, app: string): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker }));
    for (const role of page.Roles ?? []) {
      if (!role.RoleName?.startsWith(`${app}-`)) continue;
      const tags = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }));
      out.push({ kind: 'role', id: role.RoleName, name: role.RoleName, tags: tagsOf(tags.Tags) });
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}
