// The JSON shapes of the dashboard's HTTP API: the contract between the data
// core (which produces them), the server (which serialises them) and the
// browser client (which reads them). Change with care, and update README's
// "API" section in the same commit.

export type Outcome = 'cases' | 'deaths';
export type Classification = 'confirmed' | 'probable' | 'suspected' | 'all';
/** What an HDX indicator measures, parsed from its name. */
export type IndicatorMeasure =
  | 'cumulative'
  | 'last-7-days'
  | 'last-21-days'
  | 'proportion-last-7-days'
  | 'proportion-last-21-days'
  | 'cfr';

export interface IndicatorFacets {
  outcome: Outcome;
  classification: Classification;
  measure: IndicatorMeasure;
}

export interface IndicatorInfo {
  /** Stable slug, e.g. "cumulative-confirmed-cases". */
  id: string;
  /** The HDX name, verbatim. */
  name: string;
  /** null when the name does not match a known HDX pattern: still a plain series. */
  facets: IndicatorFacets | null;
  rows: number;
}

export interface CountryInfo {
  name: string;
  /** For flare-up series such as "Liberia 2": the parent country; else null. */
  parent: string | null;
  /** Population used for per-100k, with its source; null when unknown. */
  population: { value: number; year: number; source: string } | null;
  rows: number;
}

// 'method': how a derived value is computed (e.g. crude CFR), added by the data core.
export type QualityNoteKind =
  | 'revision'
  | 'copied-forward'
  | 'sparse'
  | 'gap'
  | 'flare-up'
  | 'duplicate'
  | 'method';

export interface QualityNote {
  kind: QualityNoteKind;
  country: string;
  indicatorId: string;
  /** One sentence a reader understands, e.g. "cumulative count went down 3 times (WHO revisions)". */
  message: string;
  /** The report dates concerned (ISO), when the note is about specific reports. */
  dates?: string[];
}

export interface MetaResponse {
  source: {
    location: string;
    /** snapshot: the HDX file embedded in the package; file: a local path; url: a download. */
    kind: 'snapshot' | 'file' | 'url';
    /** Human-readable name of the source (the page footer shows it). */
    label?: string;
    /** SHA-256 (hex) of the CSV's bytes as read. */
    sha256?: string;
    /** Where the dataset is described (HDX page). */
    page?: string;
    /** The licence as the publisher states it, and the credit it asks for. */
    licence?: string;
    attribution?: string;
    etag?: string;
    lastModified?: string;
    fromCache?: boolean;
  };
  loadedAt: string; // ISO timestamp
  dateFormat: 'iso' | 'mdy' | 'dmy';
  dateRange: { from: string; to: string }; // ISO dates
  countries: CountryInfo[];
  indicators: IndicatorInfo[];
  notes: QualityNote[];
  warnings: string[];
}

/** The `measure` query parameter of /api/series: how to transform the chosen indicator. */
export type SeriesMeasure = 'cumulative' | 'weekly' | 'cfr';

export interface SeriesQuery {
  countries: string[]; // empty = all
  indicator: string; // id or HDX name
  measure: SeriesMeasure;
  from?: string; // ISO date, inclusive
  to?: string; // ISO date, inclusive
  per100k: boolean;
  clamp: boolean; // clamp negative weekly steps (revisions) to zero; never the default
  mergeFlareUps: boolean; // show "Liberia 2" merged into "Liberia"
}

export interface SeriesTrace {
  country: string;
  dates: string[]; // ISO YYYY-MM-DD, ascending
  values: (number | null)[]; // same length as dates; null = missing
  /** Dates (subset of `dates`) at which a cumulative count went down (a WHO revision). */
  revisions: string[];
  notes: QualityNote[];
}

export interface SeriesResponse {
  indicator: IndicatorInfo;
  measure: SeriesMeasure;
  /** Human unit for axis labels, e.g. "cases per week", "crude CFR (%)", "cases per 100k". */
  unit: string;
  per100k: boolean;
  clamp: boolean;
  mergeFlareUps: boolean;
  from: string | null;
  to: string | null;
  series: SeriesTrace[];
}

/** Body of every 4xx/5xx response. */
export interface ApiError {
  statusCode: number;
  error: string; // e.g. "Bad Request"
  code: string; // from the error catalogue, e.g. "EBOV_UNKNOWN_COUNTRY"
  message: string;
  parameter?: string;
  value?: unknown;
  allowed?: string[];
}
