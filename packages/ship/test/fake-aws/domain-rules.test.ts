// The rules AWS enforces on the calls an own-domain deploy makes (catalogue
// in README.md): Route 53 batches refuse a CREATE of an existing set and a
// DELETE that does not match exactly; ACM keeps a certificate a listener
// uses; an HTTPS listener needs a certificate.
import * as acm from '@aws-sdk/client-acm';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as r53 from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
let route53: r53.Route53Client;
let certificates: acm.ACMClient;
let elb: elbv2.ElasticLoadBalancingV2Client;
let zoneId: string;
beforeAll(async () => {
  fake = await startFakeAws();
  route53 = new r53.Route53Client(sdkConfig(fake));
  certificates = new acm.ACMClient(sdkConfig(fake));
  elb = new elbv2.ElasticLoadBalancingV2Client(sdkConfig(fake, { maxAttempts: 1 }));
  const zone = await route53.send(
    new r53.CreateHostedZoneCommand({ Name: 'rules.test', CallerReference: 'r' }),
  );
  zoneId = zone.HostedZone!.Id!;
});
afterAll(async () => {
  for (const c of [route53, certificates, elb]) c?.destroy();
  await fake?.close();
});

const txt = (name: string, ttl: number, value: string): r53.ResourceRecordSet => ({
  Name: name,
  Type: 'TXT',
  TTL: ttl,
  ResourceRecords: [{ Value: value }],
});
const change = (Action: r53.ChangeAction, ResourceRecordSet: r53.ResourceRecordSet) =>
  route53.send(
    new r53.ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: { Changes: [{ Action, ResourceRecordSet }] },
    }),
  );

it('[route53-create-existing] CREATE of a set that exists is InvalidChangeBatch; UPSERT replaces it', async () => {
  await change('CREATE', txt('_ship.a.rules.test', 300, '"one"'));
  await expect(change('CREATE', txt('_ship.a.rules.test', 300, '"two"'))).rejects.toMatchObject({
    name: 'InvalidChangeBatch',
    message:
      "Tried to create resource record set [name='_ship.a.rules.test.', type='TXT'] but it already exists",
  });
  await change('UPSERT', txt('_ship.a.rules.test', 300, '"two"'));
  const listed = await route53.send(
    new r53.ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: '_ship.a.rules.test' }),
  );
  expect(listed.ResourceRecordSets?.[0]?.ResourceRecords).toEqual([{ Value: '"two"' }]);
});

it('[route53-delete-exact] DELETE must name the set exactly as it is: TTL and values too', async () => {
  await change('CREATE', txt('_ship.b.rules.test', 300, '"mine"'));
  await expect(change('DELETE', txt('_ship.b.rules.test', 60, '"mine"'))).rejects.toMatchObject({
    name: 'InvalidChangeBatch',
    message:
      "Tried to delete resource record set [name='_ship.b.rules.test.', type='TXT'] but it was not found",
  });
  await expect(change('DELETE', txt('_ship.b.rules.test', 300, '"other"'))).rejects.toMatchObject({
    name: 'InvalidChangeBatch',
  });
  await change('DELETE', txt('_ship.b.rules.test', 300, '"mine"'));
});

it('[acm-certificate-in-use] a certificate an HTTPS listener uses cannot be deleted (ResourceInUseException)', async () => {
  const { CertificateArn } = await certificates.send(
    new acm.RequestCertificateCommand({ DomainName: 'rules.test', ValidationMethod: 'DNS' }),
  );
  const lb = await elb.send(
    new elbv2.CreateLoadBalancerCommand({ Name: 'rules', Subnets: fake.state.ec2.subnets.map((s) => s.id) }),
  );
  const tg = await elb.send(
    new elbv2.CreateTargetGroupCommand({
      Name: 'rules',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: fake.state.ec2.vpc.id,
      TargetType: 'ip',
    }),
  );
  const listener = await elb.send(
    new elbv2.CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn,
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroups![0]!.TargetGroupArn }],
    }),
  );
  await expect(certificates.send(new acm.DeleteCertificateCommand({ CertificateArn }))).rejects.toMatchObject(
    {
      name: 'ResourceInUseException',
    },
  );
  const described = await certificates.send(new acm.DescribeCertificateCommand({ CertificateArn }));
  expect(described.Certificate?.InUseBy).toEqual([lb.LoadBalancers![0]!.LoadBalancerArn]);
  await elb.send(new elbv2.DeleteListenerCommand({ ListenerArn: listener.Listeners![0]!.ListenerArn }));
  await certificates.send(new acm.DeleteCertificateCommand({ CertificateArn }));
});

it('[elb-https-needs-certificate] an HTTPS listener without a certificate is refused', async () => {
  const [lb] = (await elb.send(new elbv2.DescribeLoadBalancersCommand({ Names: ['rules'] }))).LoadBalancers!;
  await expect(
    elb.send(
      new elbv2.CreateListenerCommand({
        LoadBalancerArn: lb!.LoadBalancerArn,
        Port: 8443,
        Protocol: 'HTTPS',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      }),
    ),
  ).rejects.toMatchObject({
    name: 'ValidationError',
    message: 'A certificate must be specified for HTTPS listeners',
  });
});

it('[route53-global] hosted zones are the account’s: a request signed for any region sees the same ones', async () => {
  const elsewhere = new r53.Route53Client(sdkConfig(fake, { region: 'eu-west-1' }));
  const zones = await elsewhere.send(new r53.ListHostedZonesCommand({}));
  elsewhere.destroy();
  expect(zones.HostedZones?.map((z) => z.Id)).toContain(zoneId);
});
