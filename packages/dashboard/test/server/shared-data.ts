// The shared HDX file (never copied into the repo) and the dataset the real
// loader makes of it, loaded once per test file.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../src/core/index.js';
import { loadDataset } from '../../src/load/index.js';

const here = fileURLToPath(import.meta.url);
export const REPO_ROOT = path.resolve(here, '../../../../..');
export const PACKAGE_ROOT = path.resolve(here, '../../..');
export const SHARED_CSV = path.resolve(REPO_ROOT, '../shared/data/hdx-ebola/ebola_data_db_format.csv');

let loading: Promise<Dataset> | undefined;

export function sharedDataset(): Promise<Dataset> {
  loading ??= loadDataset({ source: SHARED_CSV, cacheDir: path.join(tmpdir(), 'ebov-dash-test-cache') });
  return loading;
}
