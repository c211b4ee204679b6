// AWS Certificate Manager (awsJson1_1, CertificateManager): public
// certificates validated by DNS. Modelled after the ACM API Reference and
// User Guide "DNS validation": RequestCertificate answers an ARN at once; the
// validation CNAME (`_<hash>.<domain>` → `_<hash>.<random>.acm-validations.aws.`)
// appears in DescribeCertificate's DomainValidationOptions only from the
// second describe on (ACM documents that the record "may take a few seconds"
// to appear); the certificate stays PENDING_VALIDATION until that CNAME is
// resolvable in a Route 53 zone of the account (its change INSYNC), then
// turns ISSUED on the next describe. One validation record per domain name,
// shared by a name and its wildcard. IdempotencyToken returns the same ARN.
// DeleteCertificate refuses a certificate in use by a load balancer listener
// (`ResourceInUseException`). ListCertificates, Add/ListTagsForCertificate.

import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import { perState } from '../per-state.js';
import type { ServiceDefinition } from '../server.js';
import { type FakeState, mergeTags, type Tag } from '../state.js';
import { resolvable } from './route53.js';

export interface Certificate {
  arn: string;
  domainName: string;
  alternativeNames: string[];
  status: 'PENDING_VALIDATION' | 'ISSUED' | 'FAILED';
  tags: Tag[];
  createdAt: Date;
  issuedAt?: Date;
  idempotencyToken?: string;
  describes: number;
  keyAlgorithm: string;
}

export const certificates = perState<Map<string, Certificate>>(() => new Map());

const domainPattern = /^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The validation CNAME of a domain: deterministic per account and name, as ACM's are stable. */
export function validationRecord(state: FakeState, domain: string) {
  const base = domain.replace(/^\*\./, '');
  const hash = (salt: string) =>
    [...`${state.accountId}:${salt}:${base}`]
      .reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7)
      .toString(16);
  return {
    Name: `_${hash('n')}${hash('m')}.${base}.`,
    Type: 'CNAME',
    Value: `_${hash('v')}.${hash('w')}.acm-validations.aws.`,
  };
}

export function acmService(state: FakeState): ServiceDefinition {
  const store = certificates(state);
  const inUseBy = (arn: string) =>
    [...state.elbv2.listeners.values()]
      .filter((l) => l.certificates.some((c) => c.CertificateArn === arn))
      .map((l) => l.loadBalancerArn);
  const certificateOf = (p: Params) => {
    const arn = p.str('CertificateArn');
    const found = store.get(arn);
    if (!found) throw new AwsError('ResourceNotFoundException', `Could not find certificate ${arn}.`);
    return found;
  };
  const names = (c: Certificate) => [c.domainName, ...c.alternativeNames.filter((n) => n !== c.domainName)];
  const validated = (c: Certificate) =>
    names(c).every((name) => {
      const record = validationRecord(state, name);
      return resolvable(state, record.Name, 'CNAME')?.values[0] === record.Value;
    });

  return {
    name: 'acm',
    protocol: 'json',
    target: 'CertificateManager',
    invalidCode: 'ValidationException',
    throttleCode: 'ThrottlingException',
    handlers: {
      RequestCertificate: (p) => {
        const domainName = p.str('DomainName').toLowerCase();
        const alternativeNames = p.strs('SubjectAlternativeNames').map((n) => n.toLowerCase());
        for (const name of [domainName, ...alternativeNames]) {
          if (name.length > 253 || !domainPattern.test(name)) {
            throw new AwsError(
              'InvalidDomainValidationOptionsException',
              `The domain name ${name} is not valid.`,
            );
          }
        }
        const method = p.optStr('ValidationMethod') ?? 'EMAIL';
        if (method !== 'DNS' && method !== 'EMAIL') {
          throw new AwsError('ValidationException', `ValidationMethod ${method}: expected DNS or EMAIL`);
        }
        const token = p.optStr('IdempotencyToken');
        const earlier = token ? [...store.values()].find((c) => c.idempotencyToken === token) : undefined;
        if (earlier) return { CertificateArn: earlier.arn };
        const arn = state.arn('acm', `certificate/${state.uuid()}`);
        store.set(arn, {
          arn,
          domainName,
          alternativeNames: alternativeNames.length > 0 ? alternativeNames : [domainName],
          status: 'PENDING_VALIDATION',
          tags: p.list('Tags').map((t) => ({ key: t.str('Key'), value: t.optStr('Value') ?? '' })),
          createdAt: new Date(),
          ...(token ? { idempotencyToken: token } : {}),
          describes: 0,
          keyAlgorithm: p.optStr('KeyAlgorithm') ?? 'RSA_2048',
        });
        return { CertificateArn: arn };
      },
      DescribeCertificate: (p) => {
        const c = certificateOf(p);
        c.describes += 1;
        if (c.status === 'PENDING_VALIDATION' && c.describes > 1 && validated(c)) {
          c.status = 'ISSUED';
          c.issuedAt = new Date();
        }
        return {
          Certificate: {
            CertificateArn: c.arn,
            DomainName: c.domainName,
            SubjectAlternativeNames: c.alternativeNames,
            DomainValidationOptions: names(c).map((name) => ({
              DomainName: name,
              ValidationDomain: name,
              ValidationStatus: c.status === 'ISSUED' ? 'SUCCESS' : 'PENDING_VALIDATION',
              ValidationMethod: 'DNS',
              ...(c.describes > 1 ? { ResourceRecord: validationRecord(state, name) } : {}),
            })),
            Status: c.status,
            Type: 'AMAZON_ISSUED',
            InUseBy: inUseBy(c.arn),
            CreatedAt: c.createdAt,
            IssuedAt: c.issuedAt,
            KeyAlgorithm: c.keyAlgorithm,
            RenewalEligibility: c.status === 'ISSUED' ? 'ELIGIBLE' : 'INELIGIBLE',
          },
        };
      },
      ListCertificates: (p) => {
        const statuses = p.strs('CertificateStatuses');
        return {
          CertificateSummaryList: [...store.values()]
            .filter((c) => statuses.length === 0 || statuses.includes(c.status))
            .map((c) => ({
              CertificateArn: c.arn,
              DomainName: c.domainName,
              Status: c.status,
              Type: 'AMAZON_ISSUED',
              InUse: inUseBy(c.arn).length > 0,
              CreatedAt: c.createdAt,
            })),
        };
      },
      DeleteCertificate: (p) => {
        const c = certificateOf(p);
        const users = inUseBy(c.arn);
        if (users.length > 0) {
          throw new AwsError('ResourceInUseException', `Certificate ${c.arn} in use by ${users.join(', ')}`);
        }
        store.delete(c.arn);
        return {};
      },
      AddTagsToCertificate: (p) => {
        const c = certificateOf(p);
        c.tags = mergeTags(
          c.tags,
          p.list('Tags').map((t) => ({ key: t.str('Key'), value: t.optStr('Value') ?? '' })),
        );
        return {};
      },
      ListTagsForCertificate: (p) => ({
        Tags: certificateOf(p).tags.map((t) => ({ Key: t.key, Value: t.value })),
      }),
    },
  };
}
