// The operating commands on what the real `ship deploy --image` created (not
// the SDK seed): an app behind an ALB; status shows its targets; destroy
// removes exactly what deploy created (load balancer, listener, target group,
// both security groups, role, log group, repository, cluster …).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, type InventoryItem, startFakeAws } from '../fake-aws/index.js';
import { holdImages } from '../fake-aws/push-test-image.js';
import { seedClients, seedForeignResources } from './support/seed-with-sdk.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${c.repeat(64)}`;
const isShip = (item: InventoryItem) => Object.keys(item.tags).some((k) => k.startsWith('ship:'));
const key = (item: InventoryItem) => `${item.type} ${item.name ?? item.id}`;

describe('status, rollback and destroy after a real `ship deploy` behind an ALB', {
  timeout: 300_000,
}, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let foreign: string[];
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    await seedForeignResources(seedClients(fake));
    foreign = fake
      .inventory()
      .filter((i) => !isShip(i))
      .map(key)
      .sort();
    ws = await shipWorkspace(fake, { app: 'shop', loadBalancer: 'alb', desiredCount: 2 });
    for (const c of ['1', '2']) {
      const deployed = await ws.run(['deploy', '--env', 'production', '--image', image(c), '--yes']);
      expect(deployed.stderr).not.toContain('✘');
      expect(deployed.code).toBe(0);
    }
    // No registry here: the repository holds the images only because the test says so (rollback checks).
    holdImages(fake, [image('1'), image('2')]);
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('status shows the ALB URL and healthy targets', async () => {
    const { code, stdout } = await ws.run(['status', '--env', 'production']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}url {9}http:\/\/shop-\S+\.elb\.amazonaws\.com\/$/m);
    expect(stdout).toMatch(/\nTargets\n {2}\S+:8080 +healthy\n {2}\S+:8080 +healthy\n/);
    expect(stdout).toMatch(/PRIMARY shop-production:2 +COMPLETED +2\/2 running/);
  });

  it('rollback goes back to the previous revision deploy registered', async () => {
    const { code, stdout } = await ws.run(['rollback', '--env', 'production']);
    expect(code).toBe(0);
    expect(stdout).toBe('rolled back to shop-production:1\n');
  });

  it('a second environment gets its own target group and a host rule on the shared listener', async () => {
    const beta = await ws.run(['deploy', '--env', 'beta', '--image', image('3'), '--yes']);
    expect(beta.stderr).not.toContain('✘');
    expect(beta.code).toBe(0);
    expect(beta.stderr).toContain('created listener rule on listener :80: Host beta.* → beta');
    // beta answers by Host rule: the ALB's own name serves production, so say the host name and DNS record.
    expect(beta.stdout).toMatch(
      /http:\/\/beta\.<your domain>\/ \(the load balancer answers beta for Host beta\.\*; its own name serves the default environment\) — needs a DNS record: beta\.<your domain> CNAME shop-\S+\.elb\.amazonaws\.com/,
    );
    const betaStatus = await ws.run(['status', '--env', 'beta']);
    expect(betaStatus.stdout).toContain('http://beta.<your domain>/');
    const productionStatus = await ws.run(['status', '--env', 'production']);
    expect(productionStatus.stdout).toMatch(/^ {2}url {9}http:\/\/shop-\S+\.elb\.amazonaws\.com\/$/m);
    const rules = fake.inventory().filter((i) => i.type === 'rule');
    expect(rules.map((r) => r.tags['ship:env'])).toEqual(['beta']);
    expect(
      fake
        .inventory()
        .filter((i) => i.type === 'target-group')
        .map((i) => i.name)
        .sort(),
    ).toEqual(['shop-beta', 'shop-production']);
  });

  it('destroying the default environment leaves the other routed; destroying the last removes exactly what deploy created', async () => {
    const created = fake.inventory().filter(isShip).map(key);
    expect(created).toEqual(
      expect.arrayContaining([
        'load-balancer shop',
        'target-group shop-production',
        'target-group shop-beta',
        'security-group shop-alb',
        'security-group shop-production-tasks',
        'service shop-production',
        'service shop-beta',
        'cluster shop',
        'repository shop',
      ]),
    );
    const production = await ws.run(['destroy', '--env', 'production', '--yes']);
    expect(production.stderr).not.toContain('✘');
    expect(production.code).toBe(0);
    expect(production.stderr).toContain('Shared resources stay for: beta.');
    const left = fake.inventory().filter(isShip);
    expect(left.filter((i) => i.tags['ship:env'] === 'production' && i.tags['ship:scope'] === 'env')).toEqual(
      [],
    );
    expect(left.map(key)).toEqual(
      expect.arrayContaining(['service shop-beta', 'target-group shop-beta', 'load-balancer shop']),
    );
    const status = JSON.parse((await ws.run(['status', '--env', 'beta', '--json'])).stdout);
    expect(status.health).toBe('steady');

    const beta = await ws.run(['destroy', '--env', 'beta', '--yes']);
    expect(beta.stderr).not.toContain('✘');
    expect(beta.code).toBe(0);
    const order = [...beta.stderr.matchAll(/✔ deleted (.+) (\S+) \(/g)].map((m) => `${m[1]} ${m[2]}`);
    const at = (entry: string) => {
      expect(order).toContain(entry);
      return order.indexOf(entry);
    };
    expect(at('service shop-beta')).toBeLessThan(at('target group shop-beta'));
    expect(at('load balancer shop')).toBeLessThan(at('load balancer security group shop-alb'));
    expect(at('service shop-beta')).toBeLessThan(at('security group shop-beta-tasks'));
    expect(at('service shop-beta')).toBeLessThan(at('cluster shop'));
    expect(fake.inventory().filter(isShip)).toEqual([]);
    expect(fake.inventory().map(key).sort()).toEqual(foreign);
  });
});
