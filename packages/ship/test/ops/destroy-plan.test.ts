import { describe, expect, it } from 'vitest';
import {
  planDestroy,
  renderDestroyPlan,
  resourceScope,
  type TaggedResource,
} from '../../src/ops/destroy-plan.js';

const r = (kind: TaggedResource['kind'], name: string, env?: string, app = 'web'): TaggedResource => ({
  kind,
  id: `id:${name}`,
  name,
  tags: env === undefined ? { 'ship:app': app } : { 'ship:app': app, 'ship:env': env },
});

const shared = [
  r('cluster', 'web', 'production'),
  r('load-balancer', 'web'),
  r('listener', 'web:80'),
  r('security-group', 'web-alb'),
  r('repository', 'web'),
  r('role', 'web-execution'),
  r('log-group', '/ship/web'),
];
const envResources = (env: string) => [
  r('scaling-policy', `web-${env}-cpu`, env),
  r('scalable-target', `service/web/web-${env}`, env),
  r('service', `web-${env}`, env),
  r('listener-rule', `web-${env}-rule`, env),
  r('target-group', `web-${env}`, env),
  r('task-definition', `web-${env}:3`, env),
  r('security-group', `web-${env}-tasks`, env),
];
const stranger = [
  r('service', 'other-production', 'production', 'other'),
  r('cluster', 'other', undefined, 'other'),
];

describe('planDestroy', () => {
  it('deletes only this environment, in dependency order, when another stays', () => {
    const plan = planDestroy(
      [...shared, ...envResources('production'), ...envResources('beta'), ...stranger],
      'web',
      'beta',
    );
    expect(plan.lastEnvironment).toBe(false);
    expect(plan.otherEnvironments).toEqual(['production']);
    expect(plan.steps.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'scaling-policy web-beta-cpu',
      'scalable-target service/web/web-beta',
      'service web-beta',
      'listener-rule web-beta-rule',
      'target-group web-beta',
      'task-definition web-beta:3',
      'security-group web-beta-tasks',
    ]);
  });

  it('deletes shared resources after the last environment, env ones first', () => {
    const plan = planDestroy([...shared, ...envResources('production'), ...stranger], 'web', 'production');
    expect(plan.lastEnvironment).toBe(true);
    expect(plan.steps.map((s) => `${s.kind} ${s.name} ${s.scope}`)).toEqual([
      'scaling-policy web-production-cpu env',
      'scalable-target service/web/web-production env',
      'service web-production env',
      'listener-rule web-production-rule env',
      'listener web:80 app',
      'target-group web-production env',
      'task-definition web-production:3 env',
      'load-balancer web app',
      'security-group web-production-tasks env',
      'security-group web-alb app',
      'cluster web app',
      'repository web app',
      'log-group /ship/web app',
      'role web-execution app',
    ]);
  });

  it('after an interrupted destroy, plans only what is left', () => {
    const left = [r('security-group', 'web-beta-tasks', 'beta'), r('target-group', 'web-beta', 'beta')];
    const plan = planDestroy([...shared, ...envResources('production'), ...left], 'web', 'beta');
    expect(plan.steps.map((s) => s.name)).toEqual(['web-beta', 'web-beta-tasks']);
  });

  it('an environment half-destroyed earlier still counts as another environment', () => {
    const plan = planDestroy(
      [...shared, r('target-group', 'web-beta', 'beta'), ...envResources('production')],
      'web',
      'production',
    );
    expect(plan.lastEnvironment).toBe(false);
    expect(plan.steps.every((s) => s.scope === 'env')).toBe(true);
  });

  it('with only shared resources left (interrupted last destroy) finishes them', () => {
    const plan = planDestroy(shared, 'web', 'production');
    expect(plan.lastEnvironment).toBe(true);
    expect(plan.steps).toHaveLength(shared.length);
  });

  it('never touches other apps or untagged resources', () => {
    const untagged: TaggedResource = { kind: 'security-group', id: 'sg-default', name: 'default', tags: {} };
    const plan = planDestroy([...stranger, untagged], 'web', 'production');
    expect(plan.steps).toEqual([]);
    expect(renderDestroyPlan(plan)).toBe(
      'Nothing to destroy: no resources tagged ship:app=web ship:env=production.\n',
    );
  });
});

describe('renderDestroyPlan', () => {
  it('lists the steps and what stays', () => {
    const plan = planDestroy(
      [...shared, ...envResources('production'), ...envResources('beta')],
      'web',
      'beta',
    );
    const text = renderDestroyPlan(plan);
    expect(text.split('\n')[0]).toBe('Destroy web · beta: 7 resources, in this order:');
    expect(text).toContain('   3. scale to 0, delete and wait for tasks to stop: service web-beta\n');
    expect(text).toContain('Shared resources stay for: production.\n');
  });
});

describe('resourceScope', () => {
  it.each([
    [{ 'ship:app': 'web', 'ship:env': 'beta', 'ship:scope': 'app' }, 'security-group', 'app'],
    [{ 'ship:app': 'web', 'ship:env': 'beta', 'ship:scope': 'env' }, 'cluster', 'env'],
    [{ 'ship:app': 'web', 'ship:env': 'beta' }, 'cluster', 'app'],
    [{ 'ship:app': 'web', 'ship:env': 'beta' }, 'log-group', 'env'],
    [{ 'ship:app': 'web' }, 'log-group', 'app'],
  ] as const)('%j %s → %s', (tags, kind, scope) => {
    expect(resourceScope({ kind, id: 'x', name: 'x', tags })).toBe(scope);
  });

  it('a shared resource created by beta is not treated as beta’s', () => {
    const app = { 'ship:app': 'web', 'ship:env': 'beta', 'ship:scope': 'app' };
    const inventory: TaggedResource[] = [
      { kind: 'security-group', id: 'sg-alb', name: 'web-alb', tags: app },
      {
        kind: 'service',
        id: 'svc-p',
        name: 'web-production',
        tags: { 'ship:app': 'web', 'ship:env': 'production', 'ship:scope': 'env' },
      },
      {
        kind: 'service',
        id: 'svc-b',
        name: 'web-beta',
        tags: { 'ship:app': 'web', 'ship:env': 'beta', 'ship:scope': 'env' },
      },
    ];
    expect(planDestroy(inventory, 'web', 'beta').steps.map((s) => s.id)).toEqual(['svc-b']);
    expect(planDestroy(inventory, 'web', 'production').steps.map((s) => s.id)).toEqual(['svc-p']);
  });
});
