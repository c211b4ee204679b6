// The app's own domain through the CLI against the fake AWS: `ship plan` lists
// the certificate, the HTTPS listener and the records; the first deploy finds
// the hosted zone, gets a certificate issued after DNS validation, points
// `example.com` at the load balancer and prints https://example.com/; a second
// environment answers at feature-x.example.com (record + host rule) with no
// new certificate; status says both addresses; destroying feature-x removes
// only its records; destroying the last environment removes the certificate.
import * as r53 from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from '../ops/support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${c.repeat(64)}`;

describe('loadBalancer alb with a domain', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let route53: r53.Route53Client;
  let zoneId: string;
  let parentZoneId: string;

  const records = async (id = zoneId) => {
    const out = await route53.send(new r53.ListResourceRecordSetsCommand({ HostedZoneId: id }));
    return (out.ResourceRecordSets ?? [])
      .filter((r) => r.Type !== 'NS' && r.Type !== 'SOA')
      .map((r) =>
        r.AliasTarget
          ? `${r.Name} ${r.Type} alias ${r.AliasTarget.DNSName}`
          : `${r.Name} ${r.Type} ${(r.ResourceRecords ?? []).map((v) => v.Value).join(',')}`,
      );
  };
  const certificates = () => fake.inventory().filter((i) => i.service === 'acm' && i.type === 'certificate');

  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    route53 = new r53.Route53Client(sdkConfig(fake));
    // The longer zone holds the domain: the parent must not be written to.
    const parent = await route53.send(
      new r53.CreateHostedZoneCommand({ Name: 'example.org', CallerReference: 'parent' }),
    );
    parentZoneId = parent.HostedZone!.Id!.replace('/hostedzone/', '');
    const zone = await route53.send(
      new r53.CreateHostedZoneCommand({ Name: 'shop.example.org', CallerReference: 'shop' }),
    );
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    ws = await shipWorkspace(fake, {
      app: 'shop',
      loadBalancer: 'alb',
      domain: { name: 'shop.example.org', production: 'apex' },
    });
  });
  afterAll(async () => {
    route53?.destroy();
    await ws?.remove();
    await fake?.close();
  });

  it('plan lists the certificate, the HTTPS listener and the record, and the https address', async () => {
    const { code, stdout, stderr } = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    expect(stdout).toMatch(/certificate shop\.example\.org \+ \*\.shop\.example\.org/);
    expect(stdout).toMatch(/listener shop:443/);
    expect(stdout).toMatch(/dns record shop\.example\.org A/);
    expect(stdout).toContain('https://shop.example.org/');
  });

  it('deploy: certificate issued after DNS validation, alias record, HTTPS listener, HTTP redirect, https URL', async () => {
    const { code, stdout, stderr } = await ws.run([
      'deploy',
      '--env',
      'production',
      '--image',
      image('1'),
      '--yes',
    ]);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    expect(stderr).toMatch(/validation record _\w+\.shop\.example\.org CNAME written/);
    expect(stderr).toMatch(
      /created certificate shop\.example\.org \+ \*\.shop\.example\.org \(issued after DNS validation/,
    );
    expect(stdout + stderr).toContain('https://shop.example.org/');
    const [certificate] = certificates();
    expect(certificates()).toHaveLength(1);
    expect(fake.state.elbv2.listeners.size).toBe(2);
    const listeners = [...fake.state.elbv2.listeners.values()];
    const https = listeners.find((l) => l.port === 443)!;
    expect(https.certificates).toEqual([{ CertificateArn: certificate!.id }]);
    expect(https.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    const http = listeners.find((l) => l.port === 80)!;
    expect(JSON.stringify(http.defaultActions)).toContain('HTTP_301');
    const lb = [...fake.state.elbv2.loadBalancers.values()][0]!;
    const written = await records();
    expect(written).toContain(`shop.example.org. A alias ${lb.dnsName.toLowerCase()}.`);
    expect(written).toContain(
      '_ship.shop.example.org. TXT "ship:app=shop ship:env=production ship:region=us-east-1"',
    );
    expect(written.filter((r) => / CNAME _/.test(r))).toHaveLength(1);
    expect(await records(parentZoneId)).toEqual([]);
    // The load balancer admits 443 and 80 (for the redirect).
    const group = fake.inventory().find((i) => i.name === 'shop-alb');
    expect(group).toBeDefined();
  });

  it('a second environment answers at feature-x.<domain> with the same certificate', async () => {
    const { code, stdout, stderr } = await ws.run([
      'deploy',
      '--env',
      'feature-x',
      '--image',
      image('2'),
      '--yes',
    ]);
    expect(stderr).not.toContain('✘');
    expect(code).toBe(0);
    expect(stdout + stderr).toContain('https://feature-x.shop.example.org/');
    expect(stderr).not.toMatch(/created certificate/);
    expect(certificates()).toHaveLength(1);
    const rules = [...fake.state.elbv2.rules.values()];
    expect(JSON.stringify(rules.map((r) => r.conditions))).toContain('feature-x.shop.example.org');
    expect(await records()).toContain(
      '_ship.feature-x.shop.example.org. TXT "ship:app=shop ship:env=feature-x ship:region=us-east-1"',
    );
    const status = await ws.run(['status', '--env', 'feature-x']);
    expect(status.stdout).toContain('https://feature-x.shop.example.org/');
    const again = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(again.stdout).toMatch(/nothing to change/i);
  });

  it('a record ship did not make is refused before anything is created; a CNAME to the load balancer is replaced', async () => {
    const lb = [...fake.state.elbv2.loadBalancers.values()][0]!;
    await route53.send(
      new r53.ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'mine.shop.example.org',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.7' }],
              },
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'beta.shop.example.org',
                Type: 'CNAME',
                TTL: 60,
                ResourceRecords: [{ Value: lb.dnsName }],
              },
            },
          ],
        },
      }),
    );
    const before = fake.inventory();
    const refused = await ws.run(['deploy', '--env', 'mine', '--image', image('3'), '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'dns record "mine.shop.example.org A" exists but was not created by ship',
    );
    expect(refused.stderr).not.toContain('    at ');
    expect(fake.inventory()).toEqual(before);

    // The same environment in another region would need the same name: refused, never taken over.
    const elsewhere = await ws.run([
      'plan',
      '--env',
      'production',
      '--region',
      'eu-west-1',
      '--image',
      image('3'),
    ]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout + elsewhere.stderr).toContain(
      'dns record "shop.example.org A" exists but was not created by ship (its ship:region tag says us-east-1)',
    );
    const plan = await ws.run(['plan', '--env', 'beta', '--image', image('4')]);
    expect(plan.stdout).toMatch(/dns record beta\.shop\.example\.org A/);
    const beta = await ws.run(['deploy', '--env', 'beta', '--image', image('4'), '--yes']);
    expect(beta.stderr).not.toContain('✘');
    expect(beta.code).toBe(0);
    const now = await records();
    expect(now).toContain(`beta.shop.example.org. A alias ${lb.dnsName.toLowerCase()}.`);
    expect(now.filter((r) => r.startsWith('beta.shop.example.org. CNAME'))).toEqual([]);
  });

  it('destroying one environment removes only its records; the last one removes the certificate', async () => {
    for (const env of ['beta', 'feature-x']) {
      const run = await ws.run(['destroy', '--env', env, '--yes']);
      expect(run.stderr).not.toContain('✘');
      expect(run.code).toBe(0);
    }
    const left = await records();
    expect(left.filter((r) => /feature-x|beta/.test(r))).toEqual([]);
    expect(left).toContain(
      '_ship.shop.example.org. TXT "ship:app=shop ship:env=production ship:region=us-east-1"',
    );
    expect(left).toContain('mine.shop.example.org. A 192.0.2.7');
    expect(certificates()).toHaveLength(1);

    const last = await ws.run(['destroy', '--env', 'production', '--yes']);
    expect(last.stderr).not.toContain('✘');
    expect(last.code).toBe(0);
    expect(last.stderr).toMatch(/deleted certificate shop\.example\.org/);
    expect(certificates()).toEqual([]);
    // Only the user's record and ACM's validation CNAME (kept for any other certificate of the name) stay.
    const remaining = await records();
    expect(remaining).toHaveLength(2);
    expect(remaining[0]).toMatch(/^_\w+\.shop\.example\.org\. CNAME _\w+\.\w+\.acm-validations\.aws\.$/);
    expect(remaining[1]).toBe('mine.shop.example.org. A 192.0.2.7');
    expect(fake.inventory().filter((i) => i.tags['ship:app'])).toEqual([]);
  });

  it('a domain no hosted zone holds is refused, naming the domain and the zones there are', async () => {
    const other = await shipWorkspace(fake, {
      app: 'other',
      loadBalancer: 'alb',
      domain: { name: 'example.net' },
    });
    try {
      const run = await other.run(['plan', '--env', 'production', '--image', image('5')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('domain example.net: no public Route 53 hosted zone holds it');
      expect(run.stderr).toContain('example.org');
      expect(run.stderr).toContain('shop.example.org');
      expect(run.stderr).not.toContain('    at ');
    } finally {
      await other.remove();
    }
  });
});
