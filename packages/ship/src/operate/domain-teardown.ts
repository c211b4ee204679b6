// The app's own-domain resources for `ship destroy` and `ship env list`: each
// environment's address (alias A + `_ship.<host>` TXT owner record, found by
// the owner record: this app, this region) and the app's certificate (by its
// ship tags). A record is deleted exactly as it is now, in one batch with its
// owner record, so another environment's or someone else's records are never
// touched. The certificate's validation CNAME stays: ACM uses the same one for
// every certificate of the name in the account, and renewals need it.
import { deleteCertificate, findCertificates } from '../aws/acm.js';
import type { AwsContext } from '../aws/aws-context.js';
import { changeRecords, findRecords, listHostedZones, type RecordChange, recordsAt } from '../aws/route53.js';
import {
  certificateNames,
  chooseHostedZone,
  type DomainConfig,
  hostOfOwnerRecord,
  ownerRecordName,
  parseOwnerRecord,
} from '../deploy/domain-names.js';
import { tagKeys } from '../deploy/naming.js';
import { isUserError } from '../errors.js';
import type { TaggedResource } from '../ops/destroy-plan.js';

/** The destroy step id of an environment's address: its zone and host. */
const addressId = (zoneId: string, host: string) => `${zoneId}|${host}`;

export async function domainResources(
  context: AwsContext,
  app: string,
  domain: DomainConfig,
): Promise<TaggedResource[]> {
  const out: TaggedResource[] = [];
  let zoneId: string | undefined;
  try {
    zoneId = chooseHostedZone(domain, await listHostedZones(context)).id;
  } catch (error) {
    // No zone holds the domain (any more): there are no records of ours to remove.
    if (!isUserError(error)) throw error;
  }
  if (zoneId) {
    const owners = await findRecords(context, zoneId, (r) => r.type === 'TXT' && r.name.startsWith('_ship.'));
    for (const record of owners) {
      const owner = record.values?.map(parseOwnerRecord).find((o) => o !== undefined);
      const host = hostOfOwnerRecord(record.name);
      // Route 53 is global: the same environment deployed in another region keeps its records.
      if (!owner || !host || owner.app !== app || owner.region !== context.region) continue;
      out.push({
        kind: 'dns-record',
        id: addressId(zoneId, host),
        name: host,
        tags: { [tagKeys.app]: owner.app, [tagKeys.env]: owner.env, [tagKeys.scope]: 'env' },
      });
    }
  }
  const certificates = await findCertificates(context, domain.name, (tags) => tags[tagKeys.app] === app);
  for (const c of certificates) {
    out.push({
      kind: 'certificate',
      id: c.arn,
      name: `${certificateNames(domain).join(' + ')} (${c.arn.split('/').pop()})`,
      tags: c.tags,
    });
  }
  return out;
}

/** Deletes an environment's alias and owner records, as they are now, in one batch. */
export async function removeAddress(context: AwsContext, id: string): Promise<void> {
  const [zoneId = '', host = ''] = id.split('|');
  const found = await recordsAt(context, zoneId, [host, ownerRecordName(host)]);
  const changes: RecordChange[] = found
    .filter((r) => (r.name === host && r.type === 'A' && r.alias) || (r.name !== host && r.type === 'TXT'))
    .map((record) => ({ action: 'DELETE', record }));
  if (changes.length > 0) await changeRecords(context, zoneId, changes, `ship destroy: ${host}`);
}

export { deleteCertificate };
