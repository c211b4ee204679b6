// Removing an environment's own-domain address for `ship destroy` (the DNS
// record entry in domain-entries.ts finds it by the owner record: this app,
// this env, this region). A record is deleted exactly as it is now, in one
// batch with its owner record, so another environment's or someone else's
// records are never touched. The certificate's validation CNAME stays: ACM
// uses the same one for every certificate of the name in the account, and
// renewals need it.
import type { AwsContext } from '../aws/aws-context.js';
import { changeRecords, type RecordChange, recordsAt } from '../aws/route53.js';
import { ownerRecordName } from '../deploy/domain-names.js';

/** Deletes an environment's alias and owner records, as they are now, in one batch. */
export async function removeAddress(context: AwsContext, id: string): Promise<void> {
  const [zoneId = '', host = ''] = id.split('|');
  const found = await recordsAt(context, zoneId, [host, ownerRecordName(host)]);
  const changes: RecordChange[] = found
    .filter((r) => (r.name === host && r.type === 'A' && r.alias) || (r.name !== host && r.type === 'TXT'))
    .map((record) => ({ action: 'DELETE', record }));
  if (changes.length > 0) await changeRecords(context, zoneId, changes, `ship destroy: ${host}`);
}
