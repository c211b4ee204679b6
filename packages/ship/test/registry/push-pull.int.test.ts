// pushImage / pullImage against a real registry (Debian's docker-registry on loopback), through a
// recording, fault-injecting proxy that counts the bytes uploaded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/image/digest.js';
import { MediaType } from '../../src/image/media-types.js';
import { parseReference } from '../../src/image/reference.js';
import { ANONYMOUS } from '../../src/registry/credentials.js';
import { pullImage } from '../../src/registry/pull-image.js';
import { pushImage } from '../../src/registry/push-image.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { ContentStore } from '../../src/store/content-store.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { isBlobUpload, type RegistryProxy, startRegistryProxy } from '../support/registry-proxy.js';
import { syntheticImage } from './synthetic-image.js';

const fastRetry = { attempts: 4, baseMs: 10, maxMs: 50 };
let registry: TestRegistry;
let proxy: RegistryProxy;
let scratch: string;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startRegistryProxy(registry);
  scratch = await mkdtemp(join(tmpdir(), 'ship-push-pull-'));
});
afterAll(async () => {
  await proxy?.close();
  await registry?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const uploadsSince = (start: number) =>
  proxy.requests.slice(start).filter((r) => isBlobUpload({ method: r.method, url: r.path } as never));
const bytesSince = (start: number) =>
  uploadsSince(start)
    .filter((r) => r.status >= 200 && r.status < 300)
    .reduce((sum, r) => sum + r.bodyBytes, 0);

describe('push then pull back', () => {
  it('pulls back the same manifest, config and layers', async () => {
    const image = await syntheticImage();
    const start = proxy.requests.length;
    const pushed = await pushImage(image, {
      repo: `${proxy.host}/round/trip`,
      insecure: true,
      credentials: ANONYMOUS,
    });
    expect(pushed.reference).toBe(`${proxy.host}/round/trip@${image.manifest.digest}`);
    expect(pushed).toMatchObject({ layersUploaded: 2, layersSkipped: 0, tags: ['test'] });
    const blobBytes = image.layers.reduce((s, l) => s + l.size, 0) + image.config.bytes.length;
    expect(pushed.bytesUploaded).toBe(blobBytes);
    expect(bytesSince(start)).toBe(blobBytes);

    const store = new ContentStore(join(scratch, 'pulled'));
    const pulled = await pullImage(parseReference(`${registry.host}/round/trip:test`), {
      platform: { os: 'linux', architecture: 'amd64' },
      store,
      insecure: true,
    });
    expect(pulled.digest).toBe(image.manifest.digest);
    expect(pulled.manifestBytes.equals(image.manifest.bytes)).toBe(true);
    for (const layer of image.layers) {
      expect(sha256(await store.read(layer.digest))).toBe(layer.digest);
      expect((await store.read(layer.digest)).equals(await image.store.read(layer.digest))).toBe(true);
    }
  });

  it('uploads nothing the second time: every blob is skipped', async () => {
    const image = await syntheticImage();
    await pushImage(image, { repo: `${proxy.host}/again`, insecure: true, credentials: ANONYMOUS });
    const start = proxy.requests.length;
    const second = await pushImage(image, {
      repo: `${proxy.host}/again`,
      insecure: true,
      credentials: ANONYMOUS,
    });
    expect(second).toMatchObject({ bytesUploaded: 0, layersUploaded: 0, layersSkipped: 2 });
    expect(uploadsSince(start)).toEqual([]);
  });

  it('mounts layers from another repository on the same registry instead of uploading them', async () => {
    const image = await syntheticImage();
    await pushImage(image, { repo: `${proxy.host}/base/repo`, insecure: true, credentials: ANONYMOUS });
    const withSource = {
      ...image,
      layers: image.layers.map((l) => ({ ...l, source: { registry: proxy.host, repository: 'base/repo' } })),
    };
    const start = proxy.requests.length;
    const pushed = await pushImage(withSource, {
      repo: `${proxy.host}/app/repo`,
      insecure: true,
      credentials: ANONYMOUS,
    });
    expect(pushed).toMatchObject({ layersMounted: 2, layersUploaded: 0 });
    expect(bytesSince(start)).toBe(image.config.bytes.length);
    expect(
      proxy.requests
        .slice(start)
        .filter((r) => r.path.includes('mount='))
        .map((r) => r.status),
    ).toEqual([201, 201]);
  });

  it('uploads large blobs in PATCH chunks and the registry agrees on the digest', async () => {
    const image = await syntheticImage({ layerBytes: [300_000] });
    const start = proxy.requests.length;
    await pushImage(image, {
      repo: `${proxy.host}/chunked`,
      insecure: true,
      credentials: ANONYMOUS,
      chunkSize: 100_000,
    });
    const patches = proxy.requests.slice(start).filter((r) => r.method === 'PATCH');
    expect(patches.length).toBe(Math.ceil(image.layers[0]!.size / 100_000));
    expect(patches.every((p) => p.status === 202)).toBe(true);
    const pulled = await pullImage(parseReference(`${registry.host}/chunked:test`), {
      platform: { os: 'linux', architecture: 'amd64' },
      store: new ContentStore(join(scratch, 'chunked')),
      insecure: true,
    });
    expect(pulled.digest).toBe(image.manifest.digest);
  });

  it('pushes Docker v2 schema 2 manifests too', async () => {
    const image = await syntheticImage({ format: 'docker' });
    await pushImage(image, { repo: `${proxy.host}/docker-format`, insecure: true, credentials: ANONYMOUS });
    const client = new RegistryClient({ registry: registry.host, insecure: true });
    await client.ping();
    const got = await client.getManifest('docker-format', 'test', []);
    expect(got.mediaType).toBe(MediaType.dockerManifest);
    expect(got.digest).toBe(image.manifest.digest);
  });
});

describe('multi-arch base', () => {
  it('picks the platform from an OCI index, and says which platforms there are when one is missing', async () => {
    const amd = await syntheticImage({ platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await syntheticImage({ platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    for (const image of [amd, arm]) {
      await pushImage(image, {
        repo: `${registry.host}/multi`,
        tags: [],
        insecure: true,
        credentials: ANONYMOUS,
      });
    }
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [amd, arm].map((image) => ({
        mediaType: image.manifest.mediaType,
        digest: image.manifest.digest,
        size: image.manifest.bytes.length,
        platform: {
          os: 'linux',
          architecture: image.platform.architecture,
          ...(image.platform.variant ? { variant: image.platform.variant } : {}),
        },
      })),
    };
    const client = new RegistryClient({ registry: registry.host, insecure: true });
    await client.ping();
    const indexDigest = await client.putManifest(
      'multi',
      'both',
      Buffer.from(JSON.stringify(index)),
      MediaType.ociIndex,
      [],
    );
    const store = new ContentStore(join(scratch, 'multi'));
    for (const [architecture, image] of [
      ['amd64', amd],
      ['arm64', arm],
    ] as const) {
      const pulled = await pullImage(parseReference(`${registry.host}/multi:both`), {
        platform: { os: 'linux', architecture },
        store,
        insecure: true,
      });
      expect(pulled).toMatchObject({ digest: image.manifest.digest, indexDigest });
    }
    await client.putManifest('multi', 'amd-only', amd.manifest.bytes, amd.manifest.mediaType, []);
    await expect(
      pullImage(parseReference(`${registry.host}/multi:amd-only`), {
        platform: { os: 'linux', architecture: 'arm64' },
        store,
        insecure: true,
      }),
    ).rejects.toThrow(/multi:amd-only is a linux\/amd64 image, not linux\/arm64/);
  });
});

describe('faults', () => {
  it('retries a blob upload whose connection is cut mid-body, and the blob arrives intact', async () => {
    const image = await syntheticImage({ layerBytes: [200_000] });
    proxy.faults.push({
      match: (req) => isBlobUpload(req) && Number(req.headers['content-length']) > 100_000,
      action: { dropAfterBytes: 50_000 },
      times: 1,
    });
    const start = proxy.requests.length;
    const pushed = await pushImage(image, {
      repo: `${proxy.host}/interrupted`,
      insecure: true,
      credentials: ANONYMOUS,
      retry: fastRetry,
    });
    expect(pushed.layersUploaded).toBe(1);
    const cut = proxy.requests.slice(start).filter((r) => r.status === 0);
    expect(cut).toHaveLength(1);
    const client = new RegistryClient({ registry: registry.host, insecure: true });
    await client.ping();
    expect(await client.blobExists('interrupted', image.layers[0]!.digest, [])).toBe(true);
  });

  it('retries 503 and 429 answers with backoff', async () => {
    const image = await syntheticImage();
    proxy.faults.push({ match: (req) => req.method === 'HEAD', action: { status: 503 }, times: 2 });
    proxy.faults.push({
      match: (req) => req.method === 'PUT' && (req.url ?? '').includes('/manifests/'),
      action: { status: 429 },
      times: 1,
    });
    const pushed = await pushImage(image, {
      repo: `${proxy.host}/flaky`,
      insecure: true,
      credentials: ANONYMOUS,
      retry: fastRetry,
    });
    expect(pushed.digest).toBe(image.manifest.digest);
    expect(proxy.faults.every((f) => f.times === 0)).toBe(true);
  });

  it('says which manifest the registry rejected and why', async () => {
    const image = await syntheticImage();
    const client = new RegistryClient({ registry: registry.host, insecure: true, retry: fastRetry });
    await client.ping();
    // The layers were never uploaded: the registry refuses a manifest naming unknown blobs.
    await expect(
      client.putManifest('rejected', 'test', image.manifest.bytes, image.manifest.mediaType, []),
    ).rejects.toThrow(
      /400 from 127\.0\.0\.1:\d+: the registry rejected pushing manifest rejected:test \(MANIFEST_BLOB_UNKNOWN/,
    );
  });

  it('names the registry and the cause when nothing listens', async () => {
    const client = new RegistryClient({ registry: '127.0.0.1:1', insecure: true, retry: fastRetry });
    await expect(client.ping()).rejects.toThrow('cannot reach 127.0.0.1:1 (ECONNREFUSED) — is it running?');
  });

  it('tells to use --insecure when HTTPS meets a plain-HTTP registry', async () => {
    const client = new RegistryClient({ registry: registry.host, insecure: false, retry: fastRetry });
    await expect(client.ping()).rejects.toMatchObject({
      message: expect.stringContaining('over HTTPS'),
      hint: expect.stringContaining('--insecure'),
    });
  });
});
