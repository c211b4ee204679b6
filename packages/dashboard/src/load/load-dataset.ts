// Reads the configured source (a local path or an http(s) URL) and builds the
// dataset. Either everything loads or this throws: SourceError when the source
// cannot be read (and no cached copy exists), DataError when its content is bad.

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
import { SourceError } from './source-error.js';

export interface LoadOptions {
  /** A local path, a file: URL, or an http(s) URL. */
  source: string;
  /** Where URL downloads are cached (see defaultCacheDir). */
  cacheDir: string;
  /** Override for files whose dates read both as M/D/YYYY and DD/MM/YYYY. */
  dateFormat?: DateFormat;
  fetchImpl?: typeof fetch;
  /** Download timeout (default 15 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function loadDataset(opts: LoadOptions): Promise<Dataset> {
  const { source } = opts;
  const parseOptions = { file: source, ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}) };
  if (!isUrl(source)) {
    const text = await readLocal(source);
    const parsed = parseHdxCsv(text, parseOptions);
    return buildDataset(parsed, { location: source, kind: 'file' }, new Date());
  }
  const download = await downloadWithCache({
    url: source,
    cacheDir: opts.cacheDir,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const parsed = parseHdxCsv(download.text, parseOptions);
  await download.save();
  const meta: MetaResponse['source'] = {
    location: source,
    kind: 'url',
    ...(download.etag ? { etag: download.etag } : {}),
    ...(download.lastModified ? { lastModified: download.lastModified } : {}),
    fromCache: download.fromCache,
  };
  const dataset = buildDataset(parsed, meta, new Date());
  return download.warning ? withWarnings(dataset, [download.warning]) : dataset;
}

async function readLocal(source: string): Promise<string> {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  try {
    return await readFile(path, 'utf8');
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
