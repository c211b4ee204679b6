// Reads the configured source (the embedded snapshot, a local path or an http(s) URL) and builds
// the dataset. Either everything loads or this throws: SourceError when the source
// cannot be read (and no cached copy exists), DataError when its content is bad.

import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  buildDataset,
  type Dataset,
  type DateFormat,
  type MetaResponse,
  parseHdxCsv,
  withWarnings,
} from '../core/index.js';
import { downloadWithCache, RAISE_SIZE_LIMIT } from './cached-download.js';
import { checkedCsvBytes, DEFAULT_MAX_BYTES, readBounded } from './csv-bytes.js';
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
  /** Longest wait for a download's answer and between two pieces of its body (default 15 s). */
  timeoutMs?: number;
  /** Largest file or download accepted, in bytes (default DEFAULT_MAX_BYTES, 256 MiB). */
  maxBytes?: number;
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
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (source === SNAPSHOT_SOURCE) {
    const snapshot = await readSnapshot();
    return prepare(opts, { bytes: snapshot.compressed }, snapshot.source, () => snapshot.csv);
  }
  if (!isUrl(source)) {
    const bytes = await readLocal(source, maxBytes);
    return prepare(opts, { bytes }, { location: source, kind: 'file', sha256: sha256Of(bytes) }, () =>
      checkedCsvBytes(bytes, source),
    );
  }
  const download = await downloadWithCache({
    url: source,
    cacheDir: opts.cacheDir,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    maxBytes,
    log,
  });
  const sourceOf = (
    bytes: Buffer,
    fromCache: boolean,
    validators: { etag?: string; lastModified?: string } = download,
  ): MetaResponse['source'] => ({
    location: source,
    kind: 'url',
    sha256: sha256Of(bytes),
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
    fromCache,
  });
  // Parsed (and so known to be good) before the download is cached.
  const dataset = await prepare(
    opts,
    { bytes: download.bytes },
    sourceOf(download.bytes, download.fromCache),
    () => checkedCsvBytes(download.bytes, source),
  );
  const rows = rowCount(dataset);
  const previous = download.previous;
  if (previous) {
    // A body cut at a row boundary, with no length to check it against, parses as good data.
    // Caches written before the row count was recorded: count by loading the copy (a bad one counts 0).
    const previousRows =
      previous.entry.rows ??
      (await prepare(opts, { bytes: previous.bytes }, sourceOf(previous.bytes, true), () =>
        checkedCsvBytes(previous.bytes, source),
      ).then(rowCount, () => 0));
    if (rows < previousRows) {
      const warning =
        `the new download of ${source} has ${rows} rows, fewer than the ${previousRows} of the copy cached at ` +
        `${previous.entry.fetchedAt}: it may have been cut short, so the cached copy is served and kept. ` +
        `If the smaller file is right, delete ${download.cacheFile} and start again.`;
      log(warning);
      const kept = await prepare(
        opts,
        { bytes: previous.bytes },
        sourceOf(previous.bytes, true, previous.entry),
        () => checkedCsvBytes(previous.bytes, source),
      );
      return withWarnings(kept, [warning]);
    }
  }
  await download.save(rows);
  return download.warning ? withWarnings(dataset, [download.warning]) : dataset;
}

function rowCount(dataset: Dataset): number {
  return dataset.meta.indicators.reduce((sum, indicator) => sum + indicator.rows, 0);
}

/** The dataset of `input.bytes`: read back from the prepared store, or parsed, built and stored. */
async function prepare(
  opts: LoadOptions,
  input: { bytes: Buffer | null },
  source: MetaResponse['source'],
  content: () => Uint8Array,
): Promise<Dataset> {
  const store = opts.prepared;
  const log = opts.log ?? (() => {});
  const key = store && input.bytes && preparedKey(store, source.location, opts.dateFormat, input.bytes);
  const stored = store && key ? await readPrepared(store, key) : null;
  const loadedAt = new Date();
  if (stored) {
    log(`${USING_PREPARED} ${source.location} (unchanged since it was built)`);
    return { ...stored, meta: { ...stored.meta, source, loadedAt: loadedAt.toISOString() } };
  }
  const parseOptions = { file: source.location, ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}) };
  const dataset = buildDataset(parseHdxCsv(content(), parseOptions), source, loadedAt);
  if (store && key) await writePrepared(store, key, dataset, log);
  return dataset;
}

function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

async function readLocal(source: string, maxBytes: number): Promise<Buffer> {
  let path: string;
  try {
    path = source.startsWith('file:') ? fileURLToPath(source) : source;
  } catch (error) {
    // e.g. file://remotehost/data.csv: Node reads local files only.
    throw new SourceError(
      source,
      `${(error as Error).message}; give a local path or a file:///absolute/path URL`,
    );
  }
  try {
    return await readBounded(path, source, maxBytes, RAISE_SIZE_LIMIT);
  } catch (error) {
    if ((error as Error).name === 'DataError') throw error;
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
