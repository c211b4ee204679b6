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

// 'method': how a derived value is computed (e.g. crude CFR, weekly incidence, Rt), added by the data core.
// 'stale': reports that repeat the previous value (copies, not new reports), on weekly and rt series.
export type QualityNoteKind =
  | 'revision'
  | 'copied-forward'
  | 'stale'
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
  /** The values of `measure` with what they apply to and their parameters. */
  measures: MeasureInfo[];
}

export interface MeasureParameter {
  /** The query parameter, e.g. "window". */
  name: string;
  description: string;
  default: number | boolean;
  min?: number;
  max?: number;
}

export interface MeasureInfo {
  id: SeriesMeasure;
  /** Short label, e.g. "new per epi week". */
  name: string;
  /** How it is computed, in plain words (the same text as the answer's `method`). */
  description: string;
  /** Which indicators it applies to, in words. */
  appliesTo: string;
  parameters: MeasureParameter[];
  /** Literature the method follows (empty when none). */
  references: string[];
}

/**
 * The `measure` query parameter of /api/series: how to transform the chosen indicator.
 * weekly: new per ISO epi week (Mon–Sun), dated by the Sunday; rt: the instantaneous
 * reproduction number (Cori et al. 2013) of that weekly incidence.
 */
export type SeriesMeasure = 'cumulative' | 'weekly' | 'cfr' | 'rt';

export interface SeriesQuery {
  countries: string[]; // empty = all
  indicator: string; // id or HDX name
  measure: SeriesMeasure;
  from?: string; // ISO date, inclusive
  to?: string; // ISO date, inclusive
  per100k: boolean;
  clamp: boolean; // clamp negative weekly steps (revisions) to zero; never the default
  mergeFlareUps: boolean; // show "Liberia 2" merged into "Liberia"
  /** rt only: the sliding window in weeks, 1–6 (the server defaults it to 2 for rt); absent otherwise. */
  window?: number;
}

export interface SeriesTrace {
  country: string;
  dates: string[]; // ISO YYYY-MM-DD, ascending
  values: (number | null)[]; // same length as dates; null = missing
  /** Dates (subset of `dates`) at which a cumulative count went down (a WHO revision). */
  revisions: string[];
  notes: QualityNote[];
  /** weekly and rt: the ISO week of each point, e.g. "2015-W16" (the point is dated by its Sunday). */
  weeks?: string[];
  /** rt: 2.5 % posterior quantile of each point; null where `values` is null. */
  lower?: (number | null)[];
  /** rt: 97.5 % posterior quantile of each point; null where `values` is null. */
  upper?: (number | null)[];
  /** rt: true where the posterior coefficient of variation is above 0.3 (draw faded). */
  uncertain?: boolean[];
  /**
   * rt: exponential growth rate r per day of weekly incidence, the least-squares slope of
   * ln(incidence) over the same window; null where undefined (fewer than 2 weeks, or a week ≤ 0).
   */
  growthRate?: (number | null)[];
  /** rt: ln 2 / r in days where r > 0, else null (never infinite). */
  doublingTime?: (number | null)[];
  /** rt: ln 2 / −r in days where r < 0, else null (never infinite). */
  halvingTime?: (number | null)[];
}

/** How `measure=rt` was computed: returned with every rt answer and shown on the page. */
export interface RtParameters {
  /** Sliding window in weeks: each estimate uses the incidence of this many weeks ending at its point. */
  window: number;
  serialInterval: {
    distribution: 'gamma';
    meanDays: number;
    sdDays: number;
    /** The same in weeks, the unit of the weekly incidence. */
    meanWeeks: number;
    sdWeeks: number;
    /** How the gamma is made discrete, e.g. EpiEstim's discr_si. */
    discretisation: string;
    source: string;
  };
  /** Gamma prior of R (EpiEstim's default: mean 5, SD 5). */
  prior: { distribution: 'gamma'; mean: number; sd: number };
  /** The posterior quantiles returned as lower/upper. */
  quantiles: [number, number];
  /** Points whose posterior coefficient of variation is above this are `uncertain`. */
  uncertainAboveCv: number;
  /** Plain-words description of the growth rate and doubling/halving time. */
  growthRate: string;
  references: string[];
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
  /** weekly and rt: how the values were computed, in plain words (chart subtitle, CSV header). */
  method?: string;
  /** rt only: the parameters used. */
  rt?: RtParameters;
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
