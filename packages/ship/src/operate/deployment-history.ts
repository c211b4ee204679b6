// Which revisions a service's deployments aimed at and how they ended, for
// `ship rollback`. ECS keeps the history (ListServiceDeployments, 2025); where
// that API is not available, only the deployments DescribeServices still
// shows are known, and the result says so (`historyKnown: false`).
import type { AwsContext } from '../aws/aws-context.js';
import { findService, pastDeployments } from '../aws/ecs.js';
import type { DeploymentOutcome, DeploymentRecord } from '../ops/rollback-target.js';

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
  const shown = (await findService(context, cluster, service))?.deployments ?? [];
  const live: DeploymentRecord[] = shown.map((d) => ({
    revision: revisionOf(d.taskDefinition),
    // An ACTIVE deployment is the one being replaced: it was the service's steady state.
    outcome:
      d.status === 'ACTIVE' || d.rolloutState === 'COMPLETED'
        ? 'completed'
        : d.rolloutState === 'FAILED'
          ? 'failed'
          : 'in-progress',
    startedAt: d.createdAt,
  }));
  const primaryIndex = shown.findIndex((d) => d.status === 'PRIMARY');
  const past = await pastDeployments(context, cluster, service, historyLength);
  return {
    current: primaryIndex >= 0 ? live[primaryIndex] : undefined,
    records: [
      ...(past ?? []).map((p) => ({
        revision: revisionOf(p.taskDefinition),
        outcome: outcomeOf(p.status),
        startedAt: p.startedAt,
      })),
      ...live,
    ],
    historyKnown: past !== undefined,
  };
}

function outcomeOf(status: string): DeploymentOutcome {
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

function revisionOf(taskDefinition: string): number {
  return Number(taskDefinition.split(':').pop());
}
