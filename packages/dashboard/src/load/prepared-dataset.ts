// The prepared dataset: a Dataset built once from a source and kept on disk (V8's structured
// serialization), so that the next start with the same data skips parsing and building it
// (about 250 ms of CPU on the HDX file → about 30 ms to read back).
//
// The key covers everything the Dataset is made from: the program's build id (any change to
// the code makes a new key), V8's version (its serialization format), the source's location
// (warnings name it), the date format asked for, and the SHA-256 of the source's bytes. The parts of the answer that change at every start (loadedAt,
// the download's validators and cache state, its warnings) are not stored; the loader sets them.
//
// Best effort both ways: a missing, unreadable or corrupt file is a miss (the data is built
// as if there were no store); a store that cannot be written (read-only, full) is logged and
// the server starts anyway. Only datasets that loaded without error are ever stored.
//
// Each file holds { layout, key, dataset }: a file that is well-formed V8 data but not ours, or
// ours under another name, is a miss (it was a TypeError further on). Pruning removes only files
// named like ours (`<43-character key>.v8`), never another program's `*.v8` in the same folder.

import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Dataset, DateFormat } from '../core/index.js';
import { makeDir } from './make-dir.js';

export interface PreparedStore {
  /** Folder of `<key>.v8` files. */
  dir: string;
  /** Identifies the code that builds datasets: the bundle's content hash (see build-id.ts). */
  buildId: string;
}

/** How the loader's log line starts when a start reads a prepared dataset back. */
export const USING_PREPARED = 'using the prepared dataset of';
/** How the loader's log line starts when the prepared dataset could not be written. */
export const NOT_KEPT = 'could not keep the prepared dataset';
/** The names of the files this store writes: a sha256 in base64url, then .v8. */
const OUR_FILE = /^[A-Za-z0-9_-]{43}\.v8$/;

interface Stored {
  layout: string;
  key: string;
  dataset: Dataset;
}

/** Bump when the stored layout changes in a way the build id would not show. */
const LAYOUT = 'ebov-prepared-2';
/** Prepared files kept per store; older ones are removed when a new one is written. */
const KEEP = 8;

export function preparedKey(
  store: PreparedStore,
  location: string,
  dateFormat: DateFormat | undefined,
  sha256: string,
): string {
  const hash = createHash('sha256');
  // V8's version too: an older V8 cannot read a newer one's serialization.
  for (const part of [LAYOUT, store.buildId, process.versions.v8, location, dateFormat ?? 'decide']) {
    hash.update(`${part}\u0000`);
  }
  return hash.update(sha256).digest('base64url');
}

const fileOf = (store: PreparedStore, key: string) => path.join(store.dir, `${key}.v8`);

/** The stored Dataset for `key`, or null when there is none that reads back as one. */
export async function readPrepared(store: PreparedStore, key: string): Promise<Dataset | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(fileOf(store, key));
  } catch {
    return null;
  }
  try {
    const stored = deserialize(bytes) as Partial<Stored> | null;
    if (stored?.layout !== LAYOUT || stored.key !== key) return null;
    const dataset = stored.dataset as Dataset;
    const looksRight =
      typeof dataset === 'object' &&
      dataset !== null &&
      typeof dataset.meta === 'object' &&
      dataset.meta !== null &&
      Array.isArray(dataset.meta.indicators) &&
      dataset.series instanceof Map &&
      dataset.traces instanceof Map &&
      dataset.indicatorByKey instanceof Map &&
      dataset.countryByKey instanceof Map &&
      dataset.flareUps instanceof Map &&
      Array.isArray(dataset.indicators) &&
      Array.isArray(dataset.countries);
    if (!looksRight) return null;
    // Marks it as recently used, so that pruning keeps it (fails quietly on a read-only store).
    const now = new Date();
    utimes(fileOf(store, key), now, now).catch(() => {});
    return dataset;
  } catch {
    return null;
  }
}

/** Stores `dataset` under `key` (temp file + rename: a reader never sees half a file). */
export async function writePrepared(
  store: PreparedStore,
  key: string,
  dataset: Dataset,
  log: (message: string) => void,
): Promise<void> {
  const file = fileOf(store, key);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await makeDir(store.dir);
    await writeFile(temporary, serialize({ layout: LAYOUT, key, dataset } satisfies Stored));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    log(`${NOT_KEPT} in ${store.dir} (${(error as Error).message}): the next start builds it again`);
    return;
  }
  await removeOldest(store.dir, KEEP).catch(() => {});
}

async function removeOldest(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((name) => OUR_FILE.test(name));
  if (names.length <= keep) return;
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(path.join(dir, name))).mtimeMs })),
  );
  dated.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of dated.slice(keep)) await rm(path.join(dir, name), { force: true });
}
