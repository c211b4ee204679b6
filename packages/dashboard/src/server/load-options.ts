// What the command's settings say about the data, and the loader's options made from them (one
// place, so that --check, a single server and a cluster's primary load the same way).
import type { LoadOptions, PreparedStore } from '../load/index.js';

export type DateFormat = 'iso' | 'mdy' | 'dmy';

export interface ServeOptions {
  /** "snapshot", a path, or an http(s) URL of the HDX CSV. */
  source: string;
  cacheDir: string;
  /** Largest file or download accepted, in bytes. */
  maxBytes: number;
  /** Where built datasets are kept between starts; undefined = build at every start. */
  prepared?: PreparedStore | undefined;
  /** Forces the date format; undefined = decide from the file. */
  dateFormat: DateFormat | undefined;
  port: number;
  host: string;
  logLevel: string;
}

export function loadOptions(options: ServeOptions, log: (message: string) => void): LoadOptions {
  return {
    source: options.source,
    cacheDir: options.cacheDir,
    maxBytes: options.maxBytes,
    ...(options.prepared ? { prepared: options.prepared } : {}),
    ...(options.dateFormat ? { dateFormat: options.dateFormat } : {}),
    log,
  };
}
