// The loaded data as the rest of the program sees it: immutable after
// buildDataset, with everything querySeries needs precomputed.

import type { CountryInfo, IndicatorInfo, MetaResponse, QualityNote, SeriesMeasure } from './api-types.js';

/** One (indicator, country) as reported, sorted by date. */
export interface Series {
  indicatorId: string;
  country: string;
  days: number[];
  dates: string[];
  values: (number | null)[];
  /** Dates at which a cumulative count went down (empty for other indicators). */
  revisions: string[];
  notes: QualityNote[];
}

/** A trace ready to answer a query: slicing by date is all that is left to do. */
export interface PreparedTrace {
  days: number[];
  dates: string[];
  values: (number | null)[];
  /** Weekly traces: the ISO week label of each point ("2015-W16"); null for others. */
  weeks: string[] | null;
  /** Weekly traces: negative steps clamped to zero. */
  clamped: (number | null)[] | null;
  /** The population per-100k rates divide by; null when per 100k does not apply or is unknown. */
  population: number | null;
  revisions: string[];
  notes: QualityNote[];
}

export interface Dataset {
  meta: MetaResponse;
  indicators: IndicatorInfo[];
  countries: CountryInfo[];
  /** By id, by HDX name and by lower-case HDX name. */
  indicatorByKey: ReadonlyMap<string, IndicatorInfo>;
  /** By name and by lower-case name. */
  countryByKey: ReadonlyMap<string, CountryInfo>;
  series: ReadonlyMap<string, Series>;
  /** See traceKey. */
  traces: ReadonlyMap<string, PreparedTrace>;
  /** Parent country → its flare-up series, e.g. "Liberia" → ["Liberia 2"]. */
  flareUps: ReadonlyMap<string, string[]>;
}

export function seriesKey(indicatorId: string, country: string): string {
  return `${indicatorId}\u0000${country}`;
}

/** `merged` traces exist only for parent countries of flare-ups and additive indicators. */
export function traceKey(
  measure: SeriesMeasure,
  indicatorId: string,
  country: string,
  merged: boolean,
): string {
  return `${measure}\u0000${indicatorId}\u0000${country}\u0000${merged ? 'merged' : ''}`;
}
