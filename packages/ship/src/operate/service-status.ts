// Reading what `ship status` shows: the ECS service with its deployments,
// their task definitions and image digests, recent events, target health,
// scaling and the URL. The resources are found through the reconcile table's
// finds (the ones plan and destroy use). Returns the pure model's types
// (src/ops/status-view.ts).
import type { AwsContext } from '../aws/aws-context.js';
import {
  describeExpressService,
  describeTaskDefinition,
  serviceTasks,
  type TaskSummary,
} from '../aws/ecs.js';
import { type LoadBalancer, type TargetGroup, targetHealth } from '../aws/elbv2.js';
import { environmentHost } from '../deploy/domain-names.js';
import { tagKeys } from '../deploy/naming.js';
import type { DeploymentView, ImageView, ServiceStatus, TargetView } from '../ops/status-view.js';
import { scalingOf } from '../rollout/autoscaling.js';
import { findResources } from '../rollout/find-resources.js';
import { listener443Entry, loadBalancerEntry, targetGroupEntry } from '../rollout/load-balancer-entries.js';
import type { FindContext } from '../rollout/resource-entry.js';
import { scalableTargetEntry, scalingPoliciesEntry, serviceEntry } from '../rollout/service-entries.js';
import { serviceUrl } from '../rollout/service-url.js';

export type ServiceReading = Omit<ServiceStatus, 'app' | 'env' | 'region' | 'cost'> & {
  /** CPU units and MiB of the primary deployment's task definition (for the cost). */
  size: { cpu: number; memory: number; platform: 'X86_64' | 'ARM64' } | undefined;
  targetGroupArn: string | undefined;
  loadBalancerArn: string | undefined;
};

const maxEvents = 20;

/** The environment's service as status shows it; `c.target.env` gives a Host-rule environment its host name. */
export async function readServiceStatus(c: FindContext): Promise<ServiceReading> {
  const { context } = c;
  const cluster = c.names.cluster;
  const service = c.names.service;
  const env = c.target.env;
  // With the app's own domain: the environment's host name (deploy's alias record points it at the load balancer).
  const domainHost = c.domain ? environmentHost(c.domain, env) : undefined;
  const found = await findResources(c, [
    serviceEntry,
    scalableTargetEntry,
    scalingPoliciesEntry,
    loadBalancerEntry,
    targetGroupEntry,
    listener443Entry,
  ]);
  const s = found.get(serviceEntry);
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
      autoscaling: undefined,
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
  const balancing = await loadBalancing(
    context,
    found.get(targetGroupEntry),
    found.get(loadBalancerEntry),
    found.get(listener443Entry) !== undefined,
  );
  const primary = s.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  // An Express service answers at the HTTPS endpoint Express Mode gave it.
  const url =
    s.tags[tagKeys.target] === 'express'
      ? (await describeExpressService(context, s.arn))?.endpoint
      : await serviceUrl(context, {
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
    autoscaling: scalingOf(found.get(scalableTargetEntry), found.get(scalingPoliciesEntry)),
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

/** The environment's target group as the service uses it, and the load balancer in front of it. */
async function loadBalancing(
  context: AwsContext,
  group: TargetGroup | undefined,
  lb: LoadBalancer | undefined,
  https: boolean,
) {
  if (!group) {
    return {
      targets: undefined,
      targetGroupArn: undefined,
      loadBalancerArn: undefined,
      loadBalancer: undefined,
    };
  }
  const targets: TargetView[] = (await targetHealth(context, group.arn)).map((t) => ({
    id: t.id,
    port: t.port,
    state: t.state,
    reason: t.reason,
  }));
  const serves = lb !== undefined && group.loadBalancerArns.includes(lb.arn);
  return {
    targets,
    targetGroupArn: group.arn,
    loadBalancerArn: serves ? lb.arn : undefined,
    loadBalancer: serves ? { dnsName: lb.dnsName, https } : undefined,
  };
}
