// What IAM's policy grammar would reject in a document ship writes (IAM User
// Guide, "IAM JSON policy element reference"): shared by the unit and CLI tests.
import type { PolicyDocument } from '../../src/ci/deploy-policy.js';

const conditionOperators = new Set([
  'StringEquals',
  'StringLike',
  'ArnLike',
  'ArnEquals',
  'Bool',
  'ForAllValues:StringLike',
  'ForAllValues:StringEquals',
]);

export function policyProblems(doc: PolicyDocument, kind: 'permissions' | 'trust'): string[] {
  const problems: string[] = [];
  if (doc.Version !== '2012-10-17') problems.push(`Version ${doc.Version}`);
  const sids = new Set<string>();
  for (const s of doc.Statement) {
    if (!/^[A-Za-z0-9]+$/.test(s.Sid) || sids.has(s.Sid)) problems.push(`Sid ${s.Sid}`);
    sids.add(s.Sid);
    if (s.Effect !== 'Allow') problems.push(`${s.Sid}: Effect ${s.Effect}`);
    if (s.Action.length === 0) problems.push(`${s.Sid}: no Action`);
    for (const action of s.Action) {
      if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) problems.push(`${s.Sid}: action ${action}`);
    }
    if (kind === 'permissions') {
      if (s.Principal) problems.push(`${s.Sid}: Principal in a permissions policy`);
      const resources = [s.Resource ?? []].flat();
      if (resources.length === 0) problems.push(`${s.Sid}: no Resource`);
      for (const r of resources) {
        // Route 53's hosted zones are global and name no account: arn:aws:route53:::hostedzone/Z….
        if (r !== '*' && !/^arn:aws:(?:[a-z0-9-]+:[a-z0-9-]*:\d{12}|route53::):\S+$/.test(r))
          problems.push(`${s.Sid}: ${r}`);
      }
    } else if (!s.Principal || s.Resource) problems.push(`${s.Sid}: a trust statement names a principal`);
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      if (!conditionOperators.has(operator)) problems.push(`${s.Sid}: condition ${operator}`);
      for (const key of Object.keys(keys))
        if (!/^[\w.-]+:[\w/:.-]+$/.test(key)) problems.push(`${s.Sid}: ${key}`);
    }
  }
  return problems;
}
