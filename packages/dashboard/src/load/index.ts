// Loading the data: the I/O edge in front of the pure core.

export {
  type CacheEntry,
  type Download,
  type DownloadOptions,
  downloadWithCache,
} from './cached-download.js';
export {
  DEFAULT_SOURCE,
  defaultCacheDir,
  HDX_URL,
  NAMED_SOURCES,
  SNAPSHOT_SOURCE,
} from './default-source.js';
export { readSnapshot, SNAPSHOT, snapshotFile } from './embedded-snapshot.js';
export { isUrl, type LoadOptions, loadDataset } from './load-dataset.js';
export { NOT_KEPT, type PreparedStore, USING_PREPARED } from './prepared-dataset.js';
export { POINT_AT_LOCAL_FILE, SourceError } from './source-error.js';
