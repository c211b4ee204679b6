import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/aws/acm.js';
import { UserError } from '../../src/errors.js';
import { certificateProgress, waitForCertificate } from '../../src/wait/certificate-wait.js';

const certificate = (over: Partial<Certificate> = {}): Certificate => ({
  arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c1',
  domainName: 'shop.example.org',
  names: ['shop.example.org', '*.shop.example.org'],
  status: 'PENDING_VALIDATION',
  validationRecords: [],
  inUseBy: [],
  tags: {},
  ...over,
});
const record = { name: '_a.shop.example.org', value: '_b.c.acm-validations.aws' };

describe('certificateProgress', () => {
  it.each([
    ['not listed yet', undefined, 'issued', false],
    ['records not made yet', certificate(), 'validation records', false],
    ['records made', certificate({ validationRecords: [record] }), 'validation records', true],
    ['issued already needs no records', certificate({ status: 'ISSUED' }), 'validation records', true],
    ['pending validation', certificate({ validationRecords: [record] }), 'issued', false],
    ['issued', certificate({ status: 'ISSUED' }), 'issued', true],
  ] as const)('%s', (_, value, goal, done) => {
    expect(certificateProgress(value, goal).done).toBe(done);
  });

  it.each(['FAILED', 'VALIDATION_TIMED_OUT', 'REVOKED'] as const)(
    '%s is an error naming why and what next',
    (status) => {
      const failed = certificate({ status, failureReason: 'CAA_ERROR' });
      expect(() => certificateProgress(failed, 'issued')).toThrow(UserError);
      try {
        certificateProgress(failed, 'issued');
      } catch (error) {
        expect((error as UserError).message).toBe(
          `ACM certificate for shop.example.org, *.shop.example.org is ${status} (CAA_ERROR): arn:aws:acm:us-east-1:123456789012:certificate/c1`,
        );
        expect((error as UserError).hint).toContain('troubleshooting-DNS-validation');
      }
    },
  );
});

describe('waitForCertificate', () => {
  const clock = () => {
    let now = 0;
    const sleep = async (ms: number) => {
      now += ms;
    };
    return { now: () => now, sleep };
  };

  it('asks until issued, showing each new state and a reminder every minute', async () => {
    const states = [
      ...Array.from({ length: 15 }, () => certificate({ validationRecords: [record] })),
      certificate({ status: 'ISSUED' }),
    ];
    const lines: string[] = [];
    let asked = 0;
    const done = await waitForCertificate({
      fetch: async () => states[asked++],
      goal: 'issued',
      intervalMs: 10_000,
      timeoutMs: 30 * 60_000,
      onProgress: (line) => lines.push(line),
      ...clock(),
    });
    expect(done.status).toBe('ISSUED');
    expect(asked).toBe(16);
    expect(lines).toEqual([
      'certificate: PENDING_VALIDATION: ACM is checking the validation records in DNS (0 s)',
      'certificate: PENDING_VALIDATION: ACM is checking the validation records in DNS (1 min 0 s)',
      'certificate: PENDING_VALIDATION: ACM is checking the validation records in DNS (2 min 0 s)',
    ]);
  });

  it('gives up at the deadline with the next step, having asked a bounded number of times', async () => {
    let asked = 0;
    const wait = waitForCertificate({
      fetch: async () => {
        asked += 1;
        return certificate({ validationRecords: [record] });
      },
      goal: 'issued',
      intervalMs: 10_000,
      timeoutMs: 60_000,
      onProgress: () => {},
      ...clock(),
    });
    await expect(wait).rejects.toThrow(
      'ACM certificate arn:aws:acm:us-east-1:123456789012:certificate/c1 is not issued after 1 min 0 s: PENDING_VALIDATION',
    );
    await expect(wait).rejects.toMatchObject({ hint: expect.stringContaining('run `ship deploy` again') });
    expect(asked).toBe(7);
  });
});
