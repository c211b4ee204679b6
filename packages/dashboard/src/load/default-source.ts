// Where the data comes from when nothing is configured, and where downloads are cached.
//
// The source a user names (--data / EBOV_DATA) is one of:
//   (nothing) or "snapshot"  the HDX file carried in this package (embedded-snapshot.ts): no network
//   "hdx"                    the live HDX download, cached (cached-download.ts)
//   a path, a file: URL or an http(s) URL

import { homedir } from 'node:os';
import { join } from 'node:path';

/** The HDX resource the original app read ("Ebola Cases and Deaths", ebola_data_db_format.csv). */
export const HDX_URL =
  'https://data.humdata.org/dataset/0d089fa0-3567-4b01-9c03-39d340ff34e3/resource/c59b5722-ca4b-41ca-a446-472d6d824d01/download/ebola_data_db_format.csv';

/** The name of the embedded snapshot as a source. */
export const SNAPSHOT_SOURCE = 'snapshot';

/** What is served when no source is configured: the embedded snapshot. */
export const DEFAULT_SOURCE = SNAPSHOT_SOURCE;

/** The names --data and EBOV_DATA accept besides a path or URL. */
export const NAMED_SOURCES: Readonly<Record<string, string>> = { hdx: HDX_URL, snapshot: SNAPSHOT_SOURCE };

/** $XDG_CACHE_HOME/ebov-dash, else ~/.cache/ebov-dash. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME']?.trim();
  return xdg ? join(xdg, 'ebov-dash') : join(homedir(), '.cache', 'ebov-dash');
}
