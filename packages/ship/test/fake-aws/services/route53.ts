// Route 53 (restXml, 2013-04-01): hosted zones, record sets changed in atomic
// batches, and changes that are PENDING until they have propagated (INSYNC).
// Modelled after the Route 53 API Reference: CreateHostedZone (201, SOA + NS
// records, `HostedZoneAlreadyExists` for a reused CallerReference),
// ListHostedZonesByName (sorted by reversed labels), GetHostedZone,
// DeleteHostedZone (`HostedZoneNotEmpty` while records other than SOA/NS
// remain), ChangeResourceRecordSets (all or nothing; `InvalidChangeBatch` for
// CREATE of an existing set, DELETE of a set that does not match exactly, a
// name outside the zone, an alias whose target is not a load balancer of
// this account in its canonical zone), ListResourceRecordSets (from
// name/type, sorted), GetChange (`PENDING` until `insyncAfterCalls` further
// requests to the fake have been made, then `INSYNC`; AWS: "typically within
// 60 seconds").

import * as route53 from '@aws-sdk/client-route-53';
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import { perAccount } from '../per-state.js';
import { routesFromSdk } from '../protocol-rest-xml.js';
import type { ServiceDefinition } from '../server.js';
import type { FakeState } from '../state.js';

/** The hosted zone id of application load balancers in us-east-1 (ELB's CanonicalHostedZoneId). */
const albZoneId = 'Z35SXDOTRQ7X7K';

export interface RecordSet {
  name: string;
  type: string;
  ttl?: number;
  values: string[];
  alias?: { hostedZoneId: string; dnsName: string; evaluateTargetHealth: boolean };
}

export interface HostedZone {
  id: string;
  name: string;
  callerReference: string;
  comment?: string;
  records: RecordSet[];
}

export interface Change {
  id: string;
  submittedAt: Date;
  submittedAtCall: number;
  records: RecordSet[];
}

export interface Route53State {
  zones: Map<string, HostedZone>;
  changes: Map<string, Change>;
  /** Requests after a change before GetChange reports INSYNC (default 3). */
  insyncAfterCalls: number;
}

// Route 53 is global: one store per account, whichever region a request is signed for.
export const route53State = perAccount<Route53State>(() => ({
  zones: new Map(),
  changes: new Map(),
  insyncAfterCalls: 3,
}));

/** Names end with a dot, lowercase, as Route 53 answers them. */
export const fqdn = (name: string) => `${name.toLowerCase().replace(/\.$/, '')}.`;

const invalidBatch = (message: string) => new AwsError('InvalidChangeBatch', message);

export function changeStatus(state: FakeState, change: Change): 'PENDING' | 'INSYNC' {
  return state.calls >= change.submittedAtCall + route53State(state).insyncAfterCalls ? 'INSYNC' : 'PENDING';
}

/** Record sets of the account's zones whose change has propagated (what a resolver would answer). */
export function resolvable(state: FakeState, name: string, type: string): RecordSet | undefined {
  const store = route53State(state);
  for (const zone of store.zones.values()) {
    const record = zone.records.find((r) => r.name === fqdn(name) && r.type === type);
    if (!record) continue;
    const pending = [...store.changes.values()].some(
      (c) => c.records.includes(record) && changeStatus(state, c) === 'PENDING',
    );
    if (!pending) return record;
  }
  return undefined;
}

export function route53Service(state: FakeState): ServiceDefinition {
  const store = route53State(state);
  const zoneView = (zone: HostedZone) => ({
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: { Comment: zone.comment, PrivateZone: false },
    ResourceRecordSetCount: zone.records.length,
  });
  const recordView = (r: RecordSet) => ({
    Name: r.name,
    Type: r.type,
    TTL: r.alias ? undefined : r.ttl,
    ResourceRecords: r.alias ? undefined : r.values.map((Value) => ({ Value })),
    AliasTarget: r.alias
      ? {
          HostedZoneId: r.alias.hostedZoneId,
          DNSName: r.alias.dnsName,
          EvaluateTargetHealth: r.alias.evaluateTargetHealth,
        }
      : undefined,
  });
  const changeView = (c: Change) => ({
    Id: `/change/${c.id}`,
    Status: changeStatus(state, c),
    SubmittedAt: c.submittedAt,
  });
  const zoneOf = (p: Params, key: string) => {
    const id = p.str(key).replace(/^\/hostedzone\//, '');
    const zone = store.zones.get(id);
    if (!zone) throw new AwsError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);
    return zone;
  };
  const newId = (prefix: string) => `${prefix}${state.hex(20).toUpperCase()}`.slice(0, 21);
  const submit = (records: RecordSet[]): Change => {
    const change: Change = { id: newId('C'), submittedAt: new Date(), submittedAtCall: state.calls, records };
    store.changes.set(change.id, change);
    return change;
  };
  const describeSet = (r: RecordSet) => `[name='${r.name}', type='${r.type}']`;
  const same = (a: RecordSet, b: RecordSet) =>
    JSON.stringify(recordView(a)) === JSON.stringify(recordView(b));

  function readRecord(zone: HostedZone, p: Params): RecordSet {
    const name = fqdn(p.str('Name'));
    const type = p.str('Type');
    if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
      throw invalidBatch(`RRSet with DNS name ${name} is not permitted in zone ${zone.name}`);
    }
    const aliasParams = p.optObj('AliasTarget');
    if (aliasParams) {
      const dnsName = fqdn(aliasParams.str('DNSName'));
      const hostedZoneId = aliasParams.str('HostedZoneId');
      const isAlb = [...state.elbv2.loadBalancers.values()].some((lb) => fqdn(lb.dnsName) === dnsName);
      const isRecord = [...store.zones.values()].some(
        (z) => z.id === hostedZoneId && z.records.some((r) => r.name === dnsName),
      );
      if (!(isAlb && hostedZoneId === albZoneId) && !isRecord) {
        throw invalidBatch(
          `Tried to create an alias that targets ${dnsName}, type ${type} in zone ${hostedZoneId}, but the alias target name does not lie within the target zone`,
        );
      }
      return {
        name,
        type,
        values: [],
        alias: {
          hostedZoneId,
          dnsName,
          evaluateTargetHealth: aliasParams.optBool('EvaluateTargetHealth') ?? false,
        },
      };
    }
    const values = p.list('ResourceRecords').map((r) => r.str('Value'));
    const ttl = p.optNum('TTL');
    if (values.length === 0 || ttl === undefined) {
      throw invalidBatch(
        `${describeSet({ name, type, values })}: a record set needs TTL and ResourceRecords, or an AliasTarget`,
      );
    }
    if (type === 'CNAME' && values.length !== 1)
      throw invalidBatch(`CNAME ${name} must have exactly one value`);
    return { name, type, ttl, values };
  }

  return {
    name: 'route53',
    protocol: 'rest-xml',
    xmlns: 'https://route53.amazonaws.com/doc/2013-04-01/',
    invalidCode: 'InvalidInput',
    throttleCode: 'Throttling',
    routes: routesFromSdk(route53, [
      'CreateHostedZone',
      'GetHostedZone',
      'ListHostedZones',
      'ListHostedZonesByName',
      'DeleteHostedZone',
      'ChangeResourceRecordSets',
      'ListResourceRecordSets',
      'GetChange',
    ]),
    handlers: {
      CreateHostedZone: (p) => {
        const name = fqdn(p.str('Name'));
        if (!/^([a-z0-9-]{1,63}\.)+$/.test(name))
          throw new AwsError('InvalidDomainName', `${name} is not a valid domain name`);
        const callerReference = p.str('CallerReference');
        if ([...store.zones.values()].some((z) => z.callerReference === callerReference)) {
          throw new AwsError(
            'HostedZoneAlreadyExists',
            `A hosted zone has already been created with the specified caller reference.`,
            409,
          );
        }
        const id = newId('Z');
        const nameServers = [
          'ns-1.awsdns-01.org.',
          'ns-2.awsdns-02.co.uk.',
          'ns-3.awsdns-03.com.',
          'ns-4.awsdns-04.net.',
        ];
        const zone: HostedZone = {
          id,
          name,
          callerReference,
          comment: p.optObj('HostedZoneConfig')?.optStr('Comment'),
          records: [
            { name, type: 'NS', ttl: 172800, values: nameServers },
            {
              name,
              type: 'SOA',
              ttl: 900,
              values: [`${nameServers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`],
            },
          ],
        };
        store.zones.set(id, zone);
        return {
          HostedZone: zoneView(zone),
          ChangeInfo: changeView(submit([])),
          DelegationSet: { NameServers: nameServers.map((n) => n.slice(0, -1)) },
          Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${id}`,
        };
      },
      GetHostedZone: (p) => ({ HostedZone: zoneView(zoneOf(p, 'Id')) }),
      ListHostedZones: () => ({
        HostedZones: [...store.zones.values()].map(zoneView),
        Marker: '',
        IsTruncated: false,
        MaxItems: 100,
      }),
      ListHostedZonesByName: (p) => {
        const reversed = (name: string) => name.split('.').reverse().join('.');
        const from = p.optStr('DNSName');
        const zones = [...store.zones.values()]
          .sort((a, b) => reversed(a.name).localeCompare(reversed(b.name)))
          .filter((z) => from === undefined || reversed(z.name) >= reversed(fqdn(from)));
        const max = p.optNum('MaxItems') ?? 100;
        return {
          HostedZones: zones.slice(0, max).map(zoneView),
          DNSName: from,
          IsTruncated: zones.length > max,
          NextDNSName: zones[max]?.name,
          MaxItems: max,
        };
      },
      DeleteHostedZone: (p) => {
        const zone = zoneOf(p, 'Id');
        if (zone.records.some((r) => !(r.name === zone.name && (r.type === 'NS' || r.type === 'SOA')))) {
          throw new AwsError(
            'HostedZoneNotEmpty',
            'The specified hosted zone contains non-required resource record sets and so cannot be deleted.',
          );
        }
        store.zones.delete(zone.id);
        return { ChangeInfo: changeView(submit([])) };
      },
      ChangeResourceRecordSets: (p) => {
        const zone = zoneOf(p, 'HostedZoneId');
        const changes = p.obj('ChangeBatch').list('Changes');
        if (changes.length === 0) throw invalidBatch('ChangeBatch.Changes: at least one change is required');
        // All or nothing: apply to a copy, keep it only if every change is valid.
        let records = [...zone.records];
        const touched: RecordSet[] = [];
        for (const change of changes) {
          const action = change.str('Action');
          const record = readRecord(zone, change.obj('ResourceRecordSet'));
          const existing = records.find((r) => r.name === record.name && r.type === record.type);
          if (action === 'CREATE') {
            if (existing)
              throw invalidBatch(
                `Tried to create resource record set ${describeSet(record)} but it already exists`,
              );
            records.push(record);
          } else if (action === 'UPSERT') {
            records = records.filter((r) => r !== existing);
            records.push(record);
          } else if (action === 'DELETE') {
            if (!existing || !same(existing, record)) {
              throw invalidBatch(
                `Tried to delete resource record set ${describeSet(record)} but it was not found`,
              );
            }
            records = records.filter((r) => r !== existing);
          } else throw new AwsError('InvalidInput', `Action ${action}: expected CREATE, DELETE or UPSERT`);
          touched.push(record);
        }
        zone.records = records;
        return { ChangeInfo: changeView(submit(touched)) };
      },
      ListResourceRecordSets: (p) => {
        const zone = zoneOf(p, 'HostedZoneId');
        const reversed = (name: string) => name.split('.').reverse().join('.');
        const start = p.optStr('StartRecordName');
        const type = p.optStr('StartRecordType');
        const sorted = [...zone.records].sort(
          (a, b) => reversed(a.name).localeCompare(reversed(b.name)) || a.type.localeCompare(b.type),
        );
        const from = sorted.filter(
          (r) =>
            start === undefined ||
            reversed(r.name) > reversed(fqdn(start)) ||
            (r.name === fqdn(start) && (type === undefined || r.type >= type)),
        );
        const max = p.optNum('MaxItems') ?? 300;
        const next = from[max];
        return {
          ResourceRecordSets: from.slice(0, max).map(recordView),
          IsTruncated: next !== undefined,
          NextRecordName: next?.name,
          NextRecordType: next?.type,
          MaxItems: max,
        };
      },
      GetChange: (p) => {
        const id = p.str('Id').replace(/^\/change\//, '');
        const change = store.changes.get(id);
        if (!change)
          throw new AwsError(
            'NoSuchChange',
            `A change with the specified change ID does not exist: ${id}`,
            404,
          );
        return { ChangeInfo: changeView(change) };
      },
    },
  };
}
