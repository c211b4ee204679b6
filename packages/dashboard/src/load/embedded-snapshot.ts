// The HDX file carried in this package (data/hdx-ebola/ebola_data_db_format.csv.gz, provenance in
// PROVENANCE.md beside it): the default source, so that a first start needs no network. The outbreak
// ended in 2016 and the file no longer changes.
//
// The CSV's SHA-256 is fixed here and checked at every read: a damaged or replaced snapshot is
// refused rather than served as the HDX data.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { MetaResponse } from '../core/index.js';
import { SourceError } from './source-error.js';

const RELATIVE_PATH = 'data/hdx-ebola/ebola_data_db_format.csv.gz';

/** What /api/meta says about the snapshot (the footer shows label, licence and attribution). */
export const SNAPSHOT = {
  label: 'HDX "Ebola Cases and Deaths" (WHO situation reports, 2014-08-29 to 2016-03-23), embedded snapshot',
  sha256: 'e1eb035a51d8d688e119ba7a76bb59dc47cc38b4bedc3be17e3f54af2e5e2093',
  page: 'https://data.humdata.org/dataset/ebola-cases-2014',
  licence:
    'WHO copyright, as stated on the HDX dataset page: reproduction for research or private study, ' +
    'not for sale or commercial use (http://www.who.int/about/copyright/en/)',
  attribution: 'Source: World Health Organization (WHO) Ebola situation reports; contributor: HDX (OCHA)',
} as const;

/** The .gz file: beside the bundle (dist/cli.js → ../data) or, running from src/load with tsx, ../../data. */
export function snapshotFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', RELATIVE_PATH), path.resolve(here, '../..', RELATIVE_PATH)];
  return candidates.find((file) => existsSync(file)) ?? candidates[0]!;
}

export interface Snapshot {
  /** The compressed bytes (what the prepared store keys on: 70 KB to hash, not 1.3 MB). */
  compressed: Buffer;
  csv: Buffer;
  source: MetaResponse['source'];
}

/** The snapshot, decompressed and checked against its SHA-256 (`file` is for tests). */
export async function readSnapshot(file = snapshotFile()): Promise<Snapshot> {
  const reinstall =
    'the package is incomplete or damaged: reinstall it (npm ci), or use --data hdx or --data <file>';
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch (error) {
    throw new SourceError(
      file,
      `the embedded snapshot cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${reinstall}`,
    );
  }
  let csv: Buffer;
  try {
    csv = await promisify(gunzip)(compressed);
  } catch (error) {
    throw new SourceError(
      file,
      `the embedded snapshot is not valid gzip (${(error as Error).message}): ${reinstall}`,
    );
  }
  const sha256 = createHash('sha256').update(csv).digest('hex');
  if (sha256 !== SNAPSHOT.sha256) {
    throw new SourceError(
      file,
      `the embedded snapshot has SHA-256 ${sha256}, expected ${SNAPSHOT.sha256}: ${reinstall}`,
    );
  }
  return {
    compressed,
    csv,
    source: {
      location: file,
      kind: 'snapshot',
      label: SNAPSHOT.label,
      sha256,
      page: SNAPSHOT.page,
      licence: SNAPSHOT.licence,
      attribution: SNAPSHOT.attribution,
    },
  };
}
