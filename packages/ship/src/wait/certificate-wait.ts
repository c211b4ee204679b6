// Waiting for an ACM certificate: first for the validation CNAMEs ACM makes
// (seconds after the request), then for ISSUED once the CNAMEs resolve (ACM
// checks DNS every few minutes; AWS says it "can take up to 30 minutes").
// `certificateProgress` is the pure judgement, `waitForCertificate` the loop,
// with clock and sleep injected; showing is the caller's `onProgress`.
import type { Certificate } from '../aws/acm.js';
import { UserError } from '../errors.js';
import { sleep as realSleep } from './backoff.js';

export type CertificateGoal = 'validation records' | 'issued';

export type CertificateProgress = { done: true } | { done: false; waiting: string };

const troubleshooting =
  'https://docs.aws.amazon.com/acm/latest/userguide/troubleshooting-DNS-validation.html';

/** Whether the goal is reached; a certificate ACM gave up on is an error naming why and what next. */
export function certificateProgress(
  certificate: Certificate | undefined,
  goal: CertificateGoal,
): CertificateProgress {
  if (!certificate) return { done: false, waiting: 'ACM does not list the certificate yet' };
  const names = certificate.names.join(', ') || certificate.domainName;
  if (['FAILED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'EXPIRED', 'INACTIVE'].includes(certificate.status)) {
    throw new UserError(
      `ACM certificate for ${names} is ${certificate.status}${certificate.failureReason ? ` (${certificate.failureReason})` : ''}: ${certificate.arn}`,
      `see ${troubleshooting}; then delete that certificate in ACM and run \`ship deploy\` again to request a new one`,
    );
  }
  if (goal === 'validation records') {
    return certificate.status === 'ISSUED' || certificate.validationRecords.length > 0
      ? { done: true }
      : { done: false, waiting: 'ACM is preparing the validation records' };
  }
  return certificate.status === 'ISSUED'
    ? { done: true }
    : { done: false, waiting: `${certificate.status}: ACM is checking the validation records in DNS` };
}

export interface CertificateWaitOptions {
  fetch: () => Promise<Certificate | undefined>;
  goal: CertificateGoal;
  intervalMs: number;
  timeoutMs: number;
  /** A line when the state changes, and once a minute while it does not. */
  onProgress: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function waitForCertificate(options: CertificateWaitOptions): Promise<Certificate> {
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? realSleep;
  const started = now();
  let shown = '';
  let shownAt = started;
  for (;;) {
    const certificate = await options.fetch();
    const progress = certificateProgress(certificate, options.goal);
    if (progress.done && certificate) return certificate;
    const waiting = progress.done ? 'ACM does not list the certificate yet' : progress.waiting;
    const elapsed = now() - started;
    if (waiting !== shown || now() - shownAt >= 60_000) {
      options.onProgress(`certificate: ${waiting} (${formatElapsed(elapsed)})`);
      shown = waiting;
      shownAt = now();
    }
    if (elapsed + options.intervalMs > options.timeoutMs) {
      throw new UserError(
        `ACM certificate${certificate ? ` ${certificate.arn}` : ''} is not ${options.goal === 'issued' ? 'issued' : 'ready for validation'} after ${formatElapsed(options.timeoutMs)}: ${waiting}`,
        options.goal === 'issued'
          ? `check that the domain's registrar delegates to the hosted zone's name servers (see ${troubleshooting}), then run \`ship deploy\` again: it keeps waiting on the same certificate`
          : 'run `ship deploy` again: it keeps waiting on the same certificate',
      );
    }
    await pause(options.intervalMs);
  }
}

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
