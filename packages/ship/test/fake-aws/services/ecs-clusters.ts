// ECS clusters: created idempotently, deleted only when no service or task remains.
import { clusterView, ecsTagsFrom } from '../ecs-views.js';
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { Handler } from '../server.js';
import type { Cluster, FakeState } from '../state.js';
import { page } from './ecs-task-definitions.js';

export const nameOf = (reference: string) => reference.split('/').pop() ?? reference;

/** The request's `cluster` (name or ARN, default `default`), which must be ACTIVE. */
export function findCluster(state: FakeState, p: Params, forRead = false): Cluster {
  const name = nameOf(p.optStr('cluster') ?? 'default');
  const found = state.ecs.clusters.get(name);
  if (found?.status !== 'ACTIVE' || (forRead && !state.visible(found))) {
    throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  }
  return found;
}

export function clusterHandlers(state: FakeState): Record<string, Handler> {
  const cluster = (p: Params) => findCluster(state, p);
  return {
    CreateCluster: (p) => {
      const name = p.optStr('clusterName') ?? 'default';
      // [limit-names] ECS: up to 255 letters, digits, hyphens and underscores.
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
        throw new AwsError(
          'InvalidParameterException',
          'Cluster name can have up to 255 characters. Valid characters are letters (uppercase and lowercase), numbers, hyphens, and underscores.',
        );
      }
      const existing = state.ecs.clusters.get(name);
      if (existing?.status === 'ACTIVE') return { cluster: clusterView(state, existing, true) };
      const created: Cluster = {
        ...state.stamp(),
        name,
        arn: state.arn('ecs', `cluster/${name}`),
        status: 'ACTIVE',
        tags: ecsTagsFrom(p),
        settings: (p.value('settings') as unknown[] | undefined) ?? [
          { name: 'containerInsights', value: 'disabled' },
        ],
      };
      state.ecs.clusters.set(name, created);
      return { cluster: clusterView(state, created, true) };
    },
    DescribeClusters: (p) => {
      const names = p.strs('clusters');
      const withTags = p.strs('include').includes('TAGS');
      const clusters = [];
      const failures = [];
      for (const reference of names.length > 0 ? names : ['default']) {
        const found = state.ecs.clusters.get(nameOf(reference));
        if (found && state.visible(found)) clusters.push(clusterView(state, found, withTags));
        else failures.push({ arn: state.arn('ecs', `cluster/${nameOf(reference)}`), reason: 'MISSING' });
      }
      return { clusters, failures };
    },
    ListClusters: (p) => {
      const arns = [...state.ecs.clusters.values()]
        .filter((c) => c.status === 'ACTIVE' && state.visible(c))
        .map((c) => c.arn);
      return page(arns, p.optNum('maxResults'), p.optStr('nextToken'), 'clusterArns');
    },
    DeleteCluster: (p) => {
      const c = cluster(p);
      const services = [...state.ecs.services.values()].filter(
        (s) => s.clusterArn === c.arn && s.status === 'ACTIVE',
      );
      if (services.length > 0) {
        throw new AwsError(
          'ClusterContainsServicesException',
          'The Cluster cannot be deleted while Services are active.',
        );
      }
      const tasks = [...state.ecs.tasks.values()].filter(
        (t) => t.clusterArn === c.arn && t.lastStatus !== 'STOPPED',
      );
      if (tasks.length > 0) {
        throw new AwsError(
          'ClusterContainsTasksException',
          'The Cluster cannot be deleted while Tasks are active.',
        );
      }
      c.status = 'INACTIVE';
      return { cluster: clusterView(state, c, false) };
    },
  };
}
