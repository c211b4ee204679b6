import { describe, expect, it } from 'vitest';
import type { TagScope } from '../../src/deploy/naming.js';
import type { ResourceKind } from '../../src/deploy/plan.js';
import { type FoundResource, planDestroy, renderDestroyPlan } from '../../src/ops/destroy-plan.js';

const r = (
  kind: ResourceKind,
  scope: TagScope,
  name: string,
  tags: Record<string, string>,
): FoundResource => ({ kind, scope, id: `id:${name}`, name, tags });
const app = (name: string, kind: ResourceKind, createdBy = 'production') =>
  r(kind, 'app', name, { 'ship:app': 'web', 'ship:env': createdBy, 'ship:scope': 'app' });
const env = (name: string, kind: ResourceKind, e: string) =>
  r(kind, 'env', name, { 'ship:app': 'web', 'ship:env': e, 'ship:scope': 'env' });

/** What the table finds for an environment, in its deletion order (the table backwards). */
const found = (e: string) => [
  env(`web-${e}-cpu`, 'scaling policy', e),
  env(`service/web/web-${e}`, 'scalable target', e),
  env(`web-${e}`, 'service', e),
  env(`web-${e}:3`, 'task definition', e),
  env(`web:443 rule 2`, 'listener rule', e),
  app('web:80', 'listener'),
  env(`web-${e}`, 'target group', e),
  app('web', 'load balancer'),
  env(`web-${e}-tasks`, 'security group', e),
  app('web-alb', 'load balancer security group'),
  app('web', 'cluster'),
  {
    ...env(`web-${e}-us-east-1-execution`, 'task execution role', e),
    tags: { 'ship:app': 'web', 'ship:env': e, 'ship:region': 'us-east-1' },
  },
  env(`/ship/web/${e}`, 'log group', e),
  app('web', 'image repository', 'beta'),
];
const names = (steps: { kind: string; name: string }[]) => steps.map((s) => `${s.kind} ${s.name}`);

describe('planDestroy', () => {
  it('deletes only this environment, in the order given, when another stays', () => {
    const plan = planDestroy(found('beta'), { app: 'web', env: 'beta' }, 'us-east-1', ['production', 'beta']);
    expect(plan.lastEnvironment).toBe(false);
    expect(plan.otherEnvironments).toEqual(['production']);
    expect(names(plan.steps)).toEqual([
      'scaling policy web-beta-cpu',
      'scalable target service/web/web-beta',
      'service web-beta',
      'task definition web-beta:3',
      'listener rule web:443 rule 2',
      'target group web-beta',
      'security group web-beta-tasks',
      'task execution role web-beta-us-east-1-execution',
      'log group /ship/web/beta',
    ]);
    expect(plan.steps.every((s) => s.scope === 'env')).toBe(true);
  });

  it('deletes the shared resources too with the last environment, whichever environment created them', () => {
    const plan = planDestroy(found('beta'), { app: 'web', env: 'beta' }, 'us-east-1', ['beta']);
    expect(plan.lastEnvironment).toBe(true);
    expect(plan.steps).toHaveLength(found('beta').length);
    expect(names(plan.steps).slice(-3)).toEqual([
      'task execution role web-beta-us-east-1-execution',
      'log group /ship/web/beta',
      'image repository web',
    ]);
  });

  it('never deletes what is tagged for another app, another environment, another region, or untagged', () => {
    const strangers = [
      r('service', 'env', 'web-beta', { 'ship:app': 'other', 'ship:env': 'beta' }),
      r('log group', 'env', '/ship/web/beta', { 'ship:app': 'web', 'ship:env': 'production' }),
      r('task execution role', 'env', 'web-beta-x', {
        'ship:app': 'web',
        'ship:env': 'beta',
        'ship:region': 'eu-west-1',
      }),
      r('cluster', 'app', 'web', { 'ship:app': 'other' }),
      r('security group', 'env', 'web-beta-tasks', {}),
    ];
    const plan = planDestroy(strangers, { app: 'web', env: 'beta' }, 'us-east-1', []);
    expect(plan.steps).toEqual([]);
    expect(renderDestroyPlan(plan)).toBe(
      'Nothing to destroy: no resources tagged ship:app=web ship:env=beta.\n',
    );
  });

  it('after an interrupted destroy, plans only what is left', () => {
    const left = found('beta').filter((x) => x.kind === 'security group' || x.kind === 'log group');
    const plan = planDestroy(left, { app: 'web', env: 'beta' }, 'us-east-1', ['production']);
    expect(names(plan.steps)).toEqual(['security group web-beta-tasks', 'log group /ship/web/beta']);
  });
});

describe('renderDestroyPlan', () => {
  it('lists the steps, marks the shared ones, and says what stays', () => {
    const text = renderDestroyPlan(
      planDestroy(found('beta'), { app: 'web', env: 'beta' }, 'us-east-1', ['production']),
    );
    expect(text.split('\n')[0]).toBe('Destroy web · beta: 9 resources, in this order:');
    expect(text).toContain('   3. scale to 0, delete and wait for tasks to stop: service web-beta\n');
    expect(text).toContain('Shared resources stay for: production.\n');
    const last = renderDestroyPlan(planDestroy(found('beta'), { app: 'web', env: 'beta' }, 'us-east-1', []));
    expect(last).toContain('  14. delete repository and its images web  (shared)\n');
    expect(last).toContain('This is the last environment of the app: shared resources go too.\n');
  });
});
