// The same environment in two regions through the real CLI against the fake AWS endpoint, whose
// IAM is global as AWS's is ([iam-global-names]): each region gets its own execution role, and
// destroying one region leaves the other running with its role and image intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { type ShipDir, shipDir } from './support/ship-process.js';

const image = (region: string) => `123456789012.dkr.ecr.${region}.amazonaws.com/web@sha256:${'a'.repeat(64)}`;

describe('one environment in two regions', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ship: ShipDir;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ship = await shipDir(fake.endpoint);
    await ship.writeConfig({ app: 'web', environment: 'production' });
  });
  afterAll(async () => {
    await ship?.remove();
    await fake?.close();
  });

  const roles = () =>
    fake
      .inventory()
      .filter((i) => i.type === 'role')
      .map((i) => `${i.name} ${i.tags['ship:region']}`)
      .sort();

  it('gives each region its own execution role; destroying one region leaves the other intact', async () => {
    const east = await ship.run(['deploy', '--image', image('us-east-1'), '--region', 'us-east-1']);
    expect(east.stderr).not.toContain('✘');
    expect(east.code).toBe(0);
    const west = await ship.run(['deploy', '--image', image('eu-west-1'), '--region', 'eu-west-1']);
    expect(west.stderr).not.toContain('✘');
    expect(west.code).toBe(0);
    expect(west.stderr).toContain('created task execution role web-production-eu-west-1-execution');
    expect(roles()).toEqual([
      'web-production-eu-west-1-execution eu-west-1',
      'web-production-us-east-1-execution us-east-1',
    ]);
    // The first region's role still has the first region's permissions.
    const eastPolicy = fake.state.iam.roles.get('web-production-us-east-1-execution')!.inlinePolicies;
    expect([...eastPolicy.values()].join()).toContain('arn:aws:ecr:us-east-1:');
    expect([...eastPolicy.values()].join()).not.toContain('eu-west-1');

    const destroyed = await ship.run(['destroy', '--env', 'production', '--region', 'eu-west-1', '--yes']);
    expect(destroyed.stderr).not.toContain('✘');
    expect(destroyed.code).toBe(0);
    expect(destroyed.stderr).toContain('region eu-west-1');
    expect(roles()).toEqual(['web-production-us-east-1-execution us-east-1']);
    const left = fake.inventory().filter((i) => i.tags['ship:app'] === 'web');
    expect(left.filter((i) => i.region === 'eu-west-1')).toEqual([]);
    const eastService = left.find((i) => i.type === 'service');
    expect(eastService).toMatchObject({ region: 'us-east-1', status: 'ACTIVE' });
    expect(left.some((i) => i.type === 'repository' && i.region === 'us-east-1')).toBe(true);

    const status = await ship.run(['status', '--region', 'us-east-1']);
    expect(status.code).toBe(0);
  });
});
