import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, repositoryNameFor } from '../../src/image/reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['node:24-slim', { registry: 'registry-1.docker.io', repository: 'library/node', tag: '24-slim' }],
    ['docker.io/library/node', { registry: 'registry-1.docker.io', repository: 'library/node' }],
    [
      `public.ecr.aws/docker/library/node:24-slim@${digest}`,
      { registry: 'public.ecr.aws', repository: 'docker/library/node', tag: '24-slim', digest },
    ],
    ['127.0.0.1:5000/ebov-dash', { registry: '127.0.0.1:5000', repository: 'ebov-dash' }],
    ['localhost/a/b:c', { registry: 'localhost', repository: 'a/b', tag: 'c' }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ebov-dash:main-abc1234',
      {
        registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        repository: 'ebov-dash',
        tag: 'main-abc1234',
      },
    ],
  ])('%s', (text, ref) => {
    expect(parseReference(text)).toEqual(ref);
  });

  it.each([
    ['Ebov/Dash', 'must be lowercase'],
    ['node@sha256:abc', 'the digest after @'],
    ['node:bad/tag:x!', 'tag "x!"'],
  ])('rejects %s', (text, error) => {
    expect(() => parseReference(text)).toThrow(error);
  });

  it('formats what it parses', () => {
    const text = `127.0.0.1:5000/a/b:t@${digest}`;
    expect(formatReference(parseReference(text))).toBe(text);
  });
});

describe('repositoryNameFor: a valid image name from an npm package name', () => {
  it.each([
    ['@mono/api', 'mono-api'],
    ['ebov-dash', 'ebov-dash'],
    ['My_App', 'my_app'],
    ['@x/y.z', 'x-y.z'],
    ['a..b', 'a.b'],
    ['---', 'app'],
  ])('%s → %s, which parses as a reference', (name, repository) => {
    expect(repositoryNameFor(name)).toBe(repository);
    expect(parseReference(`localhost/${repositoryNameFor(name)}:t`).repository).toBe(repository);
  });
});
