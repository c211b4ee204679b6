// The Node and C library an image runs addons with, read from base layers made here (real tar +
// gzip blobs in a real content store): glibc's version from libc.so.6's own banner, musl from its
// loader, a later layer winning, NODE_VERSION from the config.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTargetRuntime } from '../../src/build/target-runtime.js';
import { sha256 } from '../../src/image/digest.js';
import { type LayerFile, layoutLayer } from '../../src/image/layer-layout.js';
import { packLayer } from '../../src/image/layer-tar.js';
import type { PulledImage } from '../../src/registry/pull-image.js';
import { ContentStore } from '../../src/store/content-store.js';

let dir: string;
let store: ContentStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-target-runtime-'));
  store = new ContentStore(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = (path: string, text: string): LayerFile => ({ kind: 'file', path, content: Buffer.from(text) });

async function baseOf(layers: LayerFile[][], env: string[]): Promise<PulledImage> {
  const digests = [];
  for (const files of layers) {
    const packed = await packLayer(layoutLayer(files, 0));
    await store.put(packed.blob);
    digests.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: packed.digest,
      size: packed.size,
    });
  }
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: env },
    rootfs: { type: 'layers', diff_ids: [] },
  };
  return {
    digest: sha256(JSON.stringify({ layers: digests, env })),
    manifest: { schemaVersion: 2, layers: digests },
    config,
  } as unknown as PulledImage;
}

const banner = (version: string) =>
  `\x7fELF…GNU C Library (Debian GLIBC ${version}-9+deb12u4) stable release version ${version}.\n…`;

describe('readTargetRuntime', () => {
  it.each([
    [
      'bookworm: libc.so.6 says 2.36',
      [[file('usr/lib/x86_64-linux-gnu/libc.so.6', banner('2.36'))]],
      { family: 'glibc', version: '2.36' },
    ],
    [
      'old glibc named by its file',
      [[file('lib/x86_64-linux-gnu/libc-2.28.so', 'x')]],
      { family: 'glibc', version: '2.28' },
    ],
    ['alpine: the musl loader', [[file('lib/ld-musl-x86_64.so.1', 'x')]], { family: 'musl' }],
    [
      'a later layer replaces the library',
      [
        [file('lib/x86_64-linux-gnu/libc.so.6', banner('2.31'))],
        [file('lib/x86_64-linux-gnu/libc.so.6', banner('2.36'))],
      ],
      { family: 'glibc', version: '2.36' },
    ],
    ['no C library (distroless static)', [[file('app/server.js', '')]], undefined],
    ['a libc.so.6 without a banner', [[file('lib/x86_64-linux-gnu/libc.so.6', 'not a library')]], undefined],
  ] as const)('%s', async (_name, layers, libc) => {
    const base = await baseOf(layers as unknown as LayerFile[][], ['PATH=/usr/bin', 'NODE_VERSION=24.21.0']);
    expect(await readTargetRuntime(base, store)).toEqual({
      platform: { os: 'linux', architecture: 'amd64' },
      nodeVersion: '24.21.0',
      libc,
    });
    // Cached by the base's digest: the same answer without reading the layers again.
    expect((await readTargetRuntime(base, store)).libc).toEqual(libc);
  });

  it('a base without NODE_VERSION gives an empty version (the caller refuses to compile)', async () => {
    const base = await baseOf([[file('lib/ld-musl-x86_64.so.1', 'x')]], ['PATH=/usr/bin']);
    expect((await readTargetRuntime(base, store)).nodeVersion).toBe('');
  });
});
