// Amazon Route 53: the hosted zones of the account, the record sets at a
// name, and atomic change batches. Route 53 is global; names come back with
// their trailing dot and are compared without it.
import {
  ChangeResourceRecordSetsCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { HostedZoneSummary } from '../deploy/domain-names.js';
import { type AwsContext, serviceClient } from './aws-context.js';

const route53 = (context: AwsContext): Route53Client => serviceClient(context, Route53Client);

export interface DnsRecord {
  /** Without the trailing dot. */
  name: string;
  type: string;
  ttl?: number;
  values?: string[];
  alias?: { hostedZoneId: string; dnsName: string; evaluateTargetHealth: boolean };
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');
const zoneIdOf = (id: string) => id.replace(/^\/hostedzone\//, '');

/** Every hosted zone of the account (all pages). */
export async function listHostedZones(context: AwsContext): Promise<HostedZoneSummary[]> {
  const out: HostedZoneSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await route53(context).send(new ListHostedZonesCommand({ Marker: marker }));
    for (const z of page.HostedZones ?? []) {
      if (!z.Id || !z.Name) continue;
      out.push({ id: zoneIdOf(z.Id), name: z.Name, private: z.Config?.PrivateZone ?? false });
    }
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

function toRecord(r: ResourceRecordSet): DnsRecord {
  const record: DnsRecord = { name: bare(r.Name ?? ''), type: r.Type ?? '' };
  if (r.TTL !== undefined) record.ttl = r.TTL;
  if (r.ResourceRecords) record.values = r.ResourceRecords.map((v) => v.Value ?? '');
  if (r.AliasTarget) {
    record.alias = {
      hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
      dnsName: bare(r.AliasTarget.DNSName ?? ''),
      evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
    };
  }
  return record;
}

function toRecordSet(r: DnsRecord): ResourceRecordSet {
  return {
    Name: `${r.name}.`,
    Type: r.type as ResourceRecordSet['Type'],
    ...(r.alias
      ? {
          AliasTarget: {
            HostedZoneId: r.alias.hostedZoneId,
            DNSName: `${r.alias.dnsName}.`,
            EvaluateTargetHealth: r.alias.evaluateTargetHealth,
          },
        }
      : { TTL: r.ttl, ResourceRecords: (r.values ?? []).map((Value) => ({ Value })) }),
  };
}

const recordPage = (context: AwsContext, input: ListResourceRecordSetsCommandInput) =>
  route53(context).send(new ListResourceRecordSetsCommand(input));

/** The record sets at exactly these names (one listing from each name on). */
export async function recordsAt(context: AwsContext, zoneId: string, names: string[]): Promise<DnsRecord[]> {
  const out: DnsRecord[] = [];
  for (const name of new Set(names.map(bare))) {
    const page = await recordPage(context, { HostedZoneId: zoneId, StartRecordName: name, MaxItems: 20 });
    out.push(...(page.ResourceRecordSets ?? []).map(toRecord).filter((r) => r.name === name));
  }
  return out;
}

/** The record sets of a zone that `keep` accepts, page by page (only those are held in memory). */
export async function findRecords(
  context: AwsContext,
  zoneId: string,
  keep: (record: DnsRecord) => boolean,
): Promise<DnsRecord[]> {
  const out: DnsRecord[] = [];
  let start: { name?: string; type?: string } = {};
  do {
    const page = await recordPage(context, {
      HostedZoneId: zoneId,
      ...(start.name ? { StartRecordName: start.name } : {}),
      ...(start.type ? { StartRecordType: start.type as ResourceRecordSet['Type'] } : {}),
    });
    out.push(...(page.ResourceRecordSets ?? []).map(toRecord).filter(keep));
    start = page.IsTruncated ? { name: page.NextRecordName, type: page.NextRecordType } : {};
  } while (start.name);
  return out;
}

export interface RecordChange {
  action: 'CREATE' | 'UPSERT' | 'DELETE';
  record: DnsRecord;
}

/** Applies the changes as one batch (all or nothing); returns the change id. */
export async function changeRecords(
  context: AwsContext,
  zoneId: string,
  changes: RecordChange[],
  comment: string,
): Promise<string> {
  const out = await route53(context).send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Comment: comment,
        Changes: changes.map((c) => ({ Action: c.action, ResourceRecordSet: toRecordSet(c.record) })),
      },
    }),
  );
  return out.ChangeInfo?.Id ?? '';
}
