// `ship deploy` and `ship plan` through the real CLI and the real AWS SDK
// clients against the fake AWS endpoint, with --image (the build is not the
// point here; deploy-build.test.ts covers it). The scenarios share one fake
// and run in order, like a user's day: first deploy, re-run, change, failure,
// interruption, throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo';
const image = (c: string) => `${repo}@sha256:${c.repeat(64)}`;
const registrations = (fake: FakeAws, from: number) =>
  fake
    .calls()
    .slice(from)
    .filter((c) => c.action === 'RegisterTaskDefinition' && !c.error).length;

describe('ship deploy --image against the fake AWS endpoint', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ship: ShipDir;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 3 });
    fake.failImages(/sha256:f{64}/);
    ship = await shipDir(fake.endpoint);
    await ship.writeConfig({ app: 'demo' });
  });
  afterAll(async () => {
    await ship?.remove();
    await fake?.close();
  });

  it('refuses an invalid config before any AWS call', async () => {
    await ship.writeConfig({ app: 'demo', cpu: 512, memory: 512, secrets: { DB: 'hunter2' } });
    const bad = await ship.run(['deploy', '--image', image('a')]);
    await ship.writeConfig({ app: 'demo' });
    const flags = await ship.run(['deploy', '--image', image('a'), '--cpu', '1024', '--memory', '1024']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'ship.config.json:3: cpu 512, memory 512: Fargate allows 1024–4096 MiB with 512 CPU units; nearest: 512/1024 or 256/512',
    );
    expect(bad.stderr).toContain(
      'ship.config.json:6: secrets.DB: must be an SSM parameter or Secrets Manager secret ARN',
    );
    expect(bad.stderr).not.toContain('hunter2');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(flags.code).toBe(1);
    expect(flags.stderr).toContain(
      '✘ --cpu 1024 --memory 1024: Fargate allows 2048–8192 MiB with 1024 CPU units; nearest: 1024/2048 or 512/1024',
    );
    expect(fake.calls()).toEqual([]);
  });

  it('plans a first deploy: resources to create, the cost, nothing changed', async () => {
    const plan = await ship.run(['plan', '--image', image('a')]);
    expect(plan.stderr).not.toContain('✘');
    expect(plan.code).toBe(0);
    for (const line of [
      '+ create image repository demo',
      '+ create log group /ship/demo/production',
      '+ create task execution role demo-production-us-east-1-execution',
      '+ create cluster demo',
      '+ create security group demo-production-tasks',
      '+ register task definition demo-production:(next revision)',
      '+ create service demo-production',
    ]) {
      expect(plan.stdout).toContain(line);
    }
    expect(plan.stdout).toMatch(/cost: ≈ \$12\.66\/month: \$9\.01 Fargate .* prices of 2026-03/);
    const writes = fake.calls().filter((c) => /^(Create|Register|Put|Update|Authorize)/.test(c.action));
    expect(writes).toEqual([]);
  });

  it('first deploy: creates tagged resources, waits for the rollout, prints the URL', async () => {
    const first = await ship.run(['deploy', '--image', image('a')]);
    expect(first.stderr).not.toContain('✘');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^✔ demo-production runs demo-production:1 at http:\/\/\d+\.\d+\.\d+\.\d+:8080\/\n$/,
    );
    expect(first.stderr).toContain('created cluster demo');
    expect(first.stderr).toContain('completed, running 1/1');
    const ours = fake.inventory().filter((i) => i.tags['ship:app'] === 'demo');
    expect(ours.map((i) => `${i.service}:${i.type}`).sort()).toEqual(
      expect.arrayContaining([
        'ecr:repository',
        'logs:log-group',
        'iam:role',
        'ec2:security-group',
        'ecs:cluster',
        'ecs:service',
      ]),
    );
    for (const item of ours) expect(item.tags['ship:env']).toBe('production');
  });

  it('a re-run with nothing changed creates nothing and says so', async () => {
    const from = fake.calls().length;
    const again = await ship.run(['deploy', '--image', image('a')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing to change: demo-production already runs demo-production:1');
    const writes = fake
      .calls()
      .slice(from)
      .filter((c) => /^(Create|Register|Put|Update|Authorize)/.test(c.action));
    expect(writes).toEqual([]);
    const plan = await ship.run(['plan', '--image', image('a')]);
    expect(plan.stdout).toContain('= task definition demo-production:1 (unchanged)');
    expect(plan.stdout).toContain('nothing to change');
  });

  it('a change registers one new revision and shows the diff', async () => {
    await ship.writeConfig({ app: 'demo', cpu: 512, memory: 1024 });
    const plan = await ship.run(['plan', '--image', image('b')]);
    expect(plan.stdout).toContain('    cpu: 256 → 512');
    expect(plan.stdout).toContain('    image: …/demo@sha256:aaaaaaaaaaaa… → …/demo@sha256:bbbbbbbbbbbb…');
    const from = fake.calls().length;
    const change = await ship.run(['deploy', '--image', image('b'), '--json']);
    expect(change.code).toBe(0);
    const result = JSON.parse(change.stdout);
    expect(result).toMatchObject({ state: 'succeeded', revision: 'demo-production:2', created: [] });
    expect(result.changes).toEqual(
      expect.arrayContaining([
        'cpu: 256 → 512',
        'memory: 512 → 1024',
        'image: …/demo@sha256:aaaaaaaaaaaa… → …/demo@sha256:bbbbbbbbbbbb…',
      ]),
    );
    expect(result.url).toMatch(/^http:\/\//);
    expect(registrations(fake, from)).toBe(1);
  });

  it('a failing image is rolled back and the deploy exits 1 with the reason', async () => {
    const failed = await ship.run(['deploy', '--image', image('f')]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(
      /✘ deploy of demo-production:3 failed and ECS rolled back to demo-production:2: /,
    );
    expect(failed.stderr).toMatch(/stopped tasks \(\d+\): Essential container in task exited; demo exited 1/);
    expect(failed.stderr).toMatch(
      /last log lines of task [0-9a-f]+ \(\/ship\/demo\/production production\/demo\/[0-9a-f]+\):/,
    );
    expect(failed.stderr).toContain('→ fix the app (see the reasons above)');
    expect(failed.stderr).not.toMatch(/\n\s+at /);
  });

  it('a deploy killed while waiting completes when run again, without a new revision', async () => {
    const killed = ship.start(['deploy', '--image', image('c')]);
    await killed.waitFor(/updated service demo-production to demo-production:4/);
    killed.child.kill('SIGKILL');
    await killed.result;
    const from = fake.calls().length;
    const rerun = await ship.run(['deploy', '--image', image('c')]);
    expect(rerun.stderr).not.toContain('✘');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('✔ demo-production runs demo-production:4');
    expect(registrations(fake, from)).toBe(0);
  });

  it('a deploy killed after registering reuses that revision', async () => {
    const killed = ship.start(['deploy', '--image', image('d')]);
    await killed.waitFor(/registered demo-production:5/);
    killed.child.kill('SIGKILL');
    await killed.result;
    const rerun = await ship.run(['deploy', '--image', image('d')]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('✔ demo-production runs demo-production:5');
  });

  it('--no-wait returns once ECS accepted the update; the next deploy waits for it', async () => {
    const accepted = await ship.run(['deploy', '--image', image('9'), '--no-wait', '--json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ state: 'accepted', revision: 'demo-production:6' });
    const waited = await ship.run(['deploy', '--image', image('9')]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('✔ demo-production runs demo-production:6');
  });

  it('still succeeds when AWS throttles every third request', async () => {
    fake.configure({ throttle: { every: 3 } });
    try {
      const throttled = await ship.run(['deploy', '--image', image('e')]);
      expect(throttled.stderr).not.toContain('✘');
      expect(throttled.code).toBe(0);
      expect(throttled.stdout).toContain('✔ demo-production runs demo-production:7');
      expect(fake.calls().filter((c) => /Throttl|RequestLimit/.test(c.error ?? '')).length).toBeGreaterThan(
        0,
      );
    } finally {
      fake.configure({ throttle: false });
    }
  });

  it('with a certificate: HTTPS on 443, HTTP redirects, the URL is https://<ALB DNS name>', async () => {
    const secure = await shipDir(fake.endpoint);
    try {
      const certificateArn =
        'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';
      await secure.writeConfig({ app: 'secure', loadBalancer: 'alb', certificateArn });
      const deployed = await secure.run([
        'deploy',
        '--image',
        image('a').replace('/demo@', '/secure@'),
        '--json',
      ]);
      expect(deployed.stderr).toBe('');
      expect(deployed.code).toBe(0);
      const result = JSON.parse(deployed.stdout);
      expect(result.url).toMatch(/^https:\/\/secure-\S+\.elb\.amazonaws\.com\/$/);
      expect(result.created).toEqual(
        expect.arrayContaining(['HTTPS listener on secure:443', 'HTTP → HTTPS redirect on secure:80']),
      );
    } finally {
      await secure.remove();
    }
  });

  it('refuses to deploy over a same-named resource ship did not create', async () => {
    const other = await shipDir(fake.endpoint);
    try {
      // A cluster named "legacy" made by hand (no ship tags).
      const { ECSClient, CreateClusterCommand } = await import('@aws-sdk/client-ecs');
      const ecs = new ECSClient({
        endpoint: fake.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await ecs.send(new CreateClusterCommand({ clusterName: 'legacy' }));
      ecs.destroy();
      await other.writeConfig({ app: 'legacy' });
      const from = fake.calls().length;
      const refused = await other.run(['deploy', '--image', image('a').replace('/demo@', '/legacy@')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('✘ cannot deploy legacy-production:');
      expect(refused.stderr).toContain(
        'cluster "legacy" exists but was not created by ship (it has no ship:app tag)',
      );
      const writes = fake
        .calls()
        .slice(from)
        .filter((c) => /^(Create|Register|Put|Update|Authorize)/.test(c.action));
      expect(writes).toEqual([]);
    } finally {
      await other.remove();
    }
  });
});
