// Reads the configured source (the embedded snapshot, a local path or an http(s) URL) and builds
// the dataset. Either everything loads or this throws: SourceError when the source
// cannot be read (and no cached copy exists), DataError when its content is bad.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  buildDataset,
  type Dataset,
  type DateFormat,
  type MetaResponse,
  parseHdxCsv,
  withWarnings,
} from '../core/index.js';
import { downloadWithCache } from './cached-download.js';
import { SNAPSHOT_SOURCE } from './default-source.js';
import { readSnapshot } from './embedded-snapshot.js';
import {
  type PreparedStore,
  preparedKey,
  readPrepared,
  USING_PREPARED,
  writePrepared,
} from './prepared-dataset.js';
import { SourceError } from './source-error.js';

export interface LoadOptions {
  /** "snapshot" (the embedded HDX file), a local path, a file: URL, or an http(s) URL. */
  source: string;
  /** Where URL downloads are cached (see defaultCacheDir). */
  cacheDir: string;
  /** Override for files whose dates read both as M/D/YYYY and DD/MM/YYYY. */
  dateFormat?: DateFormat;
  fetchImpl?: typeof fetch;
  /** Download timeout (default 15 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
  /** Where built datasets are kept for the next start (see prepared-dataset.ts); none when absent. */
  prepared?: PreparedStore;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function loadDataset(opts: LoadOptions): Promise<Dataset> {
  const { source } = opts;
  const log = opts.log ?? (() => {});
  if (source === SNAPSHOT_SOURCE) {
    const snapshot = await readSnapshot();
    return prepare(opts, snapshot.compressed, snapshot.source, () => snapshot.csv.toString('utf8'));
  }
  if (!isUrl(source)) {
    const bytes = await readLocal(source);
    return prepare(opts, bytes, { location: source, kind: 'file', sha256: sha256Of(bytes) }, () =>
      bytes.toString('utf8'),
    );
  }
  const download = await downloadWithCache({
    url: source,
    cacheDir: opts.cacheDir,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    log,
  });
  const meta: MetaResponse['source'] = {
    location: source,
    kind: 'url',
    sha256: sha256Of(download.text),
    ...(download.etag ? { etag: download.etag } : {}),
    ...(download.lastModified ? { lastModified: download.lastModified } : {}),
    fromCache: download.fromCache,
  };
  // Parsed (and so known to be good) before the download is cached.
  const dataset = await prepare(opts, download.text, meta, () => download.text);
  await download.save();
  return download.warning ? withWarnings(dataset, [download.warning]) : dataset;
}

/** The dataset of `content`: read back from the prepared store, or parsed, built and stored. */
async function prepare(
  opts: LoadOptions,
  content: string | Buffer,
  source: MetaResponse['source'],
  text: () => string,
): Promise<Dataset> {
  const store = opts.prepared;
  const log = opts.log ?? (() => {});
  const key = store && preparedKey(store, source.location, opts.dateFormat, content);
  const stored = store && key ? await readPrepared(store, key) : null;
  const loadedAt = new Date();
  if (stored) {
    log(`${USING_PREPARED} ${source.location} (unchanged since it was built)`);
    return { ...stored, meta: { ...stored.meta, source, loadedAt: loadedAt.toISOString() } };
  }
  const parseOptions = { file: source.location, ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}) };
  const dataset = buildDataset(parseHdxCsv(text(), parseOptions), source, loadedAt);
  if (store && key) await writePrepared(store, key, dataset, log);
  return dataset;
}

function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

async function readLocal(source: string): Promise<Buffer> {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory, not a CSV file'
            : (error as Error).message;
    throw new SourceError(source, reason);
  }
}
