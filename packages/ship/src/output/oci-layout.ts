// Writing an image as an OCI image layout directory (oci-layout, index.json, blobs/sha256/…), and
// as an `oci-archive` (the same tree in one tar, which `podman load` reads). Both are written
// next to the destination and renamed into place: never half-written.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import type { BuiltImage } from '../image/built-image.js';
import { type Digest, digestHex } from '../image/digest.js';
import { buildLayoutIndex } from '../image/image-manifest.js';
import { ContentStore } from '../store/content-store.js';

export const OCI_LAYOUT_FILE = JSON.stringify({ imageLayoutVersion: '1.0.0' });

/** `org.opencontainers.image.ref.name` for the image: e.g. `ebov-dash:main-0123abc`. */
export function layoutIndexJson(image: BuiltImage, refName?: string): Buffer {
  return Buffer.from(JSON.stringify(buildLayoutIndex(image.manifest, image.platform, refName)));
}

interface LayoutBlob {
  digest: Digest;
  size: number;
  bytes?: Buffer;
}

function layoutBlobs(image: BuiltImage): LayoutBlob[] {
  const blobs = new Map<string, LayoutBlob>();
  for (const layer of image.layers) blobs.set(layer.digest, { digest: layer.digest, size: layer.size });
  blobs.set(image.config.digest, {
    digest: image.config.digest,
    size: image.config.bytes.length,
    bytes: image.config.bytes,
  });
  blobs.set(image.manifest.digest, {
    digest: image.manifest.digest,
    size: image.manifest.bytes.length,
    bytes: image.manifest.bytes,
  });
  return [...blobs.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
}

const tempSibling = (path: string) => join(dirname(path), `.${randomBytes(6).toString('hex')}.ship-tmp`);

export async function writeOciLayout(image: BuiltImage, dir: string, refName?: string): Promise<void> {
  const temp = tempSibling(dir);
  await mkdir(join(temp, 'blobs', 'sha256'), { recursive: true });
  try {
    await writeFile(join(temp, 'oci-layout'), OCI_LAYOUT_FILE);
    await writeFile(join(temp, 'index.json'), layoutIndexJson(image, refName));
    for (const blob of layoutBlobs(image)) {
      const target = join(temp, 'blobs', 'sha256', digestHex(blob.digest));
      if (blob.bytes) {
        await writeFile(target, blob.bytes);
      } else if (image.blobs instanceof ContentStore) {
        // Hard links are free and safe: blobs are never modified in place.
        await link(image.blobs.path(blob.digest), target).catch(() =>
          copyFile((image.blobs as ContentStore).path(blob.digest), target),
        );
      } else {
        await pipeline(image.blobs.open(blob.digest), createWriteStream(target));
      }
    }
    const existing = await stat(dir).catch(() => undefined);
    if (existing) await rm(dir, { recursive: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

export async function writeOciArchive(image: BuiltImage, file: string, refName?: string): Promise<void> {
  const temp = tempSibling(file);
  const tar = pack();
  const out = pipeline(tar, createWriteStream(temp));
  const entry = (name: string, body?: Buffer, size?: number) => {
    const header = {
      name,
      mode: body || size !== undefined ? 0o644 : 0o755,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
    };
    if (body)
      return new Promise<void>((resolve, reject) =>
        tar.entry({ ...header, size: body.length }, body, (e) => (e ? reject(e) : resolve())),
      );
    if (size === undefined)
      return new Promise<void>((resolve, reject) =>
        tar.entry({ ...header, type: 'directory' }, (e) => (e ? reject(e) : resolve())),
      );
    return undefined;
  };
  try {
    await entry('blobs/');
    await entry('blobs/sha256/');
    for (const blob of layoutBlobs(image)) {
      const name = `blobs/sha256/${digestHex(blob.digest)}`;
      if (blob.bytes) {
        await entry(name, blob.bytes);
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const sink = tar.entry(
          { name, size: blob.size, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' },
          (e) => (e ? reject(e) : resolve()),
        );
        pipeline(image.blobs.open(blob.digest), sink).catch(reject);
      });
    }
    await entry('index.json', layoutIndexJson(image, refName));
    await entry('oci-layout', Buffer.from(OCI_LAYOUT_FILE));
    tar.finalize();
    await out;
    await rename(temp, file);
  } catch (error) {
    tar.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
