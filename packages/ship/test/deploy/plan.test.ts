import { describe, expect, it } from 'vitest';
import { formatPlan, type PlanInput, planDeployment, type ResourceStep } from '../../src/deploy/plan.js';
import { asStoredByEcs, demoConfig, demoDefinition, demoNames, digestB } from './fixtures.js';

const network = {
  subnets: ['subnet-1', 'subnet-2'],
  securityGroups: ['sg-1'],
  assignPublicIp: true,
  desiredCount: 1,
};
const kinds = ['image repository', 'log group', 'task execution role', 'cluster', 'security group'] as const;
const resources = (state: 'missing' | 'ours'): ResourceStep[] =>
  kinds.map((kind) => ({
    kind,
    name: kind,
    found: state === 'missing' ? { state: 'missing' } : { state: 'ours', value: {} },
  }));

const rev1 = asStoredByEcs(demoDefinition(), 1);

function input(fields: Partial<PlanInput>): PlanInput {
  return {
    config: demoConfig(),
    names: demoNames,
    resources: resources('ours'),
    current: rev1,
    latest: rev1,
    desired: demoDefinition(),
    service: { ...network, taskDefinition: rev1.taskDefinitionArn!, rolloutInProgress: false },
    desiredService: network,
    keepDesiredCount: false,
    ...fields,
  };
}

describe('planDeployment', () => {
  it('first deploy: creates everything, registers, creates the service', () => {
    const plan = planDeployment(
      input({ resources: resources('missing'), current: undefined, latest: undefined, service: undefined }),
    );
    expect(plan.creates.map((r) => r.kind)).toEqual([...kinds]);
    expect(plan.taskDefinition.action).toBe('register');
    expect(plan.service).toEqual({ action: 'create' });
    expect(plan.nothingToChange).toBe(false);
  });

  it('no change: nothing to change', () => {
    const plan = planDeployment(input({}));
    expect(plan.taskDefinition).toEqual({ action: 'keep', revision: rev1.taskDefinitionArn });
    expect(plan.service).toEqual({ action: 'none' });
    expect(plan.nothingToChange).toBe(true);
    expect(formatPlan(plan, { names: demoNames }).at(-1)).toBe('nothing to change');
  });

  it('code change: registers a revision and shows the image diff', () => {
    const plan = planDeployment(input({ desired: demoDefinition({}, digestB) }));
    expect(plan.taskDefinition.action).toBe('register');
    expect(plan.service).toEqual({ action: 'update', changes: ['task definition: new revision'] });
    expect(formatPlan(plan, { names: demoNames })).toContain(
      '    image: …/demo@sha256:abababababab… → …/demo@sha256:cdcdcdcdcdcd…',
    );
  });

  it('interrupted after registering: reuses that revision instead of adding an identical one', () => {
    const rev2 = asStoredByEcs(demoDefinition({}, digestB), 2);
    const plan = planDeployment(input({ latest: rev2, desired: demoDefinition({}, digestB) }));
    expect(plan.taskDefinition).toMatchObject({ action: 'reuse', revision: rev2.taskDefinitionArn });
  });

  it('interrupted during the wait: waits for the deployment in progress', () => {
    const plan = planDeployment(
      input({ service: { ...network, taskDefinition: rev1.taskDefinitionArn!, rolloutInProgress: true } }),
    );
    expect(plan.service.action).toBe('wait');
    expect(plan.nothingToChange).toBe(false);
  });

  it('desired count: updates unless autoscaling owns it', () => {
    const more = { ...network, desiredCount: 3 };
    expect(planDeployment(input({ desiredService: more })).service).toEqual({
      action: 'update',
      changes: ['desired count: 1 → 3'],
    });
    expect(planDeployment(input({ desiredService: more, keepDesiredCount: true })).service).toEqual({
      action: 'none',
    });
  });

  it('someone else’s resource under our name is a conflict', () => {
    const plan = planDeployment(
      input({
        resources: [
          { kind: 'cluster', name: 'demo', found: { state: 'foreign', detail: 'it has no ship:app tag' } },
        ],
      }),
    );
    expect(plan.conflicts).toEqual([
      'cluster "demo" exists but was not created by ship (it has no ship:app tag)',
    ]);
  });

  it('shows cost and updates to ship’s own resources', () => {
    const plan = planDeployment(
      input({
        resources: [
          {
            kind: 'log group',
            name: '/ship/demo/production',
            found: { state: 'ours', value: {} },
            updates: ['retention 30 → 90 days'],
          },
        ],
      }),
    );
    const lines = formatPlan(plan, { names: demoNames });
    expect(lines).toContain('~ update log group /ship/demo/production: retention 30 → 90 days');
    expect(lines.find((l) => l.startsWith('cost: '))).toMatch(/^cost: ≈ \$\d+\.\d\d\/month/);
  });

  it('says plainly whether the address survives a deploy', () => {
    const none = formatPlan(planDeployment(input({})), { names: demoNames });
    expect(none).toContain(
      'address: http://<task public IP>:8080/, which changes on every deploy (no load balancer; "loadBalancer": "alb" gives a stable one)',
    );
    const alb = planDeployment(input({ config: { ...demoConfig(), loadBalancer: 'alb' } }));
    expect(alb.address).toBe("address: the load balancer's DNS name, stable across deploys");
  });
});
