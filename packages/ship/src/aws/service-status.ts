// Reading what `ship status` shows: the ECS service with its deployments,
// their task definitions and image digests, recent events, target health and
// the URL. Returns the pure model's types (src/ops/status-view.ts).
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeploymentView, ImageView, ServiceStatus, TargetView } from '../ops/status-view.js';
import { type AwsContext, clientConfig, isNotFound } from './aws-context.js';

interface StatusClients {
  ecs: ECSClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
}

export type ServiceReading = Omit<ServiceStatus, 'app' | 'env' | 'region' | 'cost' | 'autoscaling'> & {
  /** CPU units and MiB of the primary deployment's task definition (for the cost). */
  size: { cpu: number; memory: number; platform: 'X86_64' | 'ARM64' } | undefined;
  targetGroupArn: string | undefined;
  loadBalancerArn: string | undefined;
};

const maxEvents = 20;

export async function readServiceStatus(
  context: AwsContext,
  cluster: string,
  service: string,
): Promise<ServiceReading> {
  const config = clientConfig(context);
  const clients = {
    ecs: new ECSClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
  };
  try {
    return await readWith(clients, cluster, service);
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

async function readWith(clients: StatusClients, cluster: string, service: string): Promise<ServiceReading> {
  const found = await clients.ecs
    .send(new DescribeServicesCommand({ cluster, services: [service] }))
    .catch((error: unknown) => {
      if (isNotFound(error, 'ClusterNotFoundException')) return { services: [] };
      throw error;
    });
  const s = found.services?.find((x) => x.status !== 'INACTIVE');
  if (!s) {
    return {
      cluster,
      service,
      status: 'MISSING',
      running: 0,
      pending: 0,
      desired: 0,
      deployments: [],
      events: [],
      targets: undefined,
      url: undefined,
      size: undefined,
      targetGroupArn: undefined,
      loadBalancerArn: undefined,
    };
  }
  const tasks = await serviceTasks(clients.ecs, cluster, service);
  const deployments: DeploymentView[] = [];
  let size: ServiceReading['size'];
  let port: number | undefined;
  for (const d of s.deployments ?? []) {
    const arn = d.taskDefinition ?? '';
    const definition = (await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))
      .taskDefinition;
    const revisionName = arn.split('/').pop() ?? arn;
    const images: ImageView[] = (definition?.containerDefinitions ?? []).map((c) => ({
      container: c.name ?? '',
      image: c.image ?? '',
      digest: digestOf(c.image) ?? runningDigest(tasks, arn, c.name),
    }));
    if (d.status === 'PRIMARY' && definition) {
      port = definition.containerDefinitions?.[0]?.portMappings?.[0]?.containerPort;
      size = {
        cpu: Number(definition.cpu),
        memory: Number(definition.memory),
        platform: definition.runtimePlatform?.cpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64',
      };
    }
    deployments.push({
      id: d.id ?? '',
      role: d.status === 'PRIMARY' || d.status === 'ACTIVE' ? d.status : 'INACTIVE',
      taskDefinition: revisionName,
      revision: Number(revisionName.split(':').pop()),
      rolloutState:
        (['COMPLETED', 'IN_PROGRESS', 'FAILED'] as const).find((x) => x === d.rolloutState) ?? 'UNKNOWN',
      rolloutReason: d.rolloutState === 'COMPLETED' ? undefined : d.rolloutStateReason || undefined,
      running: d.runningCount ?? 0,
      pending: d.pendingCount ?? 0,
      desired: d.desiredCount ?? 0,
      failed: d.failedTasks ?? 0,
      createdAt: d.createdAt?.getTime() ?? 0,
      updatedAt: d.updatedAt?.getTime() ?? 0,
      images,
    });
  }
  const { targets, targetGroupArn, loadBalancerArn, dnsName } = await targetHealth(clients.elbv2, s);
  const url = dnsName ? `http://${dnsName}` : await publicUrl(clients.ec2, s, tasks, port);
  return {
    cluster,
    service,
    status: s.status === 'DRAINING' ? 'DRAINING' : 'ACTIVE',
    running: s.runningCount ?? 0,
    pending: s.pendingCount ?? 0,
    desired: s.desiredCount ?? 0,
    deployments,
    events: (s.events ?? [])
      .slice(0, maxEvents)
      .map((e) => ({ at: e.createdAt?.getTime() ?? 0, message: e.message ?? '' })),
    targets,
    url,
    size,
    targetGroupArn,
    loadBalancerArn,
  };
}

async function serviceTasks(ecs: ECSClient, cluster: string, service: string): Promise<Task[]> {
  const list = await ecs.send(
    new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }),
  );
  const arns = list.taskArns ?? [];
  if (arns.length === 0) return [];
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const page = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    tasks.push(...(page.tasks ?? []));
  }
  return tasks;
}

function digestOf(image: string | undefined): string | undefined {
  const at = image?.indexOf('@sha256:') ?? -1;
  return at >= 0 ? image!.slice(at + 1) : undefined;
}

function runningDigest(tasks: Task[], taskDefinitionArn: string, container: string | undefined) {
  for (const task of tasks) {
    if (task.taskDefinitionArn !== taskDefinitionArn) continue;
    const digest = task.containers?.find((c) => c.name === container)?.imageDigest;
    if (digest) return digest;
  }
  return undefined;
}

async function targetHealth(elbv2: ElasticLoadBalancingV2Client, s: Service) {
  const targetGroupArn = s.loadBalancers?.find((lb) => lb.targetGroupArn)?.targetGroupArn;
  if (!targetGroupArn) {
    return { targets: undefined, targetGroupArn: undefined, loadBalancerArn: undefined, dnsName: undefined };
  }
  const health = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  const targets: TargetView[] = (health.TargetHealthDescriptions ?? []).map((t) => ({
    id: t.Target?.Id ?? '',
    port: t.Target?.Port,
    state: t.TargetHealth?.State ?? 'unknown',
    reason: t.TargetHealth?.Reason,
  }));
  const group = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }));
  const loadBalancerArn = group.TargetGroups?.[0]?.LoadBalancerArns?.[0];
  let dnsName: string | undefined;
  if (loadBalancerArn) {
    const lb = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] }));
    dnsName = lb.LoadBalancers?.[0]?.DNSName;
  }
  return { targets, targetGroupArn, loadBalancerArn, dnsName };
}

/** Without a load balancer, the URL is the public IP of a running task's network interface. */
async function publicUrl(
  ec2: EC2Client,
  s: Service,
  tasks: Task[],
  port: number | undefined,
): Promise<string | undefined> {
  const primary = s.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
  const task = running.find((t) => t.taskDefinitionArn === primary) ?? running[0];
  const eni = task?.attachments
    ?.flatMap((a) => a.details ?? [])
    .find((d) => d.name === 'networkInterfaceId')?.value;
  if (!eni) return undefined;
  const found = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }));
  const ip = found.NetworkInterfaces?.[0]?.Association?.PublicIp;
  if (!ip) return undefined;
  return port && port !== 80 ? `http://${ip}:${port}` : `http://${ip}`;
}
