// The data source cannot be read and there is no cached copy to fall back on.

export const POINT_AT_LOCAL_FILE =
  'Point at a local copy instead: --data /path/to/file.csv or EBOV_DATA=/path/to/file.csv, ' +
  'or leave --data and EBOV_DATA unset to serve the HDX snapshot embedded in the package (no network).';

export class SourceError extends Error {
  override name = 'SourceError';
  readonly source: string;

  constructor(source: string, reason: string) {
    super(`cannot read the data source ${source}: ${reason}.\n${POINT_AT_LOCAL_FILE}`);
    this.source = source;
  }
}
