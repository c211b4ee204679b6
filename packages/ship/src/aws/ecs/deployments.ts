// A service's deployment history (ListServiceDeployments, 2025) and the
// task definition each deployment aimed at.
import {
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  type ServiceDeploymentBrief,
} from '@aws-sdk/client-ecs';
import { type AwsContext, errorName } from '../aws-context.js';
import { ecs } from './client.js';

export interface PastDeployment {
  taskDefinition: string;
  /** SUCCESSFUL, ROLLBACK_SUCCESSFUL, STOPPED, IN_PROGRESS … as ECS says. */
  status: string;
  /** Epoch milliseconds. */
  startedAt: number;
}

/** The newest `limit` deployments, newest first; undefined where the API does not exist (older or local endpoints). */
export async function pastDeployments(
  context: AwsContext,
  cluster: string,
  service: string,
  limit: number,
): Promise<PastDeployment[] | undefined> {
  const briefs: ServiceDeploymentBrief[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await ecs(context).send(
        new ListServiceDeploymentsCommand({ cluster, service, nextToken, maxResults: 20 }),
      );
      briefs.push(...(page.serviceDeployments ?? []));
      nextToken = page.nextToken;
    } while (nextToken && briefs.length < limit);
  } catch (error) {
    if (/UnknownOperation|InvalidAction|NotImplemented|UnsupportedOperation/.test(errorName(error)))
      return undefined;
    throw error;
  }
  const revisionArns = [
    ...new Set(briefs.map((b) => b.targetServiceRevisionArn).filter((a): a is string => !!a)),
  ];
  const taskDefinitionOf = new Map<string, string>();
  for (let i = 0; i < revisionArns.length; i += 20) {
    const page = await ecs(context).send(
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
      { taskDefinition, status: b.status ?? '', startedAt: (b.startedAt ?? b.createdAt)?.getTime() ?? 0 },
    ];
  });
}
