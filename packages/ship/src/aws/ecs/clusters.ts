// ECS clusters.
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import type { AwsContext, Tags } from '../aws-context.js';
import { ecs, ecsTagList, ecsTagMap } from './client.js';

export interface Cluster {
  name: string;
  arn: string;
  /** ACTIVE or PROVISIONING (an INACTIVE cluster is as good as missing). */
  status: string;
  tags: Tags;
}

export async function findCluster(context: AwsContext, name: string): Promise<Cluster | undefined> {
  const out = await ecs(context).send(new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }));
  const cluster = out.clusters?.find((c) => c.clusterName === name && c.status !== 'INACTIVE');
  if (!cluster) return undefined;
  return { name, arn: cluster.clusterArn ?? '', status: cluster.status ?? '', tags: ecsTagMap(cluster.tags) };
}

/** CreateCluster returns the existing cluster when the name is taken: no race to handle. */
export async function createCluster(
  context: AwsContext,
  options: { name: string; tags: Tags },
): Promise<Cluster> {
  const out = await ecs(context).send(
    new CreateClusterCommand({ clusterName: options.name, tags: ecsTagList(options.tags) }),
  );
  return {
    name: options.name,
    arn: out.cluster?.clusterArn ?? '',
    status: out.cluster?.status ?? 'ACTIVE',
    tags: options.tags,
  };
}

export async function deleteCluster(context: AwsContext, name: string): Promise<void> {
  await ecs(context).send(new DeleteClusterCommand({ cluster: name }));
}
