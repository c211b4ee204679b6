// Small images made with ship's own layer code, for registry tests that need no base or app.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { BuiltImage } from '../../src/image/built-image.js';
import { buildImageConfig } from '../../src/image/image-config.js';
import { buildManifest, serialize } from '../../src/image/image-manifest.js';
import { layoutLayer } from '../../src/image/layer-layout.js';
import { packLayer } from '../../src/image/layer-tar.js';
import { type ManifestFormat, MediaType } from '../../src/image/media-types.js';
import type { Platform } from '../../src/image/platform.js';
import { ContentStore } from '../../src/store/content-store.js';

// The stores this module made, removed when the test file that imported it is done (a hook at a
// module's top level registers on the importing file's suite).
const made: string[] = [];
afterAll(() => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function newStore(): Promise<ContentStore> {
  const dir = await mkdtemp(join(tmpdir(), 'ship-store-'));
  made.push(dir);
  return new ContentStore(dir);
}

export async function syntheticImage(
  options: {
    layerBytes?: number[];
    format?: ManifestFormat;
    store?: ContentStore;
    seed?: string;
    platform?: Platform;
  } = {},
): Promise<BuiltImage & { store: ContentStore }> {
  const store = options.store ?? (await newStore());
  const format = options.format ?? 'oci';
  const seed = options.seed ?? randomBytes(8).toString('hex');
  const layers = [];
  for (const [i, size] of (options.layerBytes ?? [1000, 5000]).entries()) {
    // Random bytes do not compress: the blob is about as large as asked.
    const content = Buffer.concat([Buffer.from(`${seed}-${i}\n`), randomBytes(size)]);
    const packed = await packLayer(layoutLayer([{ kind: 'file', path: `data/layer-${i}.bin`, content }], 0));
    await store.put(packed.blob);
    layers.push(packed);
  }
  const config = serialize(
    buildImageConfig(undefined, {
      platform: options.platform ?? { os: 'linux', architecture: 'amd64' },
      layers: layers.map((l, i) => ({ diffId: l.diffId, description: `layer ${i}` })),
      entrypoint: ['/bin/true'],
      env: {},
      workingDir: '/',
      user: '1000:1000',
      exposedPorts: [],
      labels: { seed },
      created: '1970-01-01T00:00:00Z',
    }),
    format === 'docker' ? MediaType.dockerConfig : MediaType.ociConfig,
  );
  const manifest = buildManifest({
    format,
    config: { digest: config.digest, size: config.bytes.length },
    layers: layers.map((l) => ({ mediaType: MediaType.ociLayerGzip, digest: l.digest, size: l.size })),
    annotations: { seed },
  });
  return {
    manifest,
    config,
    layers: layers.map((l, i) => ({
      role: 'layer',
      description: `layer ${i}`,
      mediaType: MediaType.ociLayerGzip,
      digest: l.digest,
      size: l.size,
    })),
    platform: options.platform ?? { os: 'linux', architecture: 'amd64' },
    tags: ['test'],
    blobs: store,
    store,
  };
}
