// The Node and C library an image will run its addons with, read from the base: the Node version
// from the config's NODE_VERSION (the official images and our stand-in set it), the C library from
// the layers' files (a glibc libc.so.6 says its version in its own text; musl has ld-musl-*.so.1).
// Only read when an addon has to be compiled; the answer is cached by the base's digest.
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { Libc, NodeRuntime } from '../app/native-addons.js';
import type { Digest } from '../image/digest.js';
import type { PulledImage } from '../registry/pull-image.js';
import type { ContentStore } from '../store/content-store.js';

const LIBC_FILE = /^(?:usr\/)?lib(?:64)?\/(?:[\w-]+-linux-gnu\/)?libc(?:\.so\.6|-(\d+\.\d+)\.so)$/;
const MUSL_LOADER = /^(?:usr\/)?lib\/ld-musl-[\w-]+\.so\.1$/;
const GLIBC_BANNER = /GNU C Library[^\n]*?version (\d+\.\d+)/;
/** libc.so.6 is about 2 MB; anything far larger named so is not the library. */
const MAX_LIBC_BYTES = 16 * 1024 * 1024;

async function libcInLayer(store: ContentStore, digest: Digest): Promise<Libc | undefined> {
  let found: Libc | undefined;
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.?\//, '');
      const glibc = LIBC_FILE.exec(name);
      if (MUSL_LOADER.test(name)) found = { family: 'musl' };
      if (glibc?.[1]) found = { family: 'glibc', version: glibc[1] };
      if (!glibc || glibc[1] || header.type !== 'file' || (header.size ?? 0) > MAX_LIBC_BYTES) {
        stream.on('end', next).resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        const version = GLIBC_BANNER.exec(Buffer.concat(chunks).toString('latin1'))?.[1];
        if (version) found = { family: 'glibc', version };
        next();
      });
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  const source = store.open(digest);
  source.on('error', (error) => tar.destroy(error));
  source
    .pipe(createGunzip())
    .on('error', (error) => tar.destroy(error))
    .pipe(tar);
  await done;
  return found;
}

export async function readTargetRuntime(base: PulledImage, store: ContentStore): Promise<NodeRuntime> {
  const platform = {
    os: 'linux' as const,
    architecture: base.config.architecture === 'arm64' ? ('arm64' as const) : ('amd64' as const),
  };
  const nodeVersion = (base.config.config?.Env ?? [])
    .find((line) => line.startsWith('NODE_VERSION='))
    ?.slice('NODE_VERSION='.length);
  const cached = await store.readRecord<{ libc: Libc | null }>('target-libc', base.digest.slice(7));
  let libc = cached ? (cached.libc ?? undefined) : undefined;
  if (!cached) {
    // A later layer's libc wins, as it would in the running container.
    for (const layer of base.manifest.layers) libc = (await libcInLayer(store, layer.digest)) ?? libc;
    await store.writeRecord('target-libc', base.digest.slice(7), { libc: libc ?? null });
  }
  return { platform, nodeVersion: nodeVersion ?? '', libc };
}

/** This machine: its architecture and C library (Node's own report says which glibc it runs on). */
export function hostRuntime(): Omit<NodeRuntime, 'nodeVersion'> {
  const arch = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'amd64' : undefined;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
    ?.header;
  const libc: Libc | undefined =
    process.platform !== 'linux'
      ? undefined
      : header?.glibcVersionRuntime
        ? { family: 'glibc', version: header.glibcVersionRuntime }
        : { family: 'musl' };
  return {
    platform: { os: 'linux', architecture: arch ?? ('unknown' as 'amd64') },
    libc,
  };
}
