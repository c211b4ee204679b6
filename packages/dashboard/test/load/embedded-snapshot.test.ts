// The HDX snapshot carried in the package: byte-identical to the shared mirror, deterministic gzip,
// described by its provenance note, shipped by npm, served by default, and refused when damaged.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadDataset,
  readSnapshot,
  SNAPSHOT,
  SNAPSHOT_SOURCE,
  SourceError,
  snapshotFile,
} from '../../src/load/index.js';
import { PACKAGE_ROOT, SHARED_CSV } from '../server/shared-data.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ebov-snapshot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the embedded snapshot', () => {
  const compressed = readFileSync(snapshotFile());

  it('is data/hdx-ebola/ebola_data_db_format.csv.gz in the package, about 70 KB', () => {
    expect(snapshotFile()).toBe(path.join(PACKAGE_ROOT, 'data/hdx-ebola/ebola_data_db_format.csv.gz'));
    expect(compressed.length).toBeGreaterThan(50_000);
    expect(compressed.length).toBeLessThan(90_000);
  });

  it('decompresses byte-identical to the shared copy, whose SHA-256 the code and the provenance note state', () => {
    const shared = readFileSync(SHARED_CSV);
    const csv = gunzipSync(compressed);
    expect(csv.equals(shared)).toBe(true);
    const sha256 = createHash('sha256').update(shared).digest('hex');
    expect(SNAPSHOT.sha256).toBe(sha256);
    const note = readFileSync(path.join(path.dirname(snapshotFile()), 'PROVENANCE.md'), 'utf8');
    expect(note).toContain(sha256);
    expect(note).toContain('c59b5722-ca4b-41ca-a446-472d6d824d01');
    expect(note).toContain('M/D/YYYY');
    expect(note).toMatch(/Licence, as HDX states it/);
  });

  it('is deterministic gzip: no file name, no timestamp, maximum compression flag', () => {
    // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS
    expect([...compressed.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    expect(compressed[3]).toBe(0); // FLG: no FNAME, no FCOMMENT, no FEXTRA
    expect(compressed.readUInt32LE(4)).toBe(0); // MTIME
    expect(compressed[8]).toBe(2); // XFL: slowest, best compression
  });

  it('is in the files npm ships with the package', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toContain('data');
  });

  it('loads with its provenance in the meta, touching no cache', async () => {
    const dataset = await loadDataset({ source: SNAPSHOT_SOURCE, cacheDir: path.join(tmp, 'no-cache') });
    expect(dataset.meta.source).toEqual({
      location: snapshotFile(),
      kind: 'snapshot',
      label: SNAPSHOT.label,
      sha256: SNAPSHOT.sha256,
      page: 'https://data.humdata.org/dataset/ebola-cases-2014',
      licence: SNAPSHOT.licence,
      attribution: SNAPSHOT.attribution,
    });
    expect(dataset.meta.indicators).toHaveLength(36);
    expect(dataset.meta.indicators.reduce((sum, indicator) => sum + indicator.rows, 0)).toBe(17_585);
    expect(dataset.meta.dateRange).toEqual({ from: '2014-08-29', to: '2016-03-23' });
    expect(existsSync(path.join(tmp, 'no-cache'))).toBe(false);
  });

  it.each([
    [
      'a changed CSV',
      () => gzipSync(Buffer.concat([gunzipSync(compressed), Buffer.from('x')])),
      /SHA-256 [0-9a-f]{64}, expected/,
    ],
    ['bytes that are not gzip', () => Buffer.from('Indicator,Country,Date,value\n'), /not valid gzip/],
  ])('refuses %s, saying how to repair the install', async (_name, bytes, reason) => {
    const file = path.join(tmp, 'damaged.csv.gz');
    writeFileSync(file, bytes());
    const error = await readSnapshot(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain('npm ci');
  });

  it('refuses a missing snapshot file the same way', async () => {
    const error = await readSnapshot(path.join(tmp, 'absent.csv.gz')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/cannot be read \(ENOENT\).*npm ci/);
  });
});
