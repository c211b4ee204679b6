// ECS service deployment history (ListServiceDeployments,
// DescribeServiceDeployments, DescribeServiceRevisions): every deployment the
// service ever started, with how it ended. A circuit-breaker rollback belongs
// to the deployment that failed, as in ECS: that one reports ROLLBACK_*.

import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { Handler } from '../server.js';
import type { Deployment, FakeState, Service } from '../state.js';
import { containersOf, findTaskDefinition, isReady, serviceTasks } from '../task-lifecycle.js';
import { page } from './ecs-task-definitions.js';

function statusOf(service: Service, d: Deployment): { status: string; statusReason?: string } {
  if (d.rolloutState === 'COMPLETED') return { status: 'SUCCESSFUL' };
  if (d.rolloutState === 'FAILED') {
    const rollback = service.history.find((x) => x.rollbackOf === d.id);
    if (!rollback) return { status: 'STOPPED', statusReason: d.rolloutStateReason };
    if (rollback.rolloutState === 'COMPLETED')
      return { status: 'ROLLBACK_SUCCESSFUL', statusReason: d.rolloutStateReason };
    if (rollback.rolloutState === 'FAILED')
      return { status: 'ROLLBACK_FAILED', statusReason: d.rolloutStateReason };
    return { status: 'ROLLBACK_IN_PROGRESS', statusReason: d.rolloutStateReason };
  }
  if (d.status === 'PRIMARY' && service.deployments.includes(d)) return { status: 'IN_PROGRESS' };
  return { status: 'STOPPED', statusReason: 'Stopped by a newer deployment.' };
}

export function serviceDeploymentHandlers(state: FakeState): Record<string, Handler> {
  function service(p: Params): Service {
    const cluster = (p.optStr('cluster') ?? 'default').split('/').pop();
    const name = p.str('service').split('/').pop();
    const found = state.ecs.services.get(state.arn('ecs', `service/${cluster}/${name}`));
    if (!found) throw new AwsError('ServiceNotFoundException', 'Service not found.');
    return found;
  }

  function allDeployments(): [Service, Deployment][] {
    return [...state.ecs.services.values()].flatMap((s) =>
      s.history.map((d): [Service, Deployment] => [s, d]),
    );
  }

  /**
   * The deployments a user sees: a rollback is part of the deployment it rolls back, and
   * [ecs-service-deployments-lag] a deployment UpdateService just started is not listed for the
   * next `consistencyDelayCalls` requests (DescribeServices already shows it).
   */
  const listed = (s: Service) =>
    s.history.filter(
      (d) => !d.rollbackOf && state.calls > d.createdAtCall + state.options.consistencyDelayCalls,
    );

  function revisionSummary(s: Service, d: Deployment) {
    const tasks = serviceTasks(state, s).filter((t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED');
    return {
      arn: d.revisionArn,
      requestedTaskCount: d.desiredCount,
      runningTaskCount: tasks.filter((t) => isReady(state, t)).length,
      pendingTaskCount: tasks.filter((t) => !isReady(state, t)).length,
    };
  }

  return {
    ListServiceDeployments: (p) => {
      const s = service(p);
      const statuses = p.strs('status');
      const briefs = listed(s)
        .map((d) => ({
          serviceDeploymentArn: d.deploymentArn,
          serviceArn: s.arn,
          clusterArn: s.clusterArn,
          startedAt: d.createdAt,
          createdAt: d.createdAt,
          finishedAt: d.finishedAt,
          targetServiceRevisionArn: d.revisionArn,
          ...statusOf(s, d),
        }))
        .filter((b) => statuses.length === 0 || statuses.includes(b.status));
      return page(briefs, p.optNum('maxResults'), p.optStr('nextToken'), 'serviceDeployments');
    },
    DescribeServiceDeployments: (p) => {
      const serviceDeployments = [];
      const failures = [];
      for (const arn of p.strs('serviceDeploymentArns')) {
        const found = allDeployments().find(([, d]) => d.deploymentArn === arn);
        if (!found) {
          failures.push({ arn, reason: 'MISSING' });
          continue;
        }
        const [s, d] = found;
        const index = s.history.indexOf(d);
        const source = s.history.slice(index + 1).find((x) => x.rolloutState === 'COMPLETED');
        const rollback = s.history.find((x) => x.rollbackOf === d.id);
        const { status, statusReason } = statusOf(s, d);
        serviceDeployments.push({
          serviceDeploymentArn: d.deploymentArn,
          serviceArn: s.arn,
          clusterArn: s.clusterArn,
          createdAt: d.createdAt,
          startedAt: d.createdAt,
          finishedAt: d.finishedAt,
          updatedAt: d.updatedAt,
          sourceServiceRevisions: source ? [revisionSummary(s, source)] : [],
          targetServiceRevision: revisionSummary(s, d),
          status,
          statusReason,
          deploymentConfiguration: s.config['deploymentConfiguration'],
          rollback: rollback
            ? {
                reason: d.rolloutStateReason,
                startedAt: rollback.createdAt,
                serviceRevisionArn: rollback.revisionArn,
              }
            : undefined,
          deploymentCircuitBreaker: {
            status: d.rolloutState === 'FAILED' ? 'TRIGGERED' : 'MONITORING',
            failureCount: d.failedTasks,
          },
        });
      }
      return { serviceDeployments, failures };
    },
    DescribeServiceRevisions: (p) => {
      const serviceRevisions = [];
      const failures = [];
      for (const arn of p.strs('serviceRevisionArns')) {
        const found = allDeployments().find(([, d]) => d.revisionArn === arn);
        if (!found) {
          failures.push({ arn, reason: 'MISSING' });
          continue;
        }
        const [s, d] = found;
        const definition = findTaskDefinition(state, d.taskDefinition);
        serviceRevisions.push({
          serviceRevisionArn: d.revisionArn,
          serviceArn: s.arn,
          clusterArn: s.clusterArn,
          taskDefinition: d.taskDefinition,
          launchType: s.launchType,
          platformVersion: '1.4.0',
          platformFamily: 'Linux',
          loadBalancers: s.config['loadBalancers'] ?? [],
          serviceRegistries: [],
          networkConfiguration: s.config['networkConfiguration'],
          containerImages: (definition ? containersOf(definition) : []).map((c) => ({
            containerName: c.name,
            image: c.image,
            imageDigest: c.image?.includes('@') ? c.image.split('@')[1] : undefined,
          })),
          guardDutyEnabled: false,
          createdAt: d.createdAt,
        });
      }
      return { serviceRevisions, failures };
    },
  };
}
