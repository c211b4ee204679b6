// AWS Certificate Manager: public certificates validated by DNS, found again
// by ship's tags, deleted when the last environment goes.
import {
  ACMClient,
  type CertificateDetail,
  type CertificateStatus,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

const acm = (context: AwsContext): ACMClient => serviceClient(context, ACMClient);

export interface Certificate {
  arn: string;
  domainName: string;
  names: string[];
  status: CertificateStatus | 'UNKNOWN';
  /** Why ACM failed it (FAILED), e.g. CAA_ERROR. */
  failureReason?: string;
  /** The CNAMEs that prove control of the names; absent until ACM has made them (seconds). */
  validationRecords: Array<{ name: string; value: string }>;
  /** Load balancers (listeners) using it. */
  inUseBy: string[];
  tags: Tags;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

function toCertificate(c: CertificateDetail, tags: Tags): Certificate {
  const records = new Map<string, string>();
  for (const option of c.DomainValidationOptions ?? []) {
    const r = option.ResourceRecord;
    if (r?.Name && r.Value) records.set(bare(r.Name), bare(r.Value));
  }
  return {
    arn: c.CertificateArn ?? '',
    domainName: c.DomainName ?? '',
    names: c.SubjectAlternativeNames ?? [],
    status: c.Status ?? 'UNKNOWN',
    ...(c.FailureReason ? { failureReason: c.FailureReason } : {}),
    validationRecords: [...records].map(([name, value]) => ({ name, value })),
    inUseBy: c.InUseBy ?? [],
    tags,
  };
}

const certificateTags = async (context: AwsContext, arn: string): Promise<Tags> =>
  tagMap((await acm(context).send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags);

export async function describeCertificate(
  context: AwsContext,
  arn: string,
): Promise<Certificate | undefined> {
  try {
    const [described, tags] = await Promise.all([
      acm(context).send(new DescribeCertificateCommand({ CertificateArn: arn })),
      certificateTags(context, arn),
    ]);
    return described.Certificate ? toCertificate(described.Certificate, tags) : undefined;
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/**
 * Certificates for `domainName` whose tags `keep` accepts, newest request first (all pages;
 * tags are read only for certificates of that domain name). Without `statuses`: every status.
 */
export async function findCertificates(
  context: AwsContext,
  domainName: string,
  keep: (tags: Tags) => boolean,
  statuses?: CertificateStatus[],
): Promise<Certificate[]> {
  const arns: string[] = [];
  let next: string | undefined;
  do {
    const page = await acm(context).send(
      new ListCertificatesCommand({
        NextToken: next,
        ...(statuses ? { CertificateStatuses: statuses } : {}),
      }),
    );
    for (const c of page.CertificateSummaryList ?? []) {
      if (c.CertificateArn && bare(c.DomainName ?? '') === bare(domainName)) arns.push(c.CertificateArn);
    }
    next = page.NextToken;
  } while (next);
  const found: Certificate[] = [];
  for (const arn of arns) {
    if (!keep(await certificateTags(context, arn))) continue;
    const certificate = await describeCertificate(context, arn);
    if (certificate) found.push(certificate);
  }
  return found;
}

/** Asks for a DNS-validated public certificate; the token makes a retried request return the same ARN. */
export async function requestCertificate(
  context: AwsContext,
  options: { names: [string, ...string[]]; tags: Tags; idempotencyToken: string },
): Promise<string> {
  const [domainName, ...alternatives] = options.names;
  const out = await acm(context).send(
    new RequestCertificateCommand({
      DomainName: domainName,
      SubjectAlternativeNames: [domainName, ...alternatives],
      ValidationMethod: 'DNS',
      KeyAlgorithm: 'EC_prime256v1',
      IdempotencyToken: options.idempotencyToken,
      Tags: tagList(options.tags),
    }),
  );
  if (!out.CertificateArn) throw new Error('RequestCertificate returned no certificate');
  return out.CertificateArn;
}

export async function deleteCertificate(context: AwsContext, arn: string): Promise<void> {
  await acm(context).send(new DeleteCertificateCommand({ CertificateArn: arn }));
}
