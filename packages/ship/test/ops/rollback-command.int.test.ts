// `ship rollback` through the real CLI against the fake AWS endpoint: it reuses
// deploy's service update, poller and verdict, so these also exercise those.
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { seedClients, seedDeployedService, seedRevision, tick } from './support/seed-with-sdk.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const target = { app: 'web', env: 'production' };
const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${c.repeat(64)}`;

/** "<number of deployments>:<primary revision>:<rollout state>", read with the SDK (quicker than the CLI). */
async function primaryRevision(fake: FakeAws): Promise<string> {
  const { ecs } = seedClients(fake);
  const found = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['web-production'] }));
  const deployments = found.services![0]!.deployments!;
  return `${deployments.length}:${deployments[0]!.taskDefinition!.split('/').pop()}:${deployments[0]!.rolloutState}`;
}

describe('ship rollback', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    fake.failImages(/sha256:f{64}/);
    ws = await shipWorkspace(fake, { app: 'web' });
    const clients = seedClients(fake);
    await seedDeployedService(fake, clients, target, image('1'));
    await seedRevision(fake, clients, target, image('2'));
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('goes back to the previous completed revision, then to an explicit one', async () => {
    const back = await ws.run(['rollback', '--env', 'production']);
    expect(back.stderr).not.toContain('✘');
    expect(back.code).toBe(0);
    expect(back.stdout).toBe('rolled back to web-production:1\n');
    expect(back.stderr).toContain(
      'rolling back web-production to web-production:1: web-production:2 is completed',
    );
    expect(await primaryRevision(fake)).toBe('1:web-production:1:COMPLETED');

    const forward = await ws.run(['rollback', '--env', 'production', '--to', '2', '--json']);
    expect(forward.code).toBe(0);
    expect(JSON.parse(forward.stdout)).toEqual({
      app: 'web',
      env: 'production',
      service: 'web-production',
      taskDefinition: 'web-production:2',
      revision: 2,
      state: 'succeeded',
    });
    expect(await primaryRevision(fake)).toBe('1:web-production:2:COMPLETED');
  });

  it('refuses a revision that is not registered, or the one already running, before changing anything', async () => {
    const missing = await ws.run(['rollback', '--env', 'production', '--to', '9']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('✘ --to 9: web-production:9 is not a registered revision');
    expect(missing.stderr).toContain('→ registered revisions: web-production:2, web-production:1');
    const same = await ws.run(['rollback', '--env', 'production', '--to', 'web-production:2']);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('✘ web-production:2 is already running');
    expect(fake.calls().filter((c) => c.action === 'UpdateService')).toHaveLength(3);
  });

  it('exits non-zero when the rollback itself fails', async () => {
    const clients = seedClients(fake);
    // A broken revision 3: ECS's circuit breaker rolls the deploy back to 2.
    await seedRevision(fake, clients, target, image('f'));
    expect(await primaryRevision(fake)).toBe('1:web-production:2:COMPLETED');
    const failed = await ws.run(['rollback', '--env', 'production', '--to', '3']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(
      /✘ rollback to web-production:3 failed: .*circuit breaker.*; ECS now runs web-production:2/,
    );
    expect(failed.stderr).toContain('→ see `ship logs --env production --since 15m`');
    // Deploy's failure explanation, on rollback's path too: why the tasks of revision 3 stopped.
    expect(failed.stderr).toMatch(/\n {2}stopped tasks?( \(\d+\))?: /);
  });

  it('--no-wait returns once ECS accepted the update (it used to be ignored)', async () => {
    const accepted = await ws.run(['rollback', '--env', 'production', '--to', '1', '--no-wait', '--json']);
    expect(accepted.stderr).not.toContain('✘');
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      taskDefinition: 'web-production:1',
      state: 'accepted',
    });
    expect(accepted.stderr).toContain(
      'ECS accepted the update; follow it with `ship status --env production`',
    );
    expect(await primaryRevision(fake)).toMatch(/:web-production:1:IN_PROGRESS$/);
  });
});

describe('ship rollback of a stuck deployment', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  beforeAll(async () => {
    // The breaker never trips: a bad revision keeps failing tasks, stuck IN_PROGRESS.
    fake = await startFakeAws({ pollsToStable: 2, circuitBreakerThreshold: 10_000 });
    fake.failImages(/sha256:f{64}/, 'unhealthy');
    ws = await shipWorkspace(fake, { app: 'web' });
    const clients = seedClients(fake);
    await seedDeployedService(fake, clients, target, image('1'));
    await seedRevision(fake, clients, target, image('2'));
    await seedRevision(fake, clients, target, image('f'), { wait: false });
    await tick(clients, target, 8);
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('goes back to the last completed revision and waits until it runs', async () => {
    const before = JSON.parse((await ws.run(['status', '--env', 'production', '--json'])).stdout);
    expect(before.health).toBe('deploying');
    expect(
      before.deployments.map(
        (d: { taskDefinition: string; rolloutState: string }) => `${d.taskDefinition} ${d.rolloutState}`,
      ),
    ).toEqual(['web-production:3 IN_PROGRESS', 'web-production:2 COMPLETED']);
    expect(before.deployments[0].tasks.failed).toBeGreaterThan(0);

    const back = await ws.run(['rollback', '--env', 'production']);
    expect(back.stderr).not.toContain('✘');
    expect(back.code).toBe(0);
    expect(back.stdout).toBe('rolled back to web-production:2\n');
    expect(back.stderr).toContain(
      'web-production:3 is in-progress; web-production:2 is the last that completed',
    );
    expect(await primaryRevision(fake)).toBe('1:web-production:2:COMPLETED');
  });
});
