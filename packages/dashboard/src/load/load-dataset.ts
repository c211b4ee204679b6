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
  type ParseOptions,
  withWarnings,
} from '../core/index.js';
import { downloadWithCache, RAISE_SIZE_LIMIT } from './cached-download.js';
import {
  DEFAULT_MAX_BYTES,
  parseCsvFile,
  parseCsvPieces,
  piecesOf,
  type ReadCsv,
  type SizeLimit,
  sha256OfFile,
} from './csv-bytes.js';
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
  const limit = { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, raiseLimit: RAISE_SIZE_LIMIT };
  if (source === SNAPSHOT_SOURCE) {
    const snapshot = await readSnapshot();
    return prepare(
      opts,
      fromBuffer(snapshot.csv, limit, snapshot.source.sha256),
      snapshot.source.location,
      () => snapshot.source,
    );
  }
  if (!isUrl(source)) {
    const path = localPath(source);
    return prepare(opts, fromLocalFile(path, source, limit), source, (sha256) => ({
      location: source,
      kind: 'file',
      sha256,
    }));
  }
  const download = await downloadWithCache({
    url: source,
    cacheDir: opts.cacheDir,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    maxBytes: limit.maxBytes,
    log,
  });
  const sourceOf =
    (fromCache: boolean, validators: { etag?: string; lastModified?: string } = download) =>
    (sha256: string): MetaResponse['source'] => ({
      location: source,
      kind: 'url',
      sha256,
      ...(validators.etag ? { etag: validators.etag } : {}),
      ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
      fromCache,
    });
  // Parsed (and so known to be good) before the download is cached.
  const dataset = await prepare(
    opts,
    fromBuffer(download.bytes, limit),
    source,
    sourceOf(download.fromCache),
  );
  const rows = rowCount(dataset);
  const previous = download.previous;
  if (previous) {
    // A body cut at a row boundary, with no length to check it against, parses as good data.
    // Caches written before the row count was recorded: count by loading the copy (a bad one counts 0).
    const previousRows =
      previous.entry.rows ??
      (await prepare(opts, fromBuffer(previous.bytes, limit), source, sourceOf(true)).then(
        rowCount,
        () => 0,
      ));
    if (rows < previousRows) {
      const warning =
        `the new download of ${source} has ${rows} rows, fewer than the ${previousRows} of the copy cached at ` +
        `${previous.entry.fetchedAt}: it may have been cut short, so the cached copy is served and kept. ` +
        `If the smaller file is right, delete ${download.cacheFile} and start again.`;
      log(warning);
      const kept = await prepare(
        opts,
        fromBuffer(previous.bytes, limit),
        source,
        sourceOf(true, previous.entry),
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

/** The bytes a dataset is made from: their SHA-256 when it is known before parsing, and the parse. */
interface Content {
  /** null when the bytes can be read only once (a pipe or a device): nothing is looked up. */
  sha256Before: () => Promise<string | null>;
  parse: (options: ParseOptions) => Promise<ReadCsv>;
}

function fromBuffer(bytes: Buffer, limit: SizeLimit, knownSha256?: string): Content {
  return {
    sha256Before: async () => knownSha256 ?? sha256Of(bytes),
    parse: async (options) => parseCsvPieces(piecesOf(bytes), limit, options),
  };
}

/** A local file, read as a stream (twice with a prepared store: once to hash it, once to parse it). */
function fromLocalFile(path: string, shownAs: string, limit: SizeLimit): Content {
  return {
    sha256Before: () => readingLocal(shownAs, () => sha256OfFile(path, shownAs, limit)),
    parse: (options) => readingLocal(shownAs, () => parseCsvFile(path, limit, options)),
  };
}

/**
 * The dataset of `content`: read back from the prepared store, or parsed, built and stored (under
 * the SHA-256 of the bytes actually parsed, should the file change between the two reads).
 */
async function prepare(
  opts: LoadOptions,
  content: Content,
  location: string,
  sourceOf: (sha256: string) => MetaResponse['source'],
): Promise<Dataset> {
  const store = opts.prepared;
  const log = opts.log ?? (() => {});
  const loadedAt = new Date();
  if (store) {
    const sha256 = await content.sha256Before();
    const stored =
      sha256 && (await readPrepared(store, preparedKey(store, location, opts.dateFormat, sha256)));
    if (stored) {
      log(`${USING_PREPARED} ${location} (unchanged since it was built)`);
      return {
        ...stored,
        meta: { ...stored.meta, source: sourceOf(sha256), loadedAt: loadedAt.toISOString() },
      };
    }
  }
  const parseOptions = { file: location, ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}) };
  const { dataset, sha256 } = await parseAndBuild(content, parseOptions, sourceOf, loadedAt);
  if (store) await writePrepared(store, preparedKey(store, location, opts.dateFormat, sha256), dataset, log);
  return dataset;
}

/** In a function of its own so that the parsed rows can be freed before the dataset is stored. */
async function parseAndBuild(
  content: Content,
  options: ParseOptions,
  sourceOf: (sha256: string) => MetaResponse['source'],
  loadedAt: Date,
): Promise<{ dataset: Dataset; sha256: string }> {
  const { parsed, sha256 } = await content.parse(options);
  return { dataset: buildDataset(parsed, sourceOf(sha256), loadedAt), sha256 };
}

function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function localPath(source: string): string {
  try {
    return source.startsWith('file:') ? fileURLToPath(source) : source;
  } catch (error) {
    // e.g. file://remotehost/data.csv: Node reads local files only.
    throw new SourceError(
      source,
      `${(error as Error).message}; give a local path or a file:///absolute/path URL`,
    );
  }
}

/** Runs a read of a local file, turning file system errors into a SourceError that names the file. */
async function readingLocal<T>(source: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as Error).name === 'DataError') throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
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
