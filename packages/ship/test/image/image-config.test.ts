import { describe, expect, it } from 'vitest';
import { buildImageConfig, type ImageConfig, mergeEnv } from '../../src/image/image-config.js';
import { buildManifest } from '../../src/image/image-manifest.js';
import { tagForSource } from '../../src/image/image-tags.js';
import { MediaType } from '../../src/image/media-types.js';
import { selectPlatform } from '../../src/image/platform.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as const;

const base: ImageConfig = {
  architecture: 'amd64',
  os: 'linux',
  config: {
    Env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=24.11.0'],
    Entrypoint: ['docker-entrypoint.sh'],
    Cmd: ['node'],
    Healthcheck: { Test: ['CMD', 'curl'] },
    OnBuild: null,
  },
  rootfs: { type: 'layers', diff_ids: [d('1')] },
  history: [{ created_by: 'base' }],
  'moby.buildkit.buildinfo.v1': 'kept',
};

describe('mergeEnv', () => {
  it.each([
    [[], { B: '2', A: '1' }, ['A=1', 'B=2']],
    [['PATH=/bin', 'X=1'], { X: '2' }, ['PATH=/bin', 'X=2']],
    [['PATH=/bin'], { NODE_ENV: 'production' }, ['PATH=/bin', 'NODE_ENV=production']],
  ])('%j + %j → %j', (baseEnv, changes, result) => expect(mergeEnv(baseEnv, changes)).toEqual(result));
});

describe('buildImageConfig', () => {
  const config = buildImageConfig(base, {
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    layers: [{ diffId: d('2'), description: 'ship: node_modules' }],
    entrypoint: ['node', 'dist/cli.js'],
    env: { NODE_ENV: 'production', PORT: '8080' },
    workingDir: '/app',
    user: '1000:1000',
    exposedPorts: [8080],
    labels: { 'org.opencontainers.image.revision': 'abc' },
    created: '1970-01-01T00:00:00.000Z',
  });
  it('runs node directly, not through the base entrypoint or npm', () => {
    expect(config.config?.Entrypoint).toEqual(['node', 'dist/cli.js']);
    expect(config.config?.Cmd).toBeNull();
  });
  it('appends our layers to the base diff ids and history', () => {
    expect(config.rootfs.diff_ids).toEqual([d('1'), d('2')]);
    expect(config.history?.map((h) => h.created_by)).toEqual(['base', 'ship: node_modules']);
  });
  it('sets env, user, port, working dir, labels and platform; drops the base health check; keeps unknown fields', () => {
    expect(config.config).toMatchObject({
      Env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=24.11.0', 'NODE_ENV=production', 'PORT=8080'],
      User: '1000:1000',
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {} },
      Labels: { 'org.opencontainers.image.revision': 'abc' },
      OnBuild: null,
    });
    expect(config.config?.Healthcheck).toBeUndefined();
    expect(config).toMatchObject({
      architecture: 'arm64',
      variant: 'v8',
      'moby.buildkit.buildinfo.v1': 'kept',
    });
  });
});

describe('buildManifest', () => {
  const layers = [{ mediaType: MediaType.dockerLayerGzip, digest: d('3'), size: 10 }];
  it('writes OCI media types (base layers renamed, same bytes) with annotations', () => {
    const m = buildManifest({
      format: 'oci',
      config: { digest: d('4'), size: 5 },
      layers,
      annotations: { a: 'b' },
    });
    expect(m.value.mediaType).toBe(MediaType.ociManifest);
    expect(m.value.config.mediaType).toBe(MediaType.ociConfig);
    expect(m.value.layers[0]?.mediaType).toBe(MediaType.ociLayerGzip);
    expect(m.value.annotations).toEqual({ a: 'b' });
    expect(JSON.parse(m.bytes.toString())).toEqual(m.value);
  });
  it('writes Docker v2 media types without annotations', () => {
    const m = buildManifest({
      format: 'docker',
      config: { digest: d('4'), size: 5 },
      layers,
      annotations: { a: 'b' },
    });
    expect(m.value.mediaType).toBe(MediaType.dockerManifest);
    expect(m.value.config.mediaType).toBe(MediaType.dockerConfig);
    expect(m.value.layers[0]?.mediaType).toBe(MediaType.dockerLayerGzip);
    expect(m.value.annotations).toBeUndefined();
  });
});

describe('selectPlatform', () => {
  const entries = [
    {
      mediaType: MediaType.ociManifest,
      digest: d('a'),
      size: 1,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    {
      mediaType: MediaType.ociManifest,
      digest: d('b'),
      size: 1,
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    },
    {
      mediaType: MediaType.ociManifest,
      digest: d('c'),
      size: 1,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    },
    {
      mediaType: MediaType.ociManifest,
      digest: d('e'),
      size: 1,
      platform: { os: 'unknown', architecture: 'unknown' },
    },
  ];
  it.each([
    [{ os: 'linux', architecture: 'amd64' } as const, d('a')],
    [{ os: 'linux', architecture: 'arm64' } as const, d('c')],
  ])('%j', (platform, digest) => expect(selectPlatform(entries, platform)?.digest).toBe(digest));
  it('returns nothing when the platform is missing', () => {
    expect(selectPlatform(entries.slice(1, 2), { os: 'linux', architecture: 'amd64' })).toBeUndefined();
  });
});

describe('tagForSource', () => {
  const commit = '0123456789abcdef0123456789abcdef01234567';
  const digest = `sha256:9f8e7d6c5b4a${'0'.repeat(52)}`;
  it.each([
    [{ branch: 'main', commit }, 'main-0123456-9f8e7d6c5b4a'],
    [{ branch: 'feature/map view', commit }, 'feature-map-view-0123456-9f8e7d6c5b4a'],
    [{ commit }, 'detached-0123456-9f8e7d6c5b4a'],
    [
      { branch: 'main', commit, changesHash: 'ffeeddccbbaa99887766' },
      'main-0123456-dirty-ffeeddccbbaa-9f8e7d6c5b4a',
    ],
    [{ branch: `${'x'.repeat(200)}`, commit }, `${'x'.repeat(107)}-0123456-9f8e7d6c5b4a`],
  ])('%j → %s', (state, tag) => expect(tagForSource(state, digest)).toBe(tag));

  it('changes whenever the image digest does, at the same commit (ECR tags are immutable)', () => {
    const state = { branch: 'main', commit };
    const rebuilt = `sha256:0a1b2c3d4e5f${'1'.repeat(52)}`;
    expect(tagForSource(state, digest)).not.toBe(tagForSource(state, rebuilt));
    expect(tagForSource(state, digest)).toBe(tagForSource(state, digest));
  });
});
