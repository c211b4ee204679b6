// Which revisions a service's deployments aimed at and how they ended, for
// `ship rollback`. ECS keeps the history (ListServiceDeployments, 2025); where
// that API is not available, only the deployments DescribeServices still
// shows are known, and the result says so (`historyKnown: false`).
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  type ServiceDeploymentBrief,
} from '@aws-sdk/client-ecs';
import type { DeploymentOutcome, DeploymentRecord } from '../ops/rollback-target.js';
import { type AwsContext, clientConfig, errorName } from './aws-context.js';

export interface DeploymentHistory {
  /** The primary deployment (what ECS runs or is trying to run). */
  current: DeploymentRecord | undefined;
  records: DeploymentRecord[];
  historyKnown: boolean;
}

/** How many past deployments are read (newest first). */
const historyLength = 50;

export async function deploymentHistory(
  context: AwsContext,
  cluster: string,
  service: string,
): Promise<DeploymentHistory> {
  const ecs = new ECSClient(clientConfig(context));
  try {
    const shown = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const live: DeploymentRecord[] = (shown.services?.[0]?.deployments ?? []).map((d) => ({
      revision: revisionOf(d.taskDefinition),
      // An ACTIVE deployment is the one being replaced: it was the service's steady state.
      outcome:
        d.status === 'ACTIVE'
          ? 'completed'
          : d.rolloutState === 'COMPLETED'
            ? 'completed'
            : d.rolloutState === 'FAILED'
              ? 'failed'
              : 'in-progress',
      startedAt: d.createdAt?.getTime() ?? 0,
    }));
    const primaryIndex = (shown.services?.[0]?.deployments ?? []).findIndex((d) => d.status === 'PRIMARY');
    const current = primaryIndex >= 0 ? live[primaryIndex] : undefined;
    const past = await pastDeployments(ecs, cluster, service);
    return {
      current,
      records: [...(past ?? []), ...live],
      historyKnown: past !== undefined,
    };
  } finally {
    ecs.destroy();
  }
}

async function pastDeployments(
  ecs: ECSClient,
  cluster: string,
  service: string,
): Promise<DeploymentRecord[] | undefined> {
  const briefs: ServiceDeploymentBrief[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        new ListServiceDeploymentsCommand({ cluster, service, nextToken, maxResults: 20 }),
      );
      briefs.push(...(page.serviceDeployments ?? []));
      nextToken = page.nextToken;
    } while (nextToken && briefs.length < historyLength);
  } catch (error) {
    // Older endpoints (and local ones) do not have the deployment history API.
    if (/UnknownOperation|InvalidAction|NotImplemented|UnsupportedOperation/.test(errorName(error)))
      return undefined;
    throw error;
  }
  const revisionArns = [
    ...new Set(briefs.map((b) => b.targetServiceRevisionArn).filter((a): a is string => !!a)),
  ];
  const taskDefinitionOf = new Map<string, string>();
  for (let i = 0; i < revisionArns.length; i += 20) {
    const page = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns.slice(i, i + 20) }),
    );
    for (const r of page.serviceRevisions ?? []) {
      if (r.serviceRevisionArn && r.taskDefinition)
        taskDefinitionOf.set(r.serviceRevisionArn, r.taskDefinition);
    }
  }
  return briefs.flatMap((b) => {
    const taskDefinition = taskDefinitionOf.get(b.targetServiceRevisionArn ?? '');
    if (!taskDefinition) return [];
    return [
      {
        revision: revisionOf(taskDefinition),
        outcome: outcomeOf(b.status),
        startedAt: (b.startedAt ?? b.createdAt)?.getTime() ?? 0,
      },
    ];
  });
}

function outcomeOf(status: string | undefined): DeploymentOutcome {
  switch (status) {
    case 'SUCCESSFUL':
      return 'completed';
    case 'ROLLBACK_SUCCESSFUL':
    case 'ROLLBACK_REQUESTED':
    case 'ROLLBACK_IN_PROGRESS':
      return 'rolled-back';
    case 'ROLLBACK_FAILED':
      return 'failed';
    case 'STOPPED':
    case 'STOP_REQUESTED':
      return 'stopped';
    default:
      return 'in-progress';
  }
}

function revisionOf(taskDefinition: string | undefined): number {
  return Number((taskDefinition ?? '').split(':').pop());
}
