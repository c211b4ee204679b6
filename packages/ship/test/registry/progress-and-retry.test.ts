import { describe, expect, it } from 'vitest';
import { isLoopbackRegistry, parseLocalTarget } from '../../src/output/output-target.js';
import {
  chooseProgressMode,
  createProgressDisplay,
  formatBytes,
  formatProgressLine,
} from '../../src/progress/progress-display.js';
import { parseRepo } from '../../src/registry/push-image.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { backoffMs, retryAfterMs } from '../../src/registry/retry.js';

describe('backoff', () => {
  const policy = { attempts: 5, baseMs: 100, maxMs: 1000 };
  it.each([
    [0, 1, 100],
    [3, 1, 800],
    [6, 1, 1000],
    [3, 0, 0],
    [3, 0.5, 400],
  ])('attempt %i with random %f waits %i ms', (attempt, random, ms) =>
    expect(backoffMs(policy, attempt, () => random)).toBe(ms),
  );
  it.each([
    ['2', 2000],
    ['120', 30_000],
    ['Thu, 01 Jan 1970 00:00:05 GMT', 5000],
    ['soon', undefined],
    [undefined, undefined],
  ])('Retry-After %s → %s ms', (header, ms) => expect(retryAfterMs(header, 0)).toBe(ms));
});

describe('targets and repositories', () => {
  it.each([
    ['oci-archive:out/x.tar', 'oci-archive'],
    ['oci-layout:/tmp/layout', 'oci-layout'],
  ])('%s', (text, kind) => expect(parseLocalTarget(text, '--output').kind).toBe(kind));
  it('refuses other outputs with the expected forms', () => {
    expect(() => parseLocalTarget('docker:x', '--output')).toThrow(
      'expected oci-archive:FILE or oci-layout:DIR',
    );
  });
  it.each([
    ['127.0.0.1:5000/ebov-dash', { registry: '127.0.0.1:5000', repository: 'ebov-dash' }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app',
      { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'team/app' },
    ],
  ])('--repo %s', (repo, parsed) => expect(parseRepo(repo)).toEqual(parsed));
  it.each([
    ['ebov-dash', 'name the registry too'],
    ['127.0.0.1:5000/app:v1', 'without a tag or digest'],
    ['127.0.0.1:5000/App', 'must be lowercase'],
  ])('refuses --repo %s', (repo, message) => expect(() => parseRepo(repo)).toThrow(message));
  it.each([
    ['127.0.0.1:5000', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['public.ecr.aws', false],
  ])('%s is loopback: %s', (registry, loopback) => expect(isLoopbackRegistry(registry)).toBe(loopback));
});

describe('progress display', () => {
  it.each([
    [999, '999 B'],
    [1000, '1.00 kB'],
    [246_600, '246.6 kB'],
    [57_500_000, '57.5 MB'],
  ])('%i bytes → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('shows bytes so far on a terminal, the size otherwise, and skipped layers as such', () => {
    const uploading = {
      id: 'a',
      label: 'app sha256:ab',
      state: 'active',
      current: 500,
      total: 1000,
    } as const;
    expect(formatProgressLine(uploading, true)).toBe('↑ app sha256:ab  500 B/1.00 kB 50%');
    expect(formatProgressLine(uploading)).toBe('↑ app sha256:ab  1.00 kB');
    expect(
      formatProgressLine({
        id: 'b',
        label: 'base',
        state: 'skipped',
        total: 2000,
        note: 'already in the registry',
      }),
    ).toBe('= base  2.00 kB  (already in the registry)');
  });

  it('prints one plain line per change of state, not per byte', () => {
    let out = '';
    const display = createProgressDisplay({ write: (t: string) => (out += t) }, 'plain');
    for (const current of [0, 10, 20])
      display.sink({ id: 'a', label: 'app', state: 'active', current, total: 20 });
    display.sink({ id: 'a', label: 'app', state: 'done', current: 20, total: 20 });
    display.finish();
    expect(out).toBe('↑ app  20 B  (sending)\n✓ app  20 B\n');
  });

  it('redraws in place on a terminal', async () => {
    let out = '';
    const display = createProgressDisplay(
      { write: (t: string) => (out += t), isTTY: true, columns: 80 },
      'tty',
    );
    display.sink({ id: 'a', label: 'app', state: 'active', current: 5, total: 10 });
    display.sink({ id: 'b', label: 'deps', state: 'skipped', total: 10 });
    // Redraws are batched (80 ms): a status draws now, with the tasks as they are.
    display.status('waiting');
    display.sink({ id: 'a', label: 'app', state: 'done', total: 10 });
    display.status(undefined);
    display.finish();
    expect(out).toContain('\x1b[2K↑ app  5 B/10 B 50%\n\x1b[2K= deps  10 B\n');
    expect(out).toContain('\x1b[2K  waiting\n');
    expect(out).toContain('\x1b[3A\x1b[2K✓ app  10 B\n\x1b[2K= deps  10 B\n\x1b[0J');
  });

  it.each([
    [{ isTTY: true }, {}, 'tty'],
    [{ isTTY: true }, { CI: 'true' }, 'plain'],
    [{ isTTY: false }, {}, 'plain'],
    [{ isTTY: false }, { SHIP_PROGRESS: 'tty' }, 'tty'],
  ])('%j with env %j → %s', (stream, env, mode) =>
    expect(chooseProgressMode({ write: () => true, ...stream }, env)).toBe(mode),
  );
});

describe('upload shape', () => {
  it('sends ECR each blob in one PUT (ECR drops PATCH chunks after the first), others in 32 MiB chunks', () => {
    expect(new RegistryClient({ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' }).chunkSize).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(new RegistryClient({ registry: '127.0.0.1:5000' }).chunkSize).toBe(32 * 1024 * 1024);
    expect(new RegistryClient({ registry: '127.0.0.1:5000', chunkSize: 10 }).chunkSize).toBe(10);
  });
});
