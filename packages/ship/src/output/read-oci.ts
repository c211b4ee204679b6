// Reading an image back from an OCI layout directory or oci-archive, for `ship push`.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { UserError } from '../errors.js';
import type { BuiltImage } from '../image/built-image.js';
import { type Digest, sha256 } from '../image/digest.js';
import type { ImageConfig } from '../image/image-config.js';
import type { ImageIndex, ImageManifest } from '../image/image-manifest.js';
import { isManifestMediaType } from '../image/media-types.js';
import { ContentStore } from '../store/content-store.js';

export async function readOciLayout(dir: string): Promise<BuiltImage> {
  let index: ImageIndex;
  try {
    index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as ImageIndex;
  } catch (error) {
    throw new UserError(
      `${dir}: not an OCI image layout (index.json: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'give a directory written by `ship build --output oci-layout:DIR`',
    );
  }
  const entry = index.manifests.find((m) => isManifestMediaType(m.mediaType));
  if (!entry)
    throw new UserError(
      `${join(dir, 'index.json')}: names no image manifest`,
      'write it with `ship build --output oci-layout:DIR`',
    );
  const store = new ContentStore(dir);
  const read = async (digest: Digest) => {
    const bytes = await store.read(digest).catch(() => {
      throw new UserError(`${dir}: blob ${digest} is missing`, 'the layout is incomplete; build it again');
    });
    if (sha256(bytes) !== digest)
      throw new UserError(
        `${dir}: blob ${digest} does not match its digest`,
        'the layout is corrupted; build it again',
      );
    return bytes;
  };
  const manifestBytes = await read(entry.digest);
  const manifest = JSON.parse(manifestBytes.toString()) as ImageManifest;
  const configBytes = await read(manifest.config.digest);
  const config = JSON.parse(configBytes.toString()) as ImageConfig;
  const refName = entry.annotations?.['org.opencontainers.image.ref.name'];
  const tag = refName?.includes(':') ? refName.slice(refName.lastIndexOf(':') + 1) : refName;
  return {
    manifest: { value: manifest, bytes: manifestBytes, digest: entry.digest, mediaType: manifest.mediaType },
    config: {
      value: config,
      bytes: configBytes,
      digest: manifest.config.digest,
      mediaType: manifest.config.mediaType,
    },
    layers: manifest.layers.map((l) => ({
      role: 'layer',
      description: '',
      mediaType: l.mediaType,
      digest: l.digest,
      size: l.size,
    })),
    platform: {
      os: 'linux',
      architecture: config.architecture === 'arm64' ? 'arm64' : 'amd64',
      ...(config.variant ? { variant: config.variant } : {}),
    },
    tags: tag ? [tag] : [],
    blobs: store,
  };
}

/** Unpacks an oci-archive into a temp directory and reads it; call `cleanup` when done. */
export async function readOciArchive(
  file: string,
): Promise<{ image: BuiltImage; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ship-archive-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const ex = extract();
    const done = (async () => {
      for await (const entry of ex) {
        const name = normalize(entry.header.name);
        if (entry.header.type !== 'file' || name.startsWith('..') || name.startsWith('/')) {
          entry.resume();
          continue;
        }
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await pipeline(entry, createWriteStream(join(dir, name)));
      }
    })();
    await pipeline(createReadStream(file), ex);
    await done;
    return { image: await readOciLayout(dir), cleanup };
  } catch (error) {
    await cleanup();
    if (error instanceof UserError) throw error;
    throw new UserError(
      `${file}: cannot read it as an oci-archive (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'give a file written by `ship build --output oci-archive:FILE`',
    );
  }
}
