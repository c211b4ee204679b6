// Reading what `ship status` shows: the ECS service with its deployments,
// their task definitions and image digests, recent events, target health and
// the URL. Returns the pure model's types (src/ops/status-view.ts).
import type { AwsContext } from '../aws/aws-context.js';
import { describeTaskDefinition, findService, serviceTasks, type TaskSummary } from '../aws/ecs.js';
import {
  describeListeners,
  describeLoadBalancers,
  describeTargetGroups,
  targetHealth,
} from '../aws/elbv2.js';
import type { DeploymentView, ImageView, ServiceStatus, TargetView } from '../ops/status-view.js';
import { serviceUrl } from '../rollout/service-url.js';

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
  /** The environment, so an ALB environment routed by Host rule gets its host name (service-url.ts). */
  env?: string,
  /** With the app's own domain: the environment's host name (deploy's alias record points it at the load balancer). */
  domainHost?: string,
): Promise<ServiceReading> {
  const s = await findService(context, cluster, service);
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
  const tasks = await serviceTasks(context, { cluster, service, desiredStatus: 'RUNNING' });
  const deployments: DeploymentView[] = [];
  let size: ServiceReading['size'];
  let port: number | undefined;
  for (const d of s.deployments) {
    const definition = await describeTaskDefinition(context, d.taskDefinition);
    const revisionName = d.taskDefinition.split('/').pop() ?? d.taskDefinition;
    const images: ImageView[] = (definition?.containerDefinitions ?? []).map((c) => ({
      container: c.name,
      image: c.image,
      digest: digestOf(c.image) ?? runningDigest(tasks, d.taskDefinition, c.name),
    }));
    if (d.status === 'PRIMARY' && definition) {
      port = definition.containerDefinitions[0]?.portMappings?.[0]?.containerPort;
      size = {
        cpu: Number(definition.cpu),
        memory: Number(definition.memory),
        platform: definition.runtimePlatform?.cpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64',
      };
    }
    deployments.push({
      id: d.id,
      role: d.status === 'PRIMARY' || d.status === 'ACTIVE' ? d.status : 'INACTIVE',
      taskDefinition: revisionName,
      revision: Number(revisionName.split(':').pop()),
      rolloutState:
        (['COMPLETED', 'IN_PROGRESS', 'FAILED'] as const).find((x) => x === d.rolloutState) ?? 'UNKNOWN',
      rolloutReason: d.rolloutState === 'COMPLETED' ? undefined : d.rolloutStateReason || undefined,
      running: d.running,
      pending: d.pending,
      desired: d.desired,
      failed: d.failed,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      images,
    });
  }
  const balancing = await loadBalancing(context, s.targetGroupArns[0]);
  const primary = s.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  const url = await serviceUrl(context, {
    port: port ?? 80,
    ...(domainHost && balancing.loadBalancer ? { domainHost } : {}),
    ...(primary ? { taskDefinition: primary } : {}),
    ...(balancing.loadBalancer
      ? {
          loadBalancer: {
            ...balancing.loadBalancer,
            ...(env && balancing.loadBalancerArn && balancing.targetGroupArn
              ? { arn: balancing.loadBalancerArn, targetGroupArn: balancing.targetGroupArn, env }
              : {}),
          },
        }
      : {}),
    tasks: async () => tasks,
  });
  return {
    cluster,
    service,
    status: s.status === 'DRAINING' ? 'DRAINING' : 'ACTIVE',
    running: s.runningCount,
    pending: s.pendingCount,
    desired: s.desiredCount,
    deployments,
    events: s.snapshot.events
      .slice(0, maxEvents)
      .map((e) => ({ at: Date.parse(e.createdAt) || 0, message: e.message })),
    targets: balancing.targets,
    url,
    size,
    targetGroupArn: balancing.targetGroupArn,
    loadBalancerArn: balancing.loadBalancerArn,
  };
}

function digestOf(image: string | undefined): string | undefined {
  const at = image?.indexOf('@sha256:') ?? -1;
  return image && at >= 0 ? image.slice(at + 1) : undefined;
}

function runningDigest(
  tasks: TaskSummary[],
  taskDefinitionArn: string,
  container: string,
): string | undefined {
  for (const task of tasks) {
    if (task.taskDefinition !== taskDefinitionArn) continue;
    const digest = task.containers.find((c) => c.name === container)?.imageDigest;
    if (digest) return digest;
  }
  return undefined;
}

async function loadBalancing(context: AwsContext, targetGroupArn: string | undefined) {
  if (!targetGroupArn) {
    return {
      targets: undefined,
      targetGroupArn: undefined,
      loadBalancerArn: undefined,
      loadBalancer: undefined,
    };
  }
  const targets: TargetView[] = (await targetHealth(context, targetGroupArn)).map((t) => ({
    id: t.id,
    port: t.port,
    state: t.state,
    reason: t.reason,
  }));
  const [group] = await describeTargetGroups(context, { arns: [targetGroupArn] });
  const loadBalancerArn = group?.loadBalancerArns[0];
  if (!loadBalancerArn) return { targets, targetGroupArn, loadBalancerArn, loadBalancer: undefined };
  const [lb] = await describeLoadBalancers(context, { arns: [loadBalancerArn] });
  const https = (await describeListeners(context, { loadBalancerArn })).some((l) => l.protocol === 'HTTPS');
  return {
    targets,
    targetGroupArn,
    loadBalancerArn,
    loadBalancer: lb ? { dnsName: lb.dnsName, https } : undefined,
  };
}
