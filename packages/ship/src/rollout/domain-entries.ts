// The app's own domain in the reconcile table (resource-table.ts): the ACM
// certificate for `<domain>` and `*.<domain>` (one per app, validated by DNS
// in the hosted zone that holds the domain) and each environment's address,
// an alias A record to the load balancer with its `_ship.<host>` TXT owner
// record (domain-names.ts). Plan, deploy, status and destroy walk these
// entries like every other (resource-entry.ts); `domainPlace` says where.
import {
  type Certificate,
  deleteCertificate,
  describeCertificate,
  findCertificates,
  requestCertificate,
} from '../aws/acm.js';
import type { AwsContext, Tags } from '../aws/aws-context.js';
import type { LoadBalancer } from '../aws/elbv2.js';
import {
  changeRecords,
  type DnsRecord,
  listHostedZones,
  type RecordChange,
  recordsAt,
} from '../aws/route53.js';
import {
  certificateNames,
  chooseHostedZone,
  type DomainConfig,
  environmentHost,
  type HostedZoneSummary,
  ownerRecordName,
  ownerRecordValue,
  parseOwnerRecord,
} from '../deploy/domain-names.js';
import { shipTags, type Target, tagKeys } from '../deploy/naming.js';
import { isUserError, UserError } from '../errors.js';
import { removeAddress } from '../operate/domain-teardown.js';
import { waitForCertificate } from '../wait/certificate-wait.js';
import { loadBalancerEntry } from './load-balancer-entries.js';
import { type Entry, entry, type TableContext } from './resource-entry.js';

/** The app's certificates for the domain: the one deploy uses (issued, else pending) and all, for destroy. */
export interface CertificateSet {
  usable?: Certificate;
  all: Certificate[];
  /** What the certificates are for, e.g. "shop.example.org + *.shop.example.org". */
  names: string;
}

export interface DomainObservation {
  zone: HostedZoneSummary;
  host: string;
  /** The app's certificate for the domain (ship's tags), when one is issued or pending. */
  certificate?: CertificateSet & { usable: Certificate };
  /** The environment's alias and owner records. */
  address?: Address;
}

/** The hosted zone that holds the domain and the environment's host name in it. */
export async function domainPlace(
  context: AwsContext,
  domain: DomainConfig,
  env: string,
): Promise<Pick<DomainObservation, 'zone' | 'host'>> {
  return {
    zone: chooseHostedZone(domain, await listHostedZones(context)),
    host: environmentHost(domain, env),
  };
}

const domainOf = (c: TableContext): DomainConfig => {
  if (!c.config.domain) throw new Error('a domain entry without a domain');
  return c.config.domain;
};
const zoneOf = (c: TableContext): HostedZoneSummary => {
  const zone = c.observation.domain?.zone;
  if (!zone) throw new Error('a domain entry before its hosted zone was found');
  return zone;
};
const wantsDomain = (config: TableContext['config']) =>
  config.loadBalancer === 'alb' && config.domain !== undefined;
const say = (c: TableContext, line: string) => c.progress?.(`  ${line}`);

/** ACM makes the validation CNAMEs within seconds; ISSUED can take up to 30 minutes (ACM User Guide). */
const recordsTimeoutMs = 5 * 60_000;
const issueTimeoutMs = 30 * 60_000;

/** Writes the validation CNAMEs into the zone (once) and waits until ACM issues the certificate. */
async function validateAndWait(c: TableContext, arn: string): Promise<Certificate> {
  const wait = { intervalMs: c.pollIntervalMs ?? 10_000, onProgress: (line: string) => say(c, line) };
  const fetch = () => describeCertificate(c.context, arn);
  const ready = await waitForCertificate({
    ...wait,
    fetch,
    goal: 'validation records',
    timeoutMs: recordsTimeoutMs,
  });
  if (ready.status === 'ISSUED') return ready;
  const zone = zoneOf(c);
  const existing = await recordsAt(
    c.context,
    zone.id,
    ready.validationRecords.map((r) => r.name),
  );
  const changes: RecordChange[] = [];
  for (const wanted of ready.validationRecords) {
    const there = existing.find((r) => r.name === wanted.name);
    if (there?.type === 'CNAME' && there.values?.[0]?.replace(/\.$/, '') === wanted.value) continue;
    if (there) {
      throw new UserError(
        `hosted zone ${zone.name} already has ${there.type} ${there.name} with another value; ACM needs CNAME ${wanted.name} → ${wanted.value} to validate the certificate`,
        `remove that record (or set it to ${wanted.value}), then run \`ship deploy\` again`,
      );
    }
    changes.push({
      action: 'CREATE',
      record: { name: wanted.name, type: 'CNAME', ttl: 300, values: [`${wanted.value}.`] },
    });
  }
  if (changes.length > 0) {
    await changeRecords(c.context, zone.id, changes, `ship: validates the certificate of ${c.config.app}`);
    for (const change of changes)
      say(c, `validation record ${change.record.name} CNAME written to zone ${zone.name.replace(/\.$/, '')}`);
  }
  return waitForCertificate({ ...wait, fetch, goal: 'issued', timeoutMs: issueTimeoutMs });
}

export const certificateEntry = entry<CertificateSet>({
  kind: 'certificate',
  scope: 'app',
  find: async (c) => {
    if (!c.domain) return undefined;
    const all = await findCertificates(
      c.context,
      c.domain.name,
      (tags) => tags[tagKeys.app] === c.target.app,
    );
    if (all.length === 0) return undefined;
    // An issued one first: a pending one is only waited on when no issued one exists.
    const usable =
      all.find((x) => x.status === 'ISSUED') ?? all.find((x) => x.status === 'PENDING_VALIDATION');
    return {
      ...(usable ? { usable } : {}),
      all: usable ? [usable, ...all.filter((x) => x !== usable)] : all,
      names: certificateNames(c.domain).join(' + '),
    };
  },
  held: (set) =>
    set.all.map((x) => ({
      id: x.arn,
      // The name is the domain's; the ARN's tail tells two certificates apart.
      name: `${set.names} (${x.arn.split('/').pop() ?? x.arn})`,
      tags: x.tags,
    })),
  delete: (h, context) => deleteCertificate(context, h.id),
  gone: async (h, context) => (await describeCertificate(context, h.id)) === undefined,
  reconcile: {
    name: (c) => certificateNames(domainOf(c)).join(' + '),
    wanted: wantsDomain,
    observed: (o) => o.domain?.certificate,
    compare: (value) =>
      value.usable?.status === 'ISSUED'
        ? []
        : ['write its DNS validation record and wait until ACM issues it'],
    create: async (c) => {
      const domain = domainOf(c);
      const arn = await requestCertificate(c.context, {
        names: certificateNames(domain),
        tags: shipTags(c.target, 'app'),
        // ACM returns the same certificate for the same token within an hour: a re-run after an
        // interruption does not request a second one.
        idempotencyToken: `ship${c.config.app}${domain.name}`.replace(/[^\w]/g, '').slice(0, 32),
      });
      say(c, `requested certificate ${arn}`);
      const usable = await validateAndWait(c, arn);
      return { usable, all: [usable], names: certificateNames(domain).join(' + ') };
    },
    update: async (value, c) => {
      if (value.usable) await validateAndWait(c, value.usable.arn);
    },
    resolve: (value, c) => {
      if (value.usable) c.resolved.certificateArn = value.usable.arn;
    },
    created: (value, c) =>
      `created certificate ${certificateNames(domainOf(c)).join(' + ')} (issued after DNS validation: ${value.usable?.arn ?? ''})`,
  },
});

/** An environment's address as found: its alias, its owner record, or a CNAME to the app's load balancer. */
export interface AddressRecords {
  alias?: DnsRecord;
  owner?: DnsRecord;
  /** A CNAME at the host (what ship used to tell users to create): replaced by the alias. */
  cname?: DnsRecord;
  /** From the owner record, so the table's ownership check reads it like any tag. */
  tags: Tags;
}

function addressRecords(
  records: DnsRecord[],
  host: string,
  where: { target: Target; region: string; loadBalancer: LoadBalancer | undefined },
): AddressRecords | undefined {
  const at = (name: string, type: string) => records.find((r) => r.name === name && r.type === type);
  const alias = at(host, 'A');
  const cname = at(host, 'CNAME');
  const owner = at(ownerRecordName(host), 'TXT');
  if (!alias && !cname && !owner) return undefined;
  const tags: Tags = {};
  const said = owner?.values?.map(parseOwnerRecord).find((x) => x !== undefined);
  if (said) {
    // Route 53 is global: an owner record of the same environment in another region is not this
    // one's, as an IAM role tagged for another region is not (naming.ts ownerOf).
    Object.assign(tags, {
      [tagKeys.app]: said.app,
      [tagKeys.env]: said.env,
      [tagKeys.scope]: 'env',
      [tagKeys.region]: said.region,
    });
  } else if (
    cname &&
    !alias &&
    where.loadBalancer &&
    sameName(cname.values?.[0], where.loadBalancer.dnsName)
  ) {
    Object.assign(tags, shipTags(where.target, 'env'));
  }
  return {
    ...(alias ? { alias } : {}),
    ...(owner ? { owner } : {}),
    ...(cname ? { cname } : {}),
    tags,
  };
}

const sameName = (a: string | undefined, b: string | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

/** The records ship wants at an environment's host, once the load balancer is known. */
function wantedRecords(c: TableContext): { alias: DnsRecord; owner: DnsRecord } {
  const lb = c.resolved.loadBalancer;
  const host = c.observation.domain?.host;
  if (!lb || !host) throw new Error('a DNS record before its load balancer and hosted zone');
  return {
    alias: {
      name: host,
      type: 'A',
      alias: {
        hostedZoneId: lb.canonicalHostedZoneId,
        dnsName: lb.dnsName.toLowerCase(),
        evaluateTargetHealth: true,
      },
    },
    owner: {
      name: ownerRecordName(host),
      type: 'TXT',
      ttl: 300,
      values: [ownerRecordValue(c.target, c.config.region)],
    },
  };
}

/** The environment's address where it is: its zone and host, and the records there. */
export type Address = AddressRecords & { zoneId: string; host: string };

export const dnsRecordEntry = entry<Address>({
  kind: 'dns record',
  scope: 'env',
  after: [loadBalancerEntry] as readonly Entry<unknown>[],
  find: async (c, earlier) => {
    if (!c.domain) return undefined;
    let place: Awaited<ReturnType<typeof domainPlace>>;
    try {
      place = await domainPlace(c.context, c.domain, c.target.env);
    } catch (error) {
      // No zone holds the domain (any more): there is no address of ours (plan and deploy say why).
      if (isUserError(error)) return undefined;
      throw error;
    }
    const records = await recordsAt(c.context, place.zone.id, [place.host, ownerRecordName(place.host)]);
    const found = addressRecords(records, place.host, {
      target: c.target,
      region: c.region,
      loadBalancer: earlier(loadBalancerEntry),
    });
    return found && { ...found, zoneId: place.zone.id, host: place.host };
  },
  held: (a) => [{ id: `${a.zoneId}|${a.host}`, name: a.host, tags: a.tags }],
  // Both records as they are now, in one batch: another environment's or someone else's stay.
  delete: (h, context) => removeAddress(context, h.id),
  // Route 53 applies a change batch as a whole.
  gone: async () => true,
  reconcile: {
    name: (c) => `${c.observation.domain?.host ?? environmentHost(domainOf(c), c.target.env)} A`,
    wanted: wantsDomain,
    observed: (o) => o.domain?.address,
    compare: (value, c) => {
      const lb = c.resolved.loadBalancer;
      const target = lb ? lb.dnsName.toLowerCase() : 'the new load balancer';
      if (value.cname)
        return [`replace CNAME ${value.cname.values?.[0] ?? ''} with an alias A record → ${target}`];
      if (!value.alias?.alias) return [`alias A → ${target}`];
      if (!lb || !sameName(value.alias.alias.dnsName, lb.dnsName))
        return [`alias A ${value.alias.alias.dnsName} → ${target}`];
      return value.owner ? [] : ['owner record'];
    },
    create: async (c) => {
      const { alias, owner } = wantedRecords(c);
      await changeRecords(
        c.context,
        zoneOf(c).id,
        [
          { action: 'CREATE', record: alias },
          { action: 'CREATE', record: owner },
        ],
        `ship: ${c.config.app} ${c.target.env}`,
      );
      return { alias, owner, tags: shipTags(c.target, 'env'), zoneId: zoneOf(c).id, host: alias.name };
    },
    update: async (value, c) => {
      const { alias, owner } = wantedRecords(c);
      await changeRecords(
        c.context,
        zoneOf(c).id,
        [
          ...(value.cname ? [{ action: 'DELETE', record: value.cname } as const] : []),
          { action: 'UPSERT', record: alias },
          { action: 'UPSERT', record: owner },
        ],
        `ship: ${c.config.app} ${c.target.env}`,
      );
    },
    resolve: () => {},
    created: (_, c) =>
      `created dns record ${c.observation.domain?.host ?? ''} A (alias → ${c.resolved.loadBalancer?.dnsName ?? ''})`,
  },
});
