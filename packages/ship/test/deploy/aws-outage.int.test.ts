// An AWS call that keeps failing on AWS's side (HTTP 503 through every retry) is reported as
// AWS's error, naming the call and saying a retry may help: not "ship hit a bug" (exit 70).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

describe('AWS failing on its side', { timeout: 120_000 }, () => {
  let fake: FakeAws;
  let ship: ShipDir;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2, unavailable: ['ecs:CreateCluster'] });
    ship = await shipDir(fake.endpoint, { AWS_MAX_ATTEMPTS: '2' });
    await ship.writeConfig({ app: 'web', environment: 'production' });
  });
  afterAll(async () => {
    await ship?.remove();
    await fake?.close();
  });

  it('names the failing call, says a retry may help, exits 1 without a stack trace', async () => {
    const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`;
    const deploy = await ship.run(['deploy', '--image', image]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain(
      "✘ AWS ECS.CreateCluster failed on AWS's side: ServiceUnavailable (HTTP 503) after 2 attempts: Service is unavailable. Please try again later.",
    );
    expect(deploy.stderr).toContain('→ a retry may help: run the command again');
    expect(deploy.stderr).not.toContain('hit a bug');
    expect(deploy.stderr).not.toMatch(/\n\s+at /);
    expect(
      fake
        .calls()
        .filter((c) => c.action === 'CreateCluster')
        .map((c) => c.error),
    ).toEqual(['ServiceUnavailable', 'ServiceUnavailable']);

    // Once AWS recovers, the same command finishes the job.
    fake.configure({ unavailable: [] });
    const again = await ship.run(['deploy', '--image', image]);
    expect(again.stderr).not.toContain('✘');
    expect(again.code).toBe(0);
  });
});
