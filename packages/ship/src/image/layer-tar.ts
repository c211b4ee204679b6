// Writes laid-out entries as a tar and compresses it deterministically: the gzip header carries
// no file name and mtime 0, and the compression level is fixed, so equal entries give equal bytes.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { type Digest, sha256 } from './digest.js';
import type { LayerEntry } from './layer-layout.js';

const gzipAsync = promisify(gzip);
export const GZIP_LEVEL = 9;

export interface PackedLayer {
  /** The compressed blob as pushed. */
  blob: Buffer;
  /** sha256 of the compressed blob: its name in the registry and the manifest. */
  digest: Digest;
  /** sha256 of the uncompressed tar: its name in the image config (`rootfs.diff_ids`). */
  diffId: Digest;
  size: number;
}

export async function writeTar(entries: readonly LayerEntry[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    tar.on('data', (chunk) => chunks.push(chunk as Buffer));
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  for (const entry of entries) {
    const header = {
      name: entry.type === 'directory' ? `${entry.path}/` : entry.path,
      type: entry.type,
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
      uname: '',
      gname: '',
      mtime: new Date(entry.mtime * 1000),
      ...(entry.linkname === undefined ? {} : { linkname: entry.linkname }),
    };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (entry.type === 'file')
        tar.entry({ ...header, size: entry.content?.length ?? 0 }, entry.content ?? Buffer.alloc(0), done);
      else tar.entry({ ...header, size: 0 }, done);
    });
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function gzipDeterministic(bytes: Uint8Array): Promise<Buffer> {
  return gzipAsync(bytes, { level: GZIP_LEVEL });
}

export async function packLayer(entries: readonly LayerEntry[]): Promise<PackedLayer> {
  const tar = await writeTar(entries);
  const blob = await gzipDeterministic(tar);
  return { blob, digest: sha256(blob), diffId: sha256(tar), size: blob.length };
}
