// The public API of the data core (pure: no I/O). The server and the loader
// import from here only.

export type * from './api-types.js';
export { buildDataset, flareUpParent, isCount, withWarnings } from './build-dataset.js';
export type { Dataset, PreparedTrace, Series } from './dataset.js';
export {
  DATE_FORMAT_SPELLING,
  DATE_FORMATS,
  type DateFormat,
  decideDateFormat,
  isoDate,
  readDate,
  readIsoDate,
} from './dates.js';
export {
  clampToZero,
  crudeCfr,
  type Points,
  revisionIndexes,
  sumCumulative,
  sumSameDate,
} from './derived-series.js';
export { describeMeta } from './describe-meta.js';
export {
  type Copies,
  countCopies,
  type EpiWeeks,
  epiWeekIncidence,
  isoWeekLabel,
  weekEnding,
} from './epi-weeks.js';
export {
  DataError,
  type DataProblem,
  describeProblem,
  MAX_REPORTED_PROBLEMS,
  QueryError,
  type QueryErrorCode,
} from './errors.js';
export { facetsId, indicatorFacets, indicatorIds, slugify } from './indicators.js';
export { MEASURE_CATALOGUE, RT_METHOD, RT_PARAMETERS, RT_WINDOW, WEEKLY_METHOD } from './measures.js';
export {
  type DuplicateRows,
  HdxCsvReader,
  type ParsedRows,
  type ParsedSeries,
  type ParseOptions,
  parseHdxCsv,
} from './parse-hdx-csv.js';
export { POPULATION_SOURCE, POPULATION_YEAR, type Population, populationOf } from './populations.js';
export {
  COPIED_FORWARD_MIN_REPORTS,
  GAP_MIN_DAYS,
  type NoteContext,
  SPARSE_SHARE,
  seriesNotes,
  weeklyNotes,
} from './quality-notes.js';
export { applicableMeasures, querySeries } from './query-series.js';
export {
  discreteSerialInterval,
  doublingTime,
  estimateRt,
  growthRate,
  type RtEstimate,
  type RtSettings,
} from './reproduction-number.js';
export { SERIES_CSV_HEADER, seriesToCsv } from './series-csv.js';
