import { describe, expect, it } from 'vitest';
import {
  type DeploymentSnapshot,
  formatProgress,
  judgeRollout,
  newEvents,
  type RolloutSnapshot,
  type TargetSnapshot,
} from '../../src/deploy/rollout-verdict.js';

const OLD = 'arn:aws:ecs:us-east-1:1:task-definition/demo-production:1';
const NEW = 'arn:aws:ecs:us-east-1:1:task-definition/demo-production:2';

const dep = (fields: Partial<DeploymentSnapshot>): DeploymentSnapshot => ({
  id: `ecs-svc/${fields.taskDefinition === OLD ? 1 : 2}`,
  status: 'PRIMARY',
  taskDefinition: NEW,
  rolloutState: 'IN_PROGRESS',
  desiredCount: 2,
  runningCount: 0,
  pendingCount: 0,
  failedTasks: 0,
  ...fields,
});

const snap = (
  deployments: DeploymentSnapshot[],
  targets?: TargetSnapshot[],
  status = 'ACTIVE',
): RolloutSnapshot => ({
  service: {
    serviceName: 'demo-production',
    status,
    desiredCount: 2,
    runningCount: deployments.reduce((n, d) => n + d.runningCount, 0),
    pendingCount: 0,
    taskDefinition: deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? OLD,
    deployments,
    events: [],
  },
  ...(targets ? { targets } : {}),
});

const healthy = (n: number): TargetSnapshot[] =>
  Array.from({ length: n }, (_, i) => ({ id: `10.0.0.${i}`, port: 8080, state: 'healthy' }));

const base = { taskDefinition: NEW, behindLoadBalancer: false, seenDeployment: true };

describe('judgeRollout', () => {
  it.each([
    [
      'just started',
      [dep({}), dep({ taskDefinition: OLD, status: 'ACTIVE', runningCount: 2 })],
      'in-progress',
    ],
    ['new tasks pending', [dep({ pendingCount: 2 })], 'in-progress'],
    ['running but ECS not yet COMPLETED', [dep({ runningCount: 2 })], 'in-progress'],
    [
      'COMPLETED while old tasks still run',
      [
        dep({ runningCount: 2, rolloutState: 'COMPLETED' }),
        dep({ taskDefinition: OLD, status: 'ACTIVE', runningCount: 1 }),
      ],
      'in-progress',
    ],
    ['COMPLETED with all tasks running', [dep({ runningCount: 2, rolloutState: 'COMPLETED' })], 'succeeded'],
    ['COMPLETED but one task short', [dep({ runningCount: 1, rolloutState: 'COMPLETED' })], 'in-progress'],
    [
      'circuit breaker rolled back',
      [
        dep({ taskDefinition: OLD, status: 'PRIMARY', runningCount: 2 }),
        dep({
          status: 'ACTIVE',
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          failedTasks: 3,
        }),
      ],
      'rolled-back',
    ],
    ['failed with nothing to roll back to', [dep({ rolloutState: 'FAILED', failedTasks: 3 })], 'failed'],
    [
      'our deployment gone, old revision primary',
      [dep({ taskDefinition: OLD, rolloutState: 'COMPLETED', runningCount: 2 })],
      'rolled-back',
    ],
    ['tasks keep stopping', [dep({ failedTasks: 10 })], 'failed'],
  ] as const)('%s → %s', (_what, deployments, state) => {
    expect(judgeRollout(snap([...deployments]), base).state).toBe(state);
  });

  it('says why a rollback happened and which revision runs', () => {
    const verdict = judgeRollout(
      snap([
        dep({ taskDefinition: OLD, runningCount: 2 }),
        dep({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' }),
      ]),
      base,
    );
    expect(verdict).toMatchObject({
      state: 'rolled-back',
      reason: 'tasks failed to start',
      runningRevision: OLD,
    });
  });

  it('does not call a not-yet-visible update a rollback (eventual consistency)', () => {
    const stale = snap([dep({ taskDefinition: OLD, rolloutState: 'COMPLETED', runningCount: 2 })]);
    expect(judgeRollout(stale, { ...base, seenDeployment: false })).toMatchObject({
      state: 'in-progress',
      note: 'waiting for ECS to show the new deployment',
    });
  });

  it.each([
    [undefined, 'in-progress'],
    [[] as TargetSnapshot[], 'in-progress'],
    [healthy(1), 'in-progress'],
    [
      [...healthy(1), { id: '10.0.0.9', state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' }],
      'in-progress',
    ],
    [healthy(2), 'succeeded'],
  ])('behind an ALB waits for healthy targets: %j → %s', (targets, state) => {
    const s = snap([dep({ runningCount: 2, rolloutState: 'COMPLETED' })], targets);
    expect(judgeRollout(s, { ...base, behindLoadBalancer: true }).state).toBe(state);
  });

  it('fails when the service is draining', () => {
    expect(judgeRollout(snap([dep({})], undefined, 'DRAINING'), base).state).toBe('failed');
  });
});

describe('newEvents and formatProgress', () => {
  it('returns unseen events oldest first', () => {
    const events = [
      { id: 'c', createdAt: '3', message: 'third' },
      { id: 'b', createdAt: '2', message: 'second' },
      { id: 'a', createdAt: '1', message: 'first' },
    ];
    expect(newEvents(events, new Set(['a'])).map((e) => e.message)).toEqual(['second', 'third']);
  });
  it('summarises progress in one line', () => {
    expect(
      formatProgress({
        rolloutState: 'IN_PROGRESS',
        desired: 2,
        running: 1,
        pending: 1,
        failed: 0,
        draining: 2,
        healthyTargets: 1,
      }),
    ).toBe('in progress, running 1/2, pending 1, old tasks 2, healthy targets 1/2');
  });
});

describe('judgeRollout right after CreateService', () => {
  it('waits while the new service is not visible yet, fails if it disappears later', () => {
    const missing = snap([], undefined, 'MISSING');
    expect(judgeRollout(missing, { ...base, seenDeployment: false })).toMatchObject({
      state: 'in-progress',
      note: 'waiting for ECS to show the service',
    });
    expect(judgeRollout(missing, base).state).toBe('failed');
  });
});

describe('judgeRollout counts only the new tasks’ targets', () => {
  it('an old task’s healthy target does not make the new revision healthy', () => {
    const s = {
      ...snap(
        [dep({ desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' })],
        [
          { id: '10.0.0.1', state: 'healthy' },
          { id: '10.0.0.2', state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
        ],
      ),
      newTaskIps: ['10.0.0.2'],
    };
    s.service.desiredCount = 1;
    const verdict = judgeRollout(s, { ...base, behindLoadBalancer: true });
    expect(verdict).toMatchObject({
      state: 'in-progress',
      progress: { healthyTargets: 0, unhealthyTargets: 1 },
    });
    expect(
      judgeRollout({ ...s, newTaskIps: ['10.0.0.1'] }, { ...base, behindLoadBalancer: true }).state,
    ).toBe('succeeded');
  });
});
