// Where the data comes from when nothing is configured, and where downloads are cached.

import { homedir } from 'node:os';
import { join } from 'node:path';

/** The HDX resource the original app read ("Ebola Cases and Deaths", ebola_data_db_format.csv). */
export const DEFAULT_SOURCE =
  'https://data.humdata.org/dataset/0d089fa0-3567-4b01-9c03-39d340ff34e3/resource/c59b5722-ca4b-41ca-a446-472d6d824d01/download/ebola_data_db_format.csv';

/** $XDG_CACHE_HOME/ebov-dash, else ~/.cache/ebov-dash. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME']?.trim();
  return xdg ? join(xdg, 'ebov-dash') : join(homedir(), '.cache', 'ebov-dash');
}
