import { describe, expect, it } from 'vitest';
import {
  type DeploymentView,
  renderStatus,
  type ServiceStatus,
  serviceHealth,
  statusJson,
} from '../../src/ops/status-view.js';

const now = Date.parse('2026-11-26T08:00:00Z');
const digest = 'sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988';

const deployment = (over: Partial<DeploymentView> = {}): DeploymentView => ({
  id: 'ecs-svc/1111',
  role: 'PRIMARY',
  taskDefinition: 'web-production:12',
  revision: 12,
  rolloutState: 'COMPLETED',
  rolloutReason: undefined,
  running: 2,
  pending: 0,
  desired: 2,
  failed: 0,
  createdAt: now - 3_600_000,
  updatedAt: now - 3_000_000,
  images: [{ container: 'web', image: `123.dkr.ecr.eu-west-1.amazonaws.com/web@${digest}`, digest }],
  ...over,
});

const steady: ServiceStatus = {
  app: 'web',
  env: 'production',
  region: 'eu-west-1',
  cluster: 'web',
  service: 'web-production',
  status: 'ACTIVE',
  running: 2,
  pending: 0,
  desired: 2,
  deployments: [deployment()],
  events: [
    { at: now - 3_000_000, message: '(service web-production) has reached a steady state.' },
    {
      at: now - 3_500_000,
      message: '(service web-production) registered 2 targets in (target-group web-production)',
    },
  ],
  targets: [
    { id: '10.0.1.5', port: 8080, state: 'healthy', reason: undefined },
    { id: '10.0.2.7', port: 8080, state: 'healthy', reason: undefined },
  ],
  url: 'http://web-123.eu-west-1.elb.amazonaws.com',
  cost: {
    tasks: 2,
    cpu: 256,
    memoryMiB: 512,
    platform: 'X86_64',
    monthlyUsd: 18.02,
    arm64MonthlyUsd: 14.42,
    priceDate: '2026-11-01',
  },
  autoscaling: { min: 1, max: 4, metric: 'ECSServiceAverageCPUUtilization', targetValue: 60 },
};

describe('renderStatus', () => {
  it('shows a steady service', () => {
    expect(renderStatus(steady, now)).toBe(
      [
        'web · production · eu-west-1: steady',
        '  service     web-production (cluster web, ACTIVE)',
        '  tasks       2 running, 0 pending, 2 desired',
        '  autoscaling 1–4 tasks, ECSServiceAverageCPUUtilization target 60',
        '  url         http://web-123.eu-west-1.elb.amazonaws.com',
        '  cost        $18.02/month (2 × 0.25 vCPU / 0.5 GiB X86_64, prices of 2026-11-01); on ARM64 $14.42 (saves $3.60)',
        '',
        'Deployments',
        '  PRIMARY web-production:12    COMPLETED   2/2 running, updated 50m ago',
        '          web: 123.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:1f2e3d4c5b6a…',
        '',
        'Targets',
        '  10.0.1.5:8080          healthy',
        '  10.0.2.7:8080          healthy',
        '',
        'Recent events',
        '   50m ago  (service web-production) has reached a steady state.',
        '   58m ago  (service web-production) registered 2 targets in (target-group web-production)',
        '',
      ].join('\n'),
    );
  });

  it('shows a failing rollout with its reason and the old deployment still serving', () => {
    const failing: ServiceStatus = {
      ...steady,
      deployments: [
        deployment({
          id: 'ecs-svc/2222',
          taskDefinition: 'web-production:13',
          revision: 13,
          rolloutState: 'FAILED',
          rolloutReason: 'ECS deployment circuit breaker: tasks failed to start.',
          running: 0,
          desired: 2,
          failed: 3,
          updatedAt: now - 20_000,
        }),
        deployment({ role: 'ACTIVE' }),
      ],
      targets: [{ id: '10.0.3.9', port: 8080, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' }],
      cost: { ...steady.cost!, platform: 'ARM64', arm64MonthlyUsd: undefined },
    };
    const text = renderStatus(failing, now);
    expect(text).toContain('web · production · eu-west-1: failed');
    expect(text).toContain(
      '  PRIMARY web-production:13    FAILED      0/2 running, 3 failed, updated 20s ago — ECS deployment circuit breaker: tasks failed to start.',
    );
    expect(text).toContain('  ACTIVE  web-production:12    COMPLETED   2/2 running');
    expect(text).toContain('  10.0.3.9:8080          unhealthy (Target.ResponseCodeMismatch)');
    expect(text).toContain('$18.02/month (2 × 0.25 vCPU / 0.5 GiB ARM64, prices of 2026-11-01)\n');
  });

  it('says when there is no service', () => {
    expect(renderStatus({ ...steady, status: 'MISSING', deployments: [] }, now)).toBe(
      'web · production · eu-west-1: no service web-production in cluster web\n',
    );
  });
});

describe('serviceHealth', () => {
  it.each([
    ['steady', steady],
    ['missing', { ...steady, status: 'MISSING' as const }],
    ['deploying', { ...steady, deployments: [deployment({ rolloutState: 'IN_PROGRESS' })] }],
    ['deploying', { ...steady, deployments: [deployment(), deployment({ role: 'ACTIVE' })] }],
    ['failed', { ...steady, deployments: [deployment({ rolloutState: 'FAILED' })] }],
    ['degraded', { ...steady, running: 1 }],
    ['degraded', { ...steady, targets: [{ id: 'x', port: 1, state: 'draining', reason: undefined }] }],
    ['degraded', { ...steady, deployments: [] }],
    ['steady', { ...steady, targets: undefined }],
  ])('%s', (health, status) => {
    expect(serviceHealth(status)).toBe(health);
  });
});

describe('statusJson', () => {
  it('has the documented stable shape', () => {
    expect(statusJson(steady)).toEqual({
      schemaVersion: 1,
      app: 'web',
      env: 'production',
      region: 'eu-west-1',
      cluster: 'web',
      service: 'web-production',
      status: 'ACTIVE',
      health: 'steady',
      tasks: { running: 2, pending: 0, desired: 2 },
      url: 'http://web-123.eu-west-1.elb.amazonaws.com',
      deployments: [
        {
          id: 'ecs-svc/1111',
          role: 'PRIMARY',
          taskDefinition: 'web-production:12',
          revision: 12,
          rolloutState: 'COMPLETED',
          rolloutReason: null,
          tasks: { running: 2, pending: 0, desired: 2, failed: 0 },
          createdAt: '2026-11-26T07:00:00.000Z',
          updatedAt: '2026-11-26T07:10:00.000Z',
          images: [{ container: 'web', image: `123.dkr.ecr.eu-west-1.amazonaws.com/web@${digest}`, digest }],
        },
      ],
      targets: [
        { id: '10.0.1.5', port: 8080, state: 'healthy', reason: null },
        { id: '10.0.2.7', port: 8080, state: 'healthy', reason: null },
      ],
      events: [
        { at: '2026-11-26T07:10:00.000Z', message: '(service web-production) has reached a steady state.' },
        {
          at: '2026-11-26T07:01:40.000Z',
          message: '(service web-production) registered 2 targets in (target-group web-production)',
        },
      ],
      autoscaling: { min: 1, max: 4, metric: 'ECSServiceAverageCPUUtilization', targetValue: 60 },
      cost: {
        monthlyUsd: 18.02,
        tasks: 2,
        cpu: 256,
        memoryMiB: 512,
        platform: 'X86_64',
        arm64MonthlyUsd: 14.42,
        priceDate: '2026-11-01',
      },
    });
  });

  it('uses null, never a missing key, for absent parts', () => {
    const json = statusJson({
      ...steady,
      targets: undefined,
      url: undefined,
      cost: undefined,
      autoscaling: undefined,
    });
    expect(json.targets).toBeNull();
    expect(json.url).toBeNull();
    expect(json.cost).toBeNull();
    expect(json.autoscaling).toBeNull();
    expect(Object.keys(JSON.parse(JSON.stringify(json)))).toEqual(Object.keys(statusJson(steady)));
  });
});
