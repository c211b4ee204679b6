import { describe, expect, it } from 'vitest';
import {
  diffTaskDefinitions,
  formatChange,
  sameTaskDefinition,
  shortImage,
} from '../../src/deploy/task-definition-diff.js';
import { asStoredByEcs, demoDefinition, digestB } from './fixtures.js';

const lines = (from: ReturnType<typeof demoDefinition> | undefined, to: ReturnType<typeof demoDefinition>) =>
  diffTaskDefinitions(from, to).map(formatChange);

describe('diffTaskDefinitions', () => {
  const base = demoDefinition();

  it('finds no change between a definition and ECS’s stored copy of it', () => {
    expect(lines(asStoredByEcs(base, 4), base)).toEqual([]);
    expect(sameTaskDefinition(asStoredByEcs(base, 4), base)).toBe(true);
  });

  it.each([
    ['cpu and memory', { cpu: 512, memory: 1024 }, undefined, ['cpu: 256 → 512', 'memory: 512 → 1024']],
    ['platform', { platform: 'ARM64' }, undefined, ['platform: X86_64 → ARM64']],
    ['image', {}, digestB, ['image: …/demo@sha256:abababababab… → …/demo@sha256:cdcdcdcdcdcd…']],
    [
      'a new variable',
      { variables: { LOG_LEVEL: 'debug' } },
      undefined,
      ['environment.LOG_LEVEL: (none) → "debug"'],
    ],
    [
      'a secret',
      { secrets: { TOKEN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:demo-token-AbCdEf' } },
      undefined,
      ['secrets.TOKEN: (none) → arn:aws:secretsmanager:us-east-1:123456789012:secret:demo-token-AbCdEf'],
    ],
    ['stop timeout', { stopTimeout: 10 }, undefined, ['stop timeout: 30s → 10s']],
  ])('shows %s', (_what, fields, digest, expected) => {
    const changed = demoDefinition(fields, digest);
    const diff = lines(asStoredByEcs(base, 1), changed);
    for (const line of expected) expect(diff).toContain(line);
  });

  it('port change shows the ports, the PORT variable and the health check', () => {
    const diff = lines(base, demoDefinition({ port: 3000 }));
    expect(diff).toContain('ports: 8080/tcp → 3000/tcp');
    expect(diff).toContain('environment.PORT: "8080" → "3000"');
    expect(diff.some((l) => l.startsWith('health check: '))).toBe(true);
  });

  it('shows fields ship does not manage that the new revision would drop', () => {
    const stored = { ...asStoredByEcs(base, 2), taskRoleArn: 'arn:aws:iam::123456789012:role/app' };
    expect(lines(stored, base)).toEqual(['taskRoleArn: arn:aws:iam::123456789012:role/app → (none)']);
  });

  it('spots a hand-made revision that runs as root with a writable filesystem', () => {
    const container = { ...base.containerDefinitions[0]! };
    delete container.user;
    container.readonlyRootFilesystem = false;
    const manual = { ...base, containerDefinitions: [container] };
    expect(lines(manual, base)).toEqual([
      'user: root (image default) → 1000',
      'read-only root filesystem: false → true',
    ]);
  });

  it('lists every field of a first definition as added', () => {
    const diff = lines(undefined, base);
    expect(diff).toContain('cpu: (none) → 256');
    expect(diff.every((l) => l.includes('(none) → '))).toBe(true);
  });

  it('does not change its inputs', () => {
    const a = asStoredByEcs(base, 1);
    const before = JSON.stringify(a);
    diffTaskDefinitions(a, demoDefinition({ cpu: 512, memory: 1024 }));
    expect(JSON.stringify(a)).toBe(before);
  });
});

describe('shortImage', () => {
  it.each([
    [`1.dkr.ecr.us-east-1.amazonaws.com/demo@sha256:${'ab'.repeat(32)}`, '…/demo@sha256:abababababab…'],
    ['127.0.0.1:5000/demo:main-abc123', '…/demo:main-abc123'],
    ['node', 'node'],
  ])('%s → %s', (ref, short) => {
    expect(shortImage(ref)).toBe(short);
  });
});
