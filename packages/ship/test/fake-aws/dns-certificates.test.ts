// Route 53, ACM and CloudWatch alarms in the fake, through the real SDK
// clients: a certificate is issued only once its validation CNAME has
// propagated; record batches are atomic and refused as Route 53 refuses them;
// alarms are validated as CloudWatch validates them and fire on SetAlarmState.
import * as acm from '@aws-sdk/client-acm';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as r53 from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';
import { conformance, type RecordingProxy, startRecordingProxy } from './sdk-conformance.js';

let fake: FakeAws;
let proxy: RecordingProxy;
let route53: r53.Route53Client;
let certificates: acm.ACMClient;
let cloudwatch: cw.CloudWatchClient;
beforeAll(async () => {
  fake = await startFakeAws();
  // ACM and CloudWatch answers are recorded and checked against the SDK model at the end;
  // Route 53's are written from the SDK's own output schemas (protocol-rest-xml.ts).
  proxy = await startRecordingProxy(fake.endpoint);
  const viaProxy = { ...fake, endpoint: proxy.endpoint } as FakeAws;
  route53 = new r53.Route53Client(sdkConfig(fake));
  certificates = new acm.ACMClient(sdkConfig(viaProxy));
  cloudwatch = new cw.CloudWatchClient(sdkConfig(viaProxy, { maxAttempts: 1 }));
});
afterAll(async () => {
  for (const c of [route53, certificates, cloudwatch]) c?.destroy();
  await proxy?.close();
  await fake?.close();
});

const createZone = async (name: string) => {
  const out = await route53.send(
    new r53.CreateHostedZoneCommand({ Name: name, CallerReference: `ref-${name}` }),
  );
  return out.HostedZone!.Id!;
};

const waitInsync = async (changeId: string) => {
  const seen: string[] = [];
  for (let i = 0; i < 10; i++) {
    const out = await route53.send(new r53.GetChangeCommand({ Id: changeId }));
    seen.push(out.ChangeInfo!.Status!);
    if (out.ChangeInfo!.Status === 'INSYNC') break;
  }
  return seen;
};

describe('Route 53', () => {
  it('creates a zone with its NS and SOA, finds it by name, and lists records with trailing dots', async () => {
    const id = await createZone('example.com');
    expect(id).toMatch(/^\/hostedzone\/Z[0-9A-F]{20}$/);
    const byName = await route53.send(new r53.ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
    expect(byName.HostedZones?.[0]).toMatchObject({
      Id: id,
      Name: 'example.com.',
      Config: { PrivateZone: false },
    });
    const records = await route53.send(new r53.ListResourceRecordSetsCommand({ HostedZoneId: id }));
    expect(records.ResourceRecordSets?.map((r) => `${r.Name} ${r.Type}`)).toEqual([
      'example.com. NS',
      'example.com. SOA',
    ]);
    await expect(
      route53.send(
        new r53.CreateHostedZoneCommand({ Name: 'other.com', CallerReference: 'ref-example.com' }),
      ),
    ).rejects.toMatchObject({ name: 'HostedZoneAlreadyExists' });
  });

  it('changes are PENDING, then INSYNC; batches are all or nothing and refused as Route 53 refuses them', async () => {
    const id = await createZone('shop.test');
    const cname = (action: r53.ChangeAction, value: string) => ({
      Action: action,
      ResourceRecordSet: {
        Name: 'www.shop.test',
        Type: 'CNAME' as const,
        TTL: 60,
        ResourceRecords: [{ Value: value }],
      },
    });
    const created = await route53.send(
      new r53.ChangeResourceRecordSetsCommand({
        HostedZoneId: id,
        ChangeBatch: { Changes: [cname('CREATE', 'a.test')] },
      }),
    );
    expect(created.ChangeInfo?.Status).toBe('PENDING');
    expect(await waitInsync(created.ChangeInfo!.Id!)).toEqual(['PENDING', 'PENDING', 'INSYNC']);
    const batch = (changes: r53.Change[]) =>
      route53.send(
        new r53.ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: changes } }),
      );
    await expect(batch([cname('CREATE', 'b.test')])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message:
        "Tried to create resource record set [name='www.shop.test.', type='CNAME'] but it already exists",
    });
    await expect(batch([cname('DELETE', 'wrong.test')])).rejects.toThrow('but it was not found');
    // The valid first change is not applied when the second fails.
    await expect(
      batch([
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: 'api.shop.test',
            Type: 'A',
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.1' }],
          },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: 'x.elsewhere.test',
            Type: 'A',
            TTL: 60,
            ResourceRecords: [{ Value: '192.0.2.1' }],
          },
        },
      ]),
    ).rejects.toThrow('RRSet with DNS name x.elsewhere.test. is not permitted in zone shop.test.');
    const names = (
      await route53.send(new r53.ListResourceRecordSetsCommand({ HostedZoneId: id }))
    ).ResourceRecordSets?.map((r) => r.Name);
    expect(names).not.toContain('api.shop.test.');
    await expect(route53.send(new r53.DeleteHostedZoneCommand({ Id: id }))).rejects.toMatchObject({
      name: 'HostedZoneNotEmpty',
    });
    await batch([cname('DELETE', 'a.test')]);
    await route53.send(new r53.DeleteHostedZoneCommand({ Id: id }));
    await expect(route53.send(new r53.GetHostedZoneCommand({ Id: id }))).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
    });
  });

  it('an alias must target a load balancer of the account in its canonical zone', async () => {
    const id = await createZone('alias.test');
    const elb = new elbv2.ElasticLoadBalancingV2Client(sdkConfig(fake));
    const lb = await elb.send(
      new elbv2.CreateLoadBalancerCommand({
        Name: 'alias-lb',
        Subnets: fake.state.ec2.subnets.map((s) => s.id),
      }),
    );
    elb.destroy();
    const { DNSName, CanonicalHostedZoneId } = lb.LoadBalancers![0]!;
    const alias = (dnsName: string) =>
      route53.send(
        new r53.ChangeResourceRecordSetsCommand({
          HostedZoneId: id,
          ChangeBatch: {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: 'alias.test',
                  Type: 'A',
                  AliasTarget: {
                    HostedZoneId: CanonicalHostedZoneId,
                    DNSName: dnsName,
                    EvaluateTargetHealth: true,
                  },
                },
              },
            ],
          },
        }),
      );
    await expect(alias('nope.elb.amazonaws.com')).rejects.toThrow(
      'the alias target name does not lie within the target zone',
    );
    await alias(DNSName!);
    const records = await route53.send(
      new r53.ListResourceRecordSetsCommand({
        HostedZoneId: id,
        StartRecordName: 'alias.test',
        StartRecordType: 'A',
        MaxItems: 1,
      }),
    );
    expect(records.ResourceRecordSets?.[0]?.AliasTarget).toEqual({
      HostedZoneId: CanonicalHostedZoneId,
      DNSName: `${DNSName!.toLowerCase()}.`,
      EvaluateTargetHealth: true,
    });
  });
});

describe('ACM', () => {
  it('stays PENDING_VALIDATION until its CNAME has propagated in Route 53, then is ISSUED', async () => {
    const zone = await createZone('cert.test');
    const { CertificateArn } = await certificates.send(
      new acm.RequestCertificateCommand({
        DomainName: 'cert.test',
        SubjectAlternativeNames: ['cert.test', '*.cert.test'],
        ValidationMethod: 'DNS',
        IdempotencyToken: 'once',
        Tags: [{ Key: 'ship:app', Value: 'shop' }],
      }),
    );
    expect(CertificateArn).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
    const again = await certificates.send(
      new acm.RequestCertificateCommand({ DomainName: 'cert.test', IdempotencyToken: 'once' }),
    );
    expect(again.CertificateArn).toBe(CertificateArn);
    const describe = async () =>
      (await certificates.send(new acm.DescribeCertificateCommand({ CertificateArn }))).Certificate!;
    // The validation record is not there on the first read (ACM: it may take a few seconds).
    const first = await describe();
    expect(first.Status).toBe('PENDING_VALIDATION');
    expect(first.DomainValidationOptions?.[0]?.ResourceRecord).toBeUndefined();
    const second = await describe();
    const records = second.DomainValidationOptions!.map((o) => o.ResourceRecord!);
    // A name and its wildcard share one record.
    expect(records[0]).toEqual(records[1]);
    expect(records[0]).toMatchObject({ Name: expect.stringMatching(/^_\w+\.cert\.test\.$/), Type: 'CNAME' });
    const change = await route53.send(
      new r53.ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: records[0]!.Name,
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: records[0]!.Value }],
              },
            },
          ],
        },
      }),
    );
    // Written but not yet propagated: still pending.
    expect((await describe()).Status).toBe('PENDING_VALIDATION');
    await waitInsync(change.ChangeInfo!.Id!);
    const issued = await describe();
    expect(issued.Status).toBe('ISSUED');
    expect(issued.DomainValidationOptions?.map((o) => o.ValidationStatus)).toEqual(['SUCCESS', 'SUCCESS']);
    const tags = await certificates.send(new acm.ListTagsForCertificateCommand({ CertificateArn }));
    expect(tags.Tags).toEqual([{ Key: 'ship:app', Value: 'shop' }]);
    await certificates.send(new acm.DeleteCertificateCommand({ CertificateArn }));
    await expect(describe()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a domain name ACM would refuse', async () => {
    await expect(
      certificates.send(
        new acm.RequestCertificateCommand({ DomainName: 'not a domain', ValidationMethod: 'DNS' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDomainValidationOptionsException' });
  });
});

describe('CloudWatch alarms', () => {
  const base = {
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    TreatMissingData: 'notBreaching',
  };
  it('stores a p99 latency alarm and a 5xx-rate metric-math alarm; SetAlarmState makes one fire', async () => {
    await cloudwatch.send(
      new cw.PutMetricAlarmCommand({
        ...base,
        AlarmName: 'shop-production-p99',
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: 'p99',
        Period: 60,
        Threshold: 1.5,
        Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/shop-production/0123456789abcdef' }],
        Tags: [{ Key: 'ship:app', Value: 'shop' }],
      }),
    );
    const stat = (id: string, metric: string) => ({
      Id: id,
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: metric,
          Dimensions: [{ Name: 'TargetGroup', Value: 'tg' }],
        },
        Period: 60,
        Stat: 'Sum',
      },
    });
    await cloudwatch.send(
      new cw.PutMetricAlarmCommand({
        ...base,
        AlarmName: 'shop-production-5xx',
        Threshold: 1,
        Metrics: [
          stat('errors', 'HTTPCode_Target_5XX_Count'),
          stat('requests', 'RequestCount'),
          { Id: 'rate', Expression: '100 * errors / requests', ReturnData: true },
        ],
      }),
    );
    const described = await cloudwatch.send(
      new cw.DescribeAlarmsCommand({ AlarmNamePrefix: 'shop-production-' }),
    );
    expect(described.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ['shop-production-5xx', 'INSUFFICIENT_DATA'],
      ['shop-production-p99', 'INSUFFICIENT_DATA'],
    ]);
    expect(described.MetricAlarms?.[1]).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 1.5 });
    expect(described.MetricAlarms?.[0]?.Metrics?.[2]).toEqual({
      Id: 'rate',
      Expression: '100 * errors / requests',
      ReturnData: true,
    });
    await cloudwatch.send(
      new cw.SetAlarmStateCommand({
        AlarmName: 'shop-production-5xx',
        StateValue: 'ALARM',
        StateReason: 'test: 5xx',
      }),
    );
    const firing = await cloudwatch.send(new cw.DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(firing.MetricAlarms?.map((a) => [a.AlarmName, a.StateReason])).toEqual([
      ['shop-production-5xx', 'test: 5xx'],
    ]);
    const arn = described.MetricAlarms![1]!.AlarmArn!;
    expect((await cloudwatch.send(new cw.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'ship:app', Value: 'shop' },
    ]);
    await expect(
      cloudwatch.send(new cw.DeleteAlarmsCommand({ AlarmNames: ['shop-production-p99', 'missing'] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await cloudwatch.send(
      new cw.DeleteAlarmsCommand({ AlarmNames: ['shop-production-p99', 'shop-production-5xx'] }),
    );
    expect((await cloudwatch.send(new cw.DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it.each([
    [
      { MetricName: 'X', Namespace: 'N', Statistic: 'Sum', ExtendedStatistic: 'p99', Period: 60 },
      'Exactly one of Statistic or ExtendedStatistic',
    ],
    [
      { MetricName: 'X', Namespace: 'N', Statistic: 'Sum', Period: 45 },
      'Period must be 10, 20, 30 or a multiple of 60',
    ],
    [
      { MetricName: 'X', Namespace: 'N', Statistic: 'Sum', Period: 60, DatapointsToAlarm: 3 },
      'DatapointsToAlarm must be between 1 and EvaluationPeriods',
    ],
    [{}, 'Exactly one of MetricName or Metrics'],
  ])('refuses %j', async (fields, message) => {
    await expect(
      cloudwatch.send(
        new cw.PutMetricAlarmCommand({
          ...base,
          AlarmName: 'bad',
          Threshold: 1,
          ...fields,
        } as cw.PutMetricAlarmInput),
      ),
    ).rejects.toThrow(message);
  });
});

it('sends only fields the SDK models of ACM and CloudWatch know', () => {
  const { problems, checked } = conformance({ acm, monitoring: cw }, proxy.exchanges);
  expect(problems).toEqual([]);
  expect(checked.size).toBeGreaterThanOrEqual(9);
});
