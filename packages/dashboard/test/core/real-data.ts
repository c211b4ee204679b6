// The shared HDX file (never copied into the repo): its path from the repo root.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataset, type Dataset, parseHdxCsv } from '../../src/core/index.js';

// test/core/real-data.ts → the repository root is four levels up.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const REAL_CSV = path.resolve(REPO_ROOT, '../shared/data/hdx-ebola/ebola_data_db_format.csv');

let text: string | undefined;
export function realCsvText(): string {
  text ??= readFileSync(REAL_CSV, 'utf8');
  return text;
}

let dataset: Dataset | undefined;
/** The real file, parsed and built once per test file. */
export function realDataset(): Dataset {
  dataset ??= buildDataset(
    parseHdxCsv(realCsvText(), { file: REAL_CSV }),
    { location: REAL_CSV, kind: 'file' },
    new Date(),
  );
  return dataset;
}
