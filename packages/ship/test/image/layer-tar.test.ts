import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/image/digest.js';
import { layoutLayer } from '../../src/image/layer-layout.js';
import { packLayer } from '../../src/image/layer-tar.js';

async function readTar(tar: Buffer) {
  const entries: {
    name: string;
    type: string;
    mode: number;
    uid: number;
    gid: number;
    mtime: number;
    body: string;
    linkname: string | null;
  }[] = [];
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const h = entry.header;
      entries.push({
        name: h.name,
        type: h.type ?? '',
        mode: h.mode ?? -1,
        uid: h.uid ?? -1,
        gid: h.gid ?? -1,
        mtime: (h.mtime?.getTime() ?? -1) / 1000,
        body: Buffer.concat(chunks).toString(),
        linkname: h.linkname ?? null,
      });
    }
  })();
  ex.end(tar);
  await done;
  return entries;
}

const files = [
  { kind: 'file', path: 'app/dist/cli.js', content: Buffer.from('console.log(1)'), executable: false },
  { kind: 'file', path: 'app/bin/run', content: Buffer.from('#!/bin/sh'), executable: true },
  { kind: 'symlink', path: 'app/node_modules/.bin/x', target: '../x/cli.js' },
  { kind: 'file', path: `app/${'long-directory-name/'.repeat(8)}file.js`, content: Buffer.from('deep') },
] as const;

describe('packLayer', () => {
  it('is byte-for-byte deterministic (tar and gzip)', async () => {
    const a = await packLayer(layoutLayer(files, 0));
    const b = await packLayer(layoutLayer([...files].reverse(), 0));
    expect(a.digest).toBe(b.digest);
    expect(a.blob.equals(b.blob)).toBe(true);
  });

  it('names the blob by its gzip bytes and the diff id by its tar bytes', async () => {
    const layer = await packLayer(layoutLayer(files, 0));
    expect(layer.digest).toBe(sha256(layer.blob));
    expect(layer.diffId).toBe(sha256(gunzipSync(layer.blob)));
    expect(layer.size).toBe(layer.blob.length);
  });

  it('writes a gzip header with no mtime and no file name', async () => {
    const { blob } = await packLayer(layoutLayer(files, 0));
    expect(blob.readUInt32LE(4)).toBe(0); // MTIME
    expect(blob[3]! & 0x08).toBe(0); // FLG.FNAME
  });

  it('changes when mtime changes, and only then', async () => {
    const a = await packLayer(layoutLayer(files, 0));
    const b = await packLayer(layoutLayer(files, 1700000000));
    expect(a.digest).not.toBe(b.digest);
  });

  it('writes the entries a tar reader sees: sorted, parents, modes, root, mtime, symlinks, long names', async () => {
    const { blob } = await packLayer(layoutLayer(files, 1700000000));
    const entries = await readTar(gunzipSync(blob));
    expect(entries.map((e) => e.name)).toEqual([
      'app/',
      'app/bin/',
      'app/bin/run',
      'app/dist/',
      'app/dist/cli.js',
      ...Array.from({ length: 8 }, (_, i) => `app/${'long-directory-name/'.repeat(i + 1)}`),
      `app/${'long-directory-name/'.repeat(8)}file.js`,
      'app/node_modules/',
      'app/node_modules/.bin/',
      'app/node_modules/.bin/x',
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({ uid: 0, gid: 0, mtime: 1700000000 });
      expect(e.mode).toBe(
        e.type === 'file' && !e.name.endsWith('run') ? 0o644 : e.type === 'symlink' ? 0o777 : 0o755,
      );
    }
    expect(entries.find((e) => e.name === 'app/dist/cli.js')?.body).toBe('console.log(1)');
    expect(entries.find((e) => e.type === 'symlink')?.linkname).toBe('../x/cli.js');
  });
});
