// Downloads a URL into a cache directory and revalidates the cached copy on the
// next start (If-None-Match / If-Modified-Since). When the network or the
// server fails, the cached copy is used and a warning says so.
//
// Cache layout, per URL (named by a hash of the URL):
//   <hash>.csv   the body as downloaded
//   <hash>.json  { url, etag, lastModified, fetchedAt }
// Both are written to a temp file and renamed, body first, so that a reader
// never sees a half-written copy or a header describing another body.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from './source-error.js';

export interface CacheEntry {
  url: string;
  etag?: string;
  lastModified?: string;
  /** ISO timestamp of the download. */
  fetchedAt: string;
}

export interface Download {
  text: string;
  etag?: string;
  lastModified?: string;
  /** true when the text is the cached copy (revalidated with 304, or used because the network failed). */
  fromCache: boolean;
  /** Set when the cached copy is used because revalidation failed. */
  warning?: string;
  /** Writes the downloaded body to the cache; call it only once the text has been validated. */
  save: () => Promise<void>;
}

export interface DownloadOptions {
  url: string;
  cacheDir: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  log?: (message: string) => void;
}

function cachePaths(cacheDir: string, url: string) {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 24);
  return { body: join(cacheDir, `${hash}.csv`), header: join(cacheDir, `${hash}.json`) };
}

async function readCache(cacheDir: string, url: string): Promise<{ entry: CacheEntry; text: string } | null> {
  const paths = cachePaths(cacheDir, url);
  try {
    const entry = JSON.parse(await readFile(paths.header, 'utf8')) as CacheEntry;
    if (entry.url !== url) return null;
    return { entry, text: await readFile(paths.body, 'utf8') };
  } catch {
    return null; // no cache, or an unreadable one: both mean "download"
  }
}

async function writeAtomically(path: string, content: string): Promise<void> {
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
  const fetchImpl = opts.fetchImpl ?? fetch;
  const log = opts.log ?? (() => {});
  const cached = await readCache(cacheDir, url);
  const headers: Record<string, string> = {};
  if (cached?.entry.etag) headers['if-none-match'] = cached.entry.etag;
  if (cached?.entry.lastModified) headers['if-modified-since'] = cached.entry.lastModified;

  let failure: string;
  try {
    const response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
    if (response.status === 304 && cached) {
      await response.body?.cancel();
      log(`data source ${url} not modified since ${cached.entry.fetchedAt}: using the cached copy`);
      return { text: cached.text, ...validators(cached.entry), fromCache: true, save: async () => {} };
    }
    if (response.ok) {
      const text = await response.text();
      const entry: CacheEntry = {
        url,
        ...validators({
          etag: response.headers.get('etag') ?? undefined,
          lastModified: response.headers.get('last-modified') ?? undefined,
        }),
        fetchedAt: new Date().toISOString(),
      };
      log(`downloaded ${url} (${text.length} characters)`);
      const save = async () => {
        try {
          await mkdir(cacheDir, { recursive: true });
          const paths = cachePaths(cacheDir, url);
          await writeAtomically(paths.body, text);
          await writeAtomically(paths.header, JSON.stringify(entry));
        } catch (error) {
          log(`could not cache the download in ${cacheDir}: ${(error as Error).message}`);
        }
      };
      return { text, ...validators(entry), fromCache: false, save };
    }
    await response.body?.cancel();
    failure = `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  } catch (error) {
    failure = describeFetchError(error);
  }
  if (!cached) {
    throw new SourceError(url, `${failure}, and there is no cached copy in ${cacheDir}`);
  }
  const warning = `could not revalidate ${url} (${failure}); serving the copy cached at ${cached.entry.fetchedAt}`;
  log(warning);
  return { text: cached.text, ...validators(cached.entry), fromCache: true, warning, save: async () => {} };
}

function validators(from: { etag?: string | undefined; lastModified?: string | undefined }) {
  return {
    ...(from.etag ? { etag: from.etag } : {}),
    ...(from.lastModified ? { lastModified: from.lastModified } : {}),
  };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'the request timed out';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
    return error.message;
  }
  return String(error);
}
