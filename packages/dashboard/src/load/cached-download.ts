// Downloads a URL into a cache directory and revalidates the cached copy on the
// next start (If-None-Match / If-Modified-Since). When the network or the
// server fails, the cached copy is used and a warning says so.
//
// Cache layout, per URL (named by a hash of the URL):
//   <hash>.csv   the body as downloaded
//   <hash>.json  { url, etag, lastModified, fetchedAt }
// Both are written to a temp file and renamed, body first, so that a reader
// never sees a half-written copy or a header describing another body.
// The header also records how many rows the body loaded as, so that a later
// download with fewer rows (a body cut at a row boundary looks whole) does not
// replace it silently (load-dataset.ts).

import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DownloadError, formatBytes, httpGet } from './http-get.js';
import { makeDir } from './make-dir.js';
import { SourceError } from './source-error.js';

export interface CacheEntry {
  url: string;
  etag?: string;
  lastModified?: string;
  /** ISO timestamp of the download. */
  fetchedAt: string;
  /** Data rows the body loaded as (absent in caches written before it was recorded). */
  rows?: number;
}

export interface Download {
  bytes: Buffer;
  etag?: string;
  lastModified?: string;
  /** true when the text is the cached copy (revalidated with 304, or used because the network failed). */
  fromCache: boolean;
  /** Set when the cached copy is used because revalidation failed. */
  warning?: string;
  /** The cached copy, when a new body was downloaded over one (to compare their row counts). */
  previous?: { bytes: Buffer; entry: CacheEntry };
  /** Writes the downloaded body to the cache; call it only once the body has been validated. */
  save: (rows: number) => Promise<void>;
  /** Where the cached body is (to name in messages). */
  cacheFile: string;
}

export interface DownloadOptions {
  url: string;
  cacheDir: string;
  /** Longest wait for the answer and between two pieces of the body (default 15 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  log?: (message: string) => void;
}

/** Longest time for a whole download. */
const DEADLINE_MS = 5 * 60_000;
/** How an error names the size limit. */
export const RAISE_SIZE_LIMIT = '--max-size <MB> (or EBOV_MAX_SIZE_MB)';

function cachePaths(cacheDir: string, url: string) {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 24);
  return { body: join(cacheDir, `${hash}.csv`), header: join(cacheDir, `${hash}.json`) };
}

async function readCache(
  cacheDir: string,
  url: string,
): Promise<{ entry: CacheEntry; bytes: Buffer } | null> {
  const paths = cachePaths(cacheDir, url);
  try {
    const entry = JSON.parse(await readFile(paths.header, 'utf8')) as CacheEntry;
    if (entry.url !== url) return null;
    return { entry, bytes: await readFile(paths.body) };
  } catch {
    return null; // no cache, or an unreadable one: both mean "download"
  }
}

async function writeAtomically(path: string, content: string | Buffer): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function downloadWithCache(opts: DownloadOptions): Promise<Download> {
  const { url, cacheDir } = opts;
  const log = opts.log ?? (() => {});
  const cached = await readCache(cacheDir, url);
  const paths = cachePaths(cacheDir, url);
  const headers: Record<string, string> = {};
  if (cached?.entry.etag) headers['if-none-match'] = cached.entry.etag;
  if (cached?.entry.lastModified) headers['if-modified-since'] = cached.entry.lastModified;

  let failure: string;
  try {
    const answer = await httpGet(url, {
      headers,
      stallMs: opts.timeoutMs ?? 15_000,
      deadlineMs: DEADLINE_MS,
      maxBytes: opts.maxBytes,
      raiseLimit: RAISE_SIZE_LIMIT,
    });
    if (answer.status === 304 && cached) {
      log(`data source ${url} not modified since ${cached.entry.fetchedAt}: using the cached copy`);
      return fromCache(cached, paths.body);
    }
    if (answer.status >= 200 && answer.status < 300) {
      const entry: CacheEntry = {
        url,
        ...validators({
          etag: headerText(answer.headers.etag),
          lastModified: headerText(answer.headers['last-modified']),
        }),
        fetchedAt: new Date().toISOString(),
      };
      log(`downloaded ${url} (${formatBytes(answer.body.length)})`);
      const save = async (rows: number) => {
        try {
          await makeDir(cacheDir);
          await writeAtomically(paths.body, answer.body);
          await writeAtomically(paths.header, JSON.stringify({ ...entry, rows }));
        } catch (error) {
          log(`could not cache the download in ${cacheDir}: ${(error as Error).message}`);
        }
      };
      return {
        bytes: answer.body,
        ...validators(entry),
        fromCache: false,
        ...(cached ? { previous: cached } : {}),
        save,
        cacheFile: paths.body,
      };
    }
    failure = `the server answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  } catch (error) {
    failure = describeFetchError(error);
  }
  if (!cached) {
    throw new SourceError(url, `${failure}, and there is no cached copy in ${cacheDir}`);
  }
  const warning = `could not revalidate ${url} (${failure}); serving the copy cached at ${cached.entry.fetchedAt}`;
  log(warning);
  return { ...fromCache(cached, paths.body), warning };
}

function fromCache(cached: { entry: CacheEntry; bytes: Buffer }, cacheFile: string): Download {
  return {
    bytes: cached.bytes,
    ...validators(cached.entry),
    fromCache: true,
    save: async () => {},
    cacheFile,
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function validators(from: { etag?: string | undefined; lastModified?: string | undefined }) {
  return {
    ...(from.etag ? { etag: from.etag } : {}),
    ...(from.lastModified ? { lastModified: from.lastModified } : {}),
  };
}

function describeFetchError(error: unknown): string {
  if (error instanceof DownloadError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
