// A query → the columnar traces to plot. Everything was precomputed by
// buildDataset; this validates, picks traces and slices them by date.
//
// mergeFlareUps: a flare-up series ("Liberia 2") is shown inside its parent
// ("Liberia") for count indicators (cumulative, last 7/21 days): cumulative
// counts are added as of each report date, window counts on the same date.
// The crude CFR (measure cfr) is computed from the merged counts. Percentages
// as reported (proportions, CFR indicators with measure cumulative) cannot be
// added, so for them the flare-up stays its own trace. A flare-up asked for by
// name is replaced by its parent when merging.

import type {
  CountryInfo,
  IndicatorInfo,
  SeriesMeasure,
  SeriesQuery,
  SeriesResponse,
  SeriesTrace,
} from './api-types.js';
import { isCount } from './build-dataset.js';
import { type Dataset, type PreparedTrace, traceKey } from './dataset.js';
import { readIsoDate } from './dates.js';
import { perHundredThousand } from './derived-series.js';
import { QueryError } from './errors.js';
import { facetsId } from './indicators.js';
import { WEEKLY_METHOD } from './measures.js';

const MEASURES: readonly SeriesMeasure[] = ['cumulative', 'weekly', 'cfr'];

export function querySeries(ds: Dataset, q: SeriesQuery): SeriesResponse {
  const indicator = resolveIndicator(ds, q.indicator);
  const applicable = applicableMeasures(ds, indicator);
  if (!applicable.includes(q.measure)) {
    throw new QueryError({
      code: 'EBOV_MEASURE_NOT_APPLICABLE',
      parameter: 'measure',
      value: q.measure,
      allowed: applicable,
      message: `measure "${q.measure}" does not apply to "${indicator.name}"; use ${applicable.join(' or ')}`,
    });
  }
  const fromDay = readQueryDate('from', q.from);
  const toDay = readQueryDate('to', q.to);
  if (fromDay !== null && toDay !== null && fromDay > toDay) {
    throw new QueryError({
      code: 'EBOV_BAD_DATE_RANGE',
      parameter: 'from',
      value: q.from,
      message: `from (${q.from}) is after to (${q.to})`,
    });
  }
  if (q.per100k && (q.measure === 'cfr' || !(indicator.facets === null || isCount(indicator.facets)))) {
    throw new QueryError({
      code: 'EBOV_PER100K_NOT_APPLICABLE',
      parameter: 'per100k',
      value: q.per100k,
      allowed: ['false'],
      message: `per100k applies to counts, not to a percentage ("${q.measure === 'cfr' ? 'crude CFR' : indicator.name}")`,
    });
  }
  const merge = q.mergeFlareUps && (isCount(indicator.facets) || q.measure === 'cfr');
  const countries = resolveCountries(ds, q.countries, merge);
  if (q.per100k) {
    const missing = countries.find((c) => c.population === null);
    if (missing) {
      throw new QueryError({
        code: 'EBOV_NO_POPULATION',
        parameter: 'country',
        value: missing.name,
        allowed: ds.countries.filter((c) => c.population !== null).map((c) => c.name),
        message: `per100k needs a population and there is none for "${missing.name}"`,
      });
    }
  }
  const series = countries.map((country): SeriesTrace => {
    const trace =
      (merge ? ds.traces.get(traceKey(q.measure, indicator.id, country.name, true)) : undefined) ??
      ds.traces.get(traceKey(q.measure, indicator.id, country.name, false));
    if (!trace) {
      return {
        country: country.name,
        dates: [],
        values: [],
        revisions: [],
        notes: [
          {
            kind: 'sparse',
            country: country.name,
            indicatorId: indicator.id,
            message: `no reports of this indicator for ${country.name}`,
          },
        ],
      };
    }
    return sliceTrace(country.name, trace, pickValues(trace, q), fromDay, toDay, q);
  });
  return {
    indicator,
    measure: q.measure,
    unit: unitOf(indicator, q.measure, q.per100k),
    per100k: q.per100k,
    clamp: q.clamp,
    mergeFlareUps: q.mergeFlareUps,
    from: q.from ?? null,
    to: q.to ?? null,
    series,
    ...(q.measure === 'weekly' ? { method: WEEKLY_METHOD } : {}),
  };
}

/** The measures a query may ask of this indicator, in the order a UI would offer them. */
export function applicableMeasures(ds: Dataset, indicator: IndicatorInfo): SeriesMeasure[] {
  const facets = indicator.facets;
  return MEASURES.filter((m) => {
    if (m === 'cumulative') return true;
    if (!facets) return false;
    if (m === 'weekly') return facets.measure === 'cumulative';
    const { classification } = facets;
    return (
      (facets.measure === 'cumulative' || facets.measure === 'cfr') &&
      ds.indicatorByKey.has(facetsId({ measure: 'cumulative', outcome: 'cases', classification })) &&
      ds.indicatorByKey.has(facetsId({ measure: 'cumulative', outcome: 'deaths', classification }))
    );
  });
}

function resolveIndicator(ds: Dataset, key: string): IndicatorInfo {
  const found = ds.indicatorByKey.get(key) ?? ds.indicatorByKey.get(key.trim().toLowerCase());
  if (found) return found;
  throw new QueryError({
    code: 'EBOV_UNKNOWN_INDICATOR',
    parameter: 'indicator',
    value: key,
    allowed: ds.indicators.map((i) => i.id),
    message: `unknown indicator "${key}": give an indicator id (see /api/meta) or an HDX indicator name`,
  });
}

function resolveCountries(ds: Dataset, names: readonly string[], merge: boolean): CountryInfo[] {
  const wanted =
    names.length === 0
      ? ds.countries.filter((c) => !(merge && c.parent))
      : names.map((n) => resolveCountry(ds, n));
  const result: CountryInfo[] = [];
  for (const c of wanted) {
    const shown = merge && c.parent ? (ds.countryByKey.get(c.parent) ?? c) : c;
    if (!result.includes(shown)) result.push(shown);
  }
  return result;
}

function resolveCountry(ds: Dataset, name: string): CountryInfo {
  const found = ds.countryByKey.get(name) ?? ds.countryByKey.get(name.trim().toLowerCase());
  if (found) return found;
  throw new QueryError({
    code: 'EBOV_UNKNOWN_COUNTRY',
    parameter: 'country',
    value: name,
    allowed: ds.countries.map((c) => c.name),
    message: `unknown country "${name}"`,
  });
}

function readQueryDate(parameter: 'from' | 'to', text: string | undefined): number | null {
  if (text === undefined) return null;
  const day = readIsoDate(text);
  if (day !== null) return day;
  throw new QueryError({
    code: 'EBOV_BAD_DATE',
    parameter,
    value: text,
    message: `${parameter}="${text}" is not a calendar date written YYYY-MM-DD`,
  });
}

// Per-100k values of a whole trace, computed on first use and kept with the
// trace (the dataset is immutable, so they never go stale).
const per100kCache = new WeakMap<PreparedTrace, { plain?: (number | null)[]; clamped?: (number | null)[] }>();

function pickValues(trace: PreparedTrace, q: SeriesQuery): (number | null)[] {
  const clamp = q.clamp && trace.clamped !== null;
  const values = clamp ? trace.clamped! : trace.values;
  if (!q.per100k || trace.population === null) return values;
  let cached = per100kCache.get(trace);
  if (!cached) {
    cached = {};
    per100kCache.set(trace, cached);
  }
  const which = clamp ? 'clamped' : 'plain';
  cached[which] ??= perHundredThousand(values, trace.population);
  return cached[which];
}

function sliceTrace(
  country: string,
  trace: PreparedTrace,
  values: (number | null)[],
  fromDay: number | null,
  toDay: number | null,
  q: SeriesQuery,
): SeriesTrace {
  const start = fromDay === null ? 0 : firstAtOrAfter(trace.days, fromDay);
  const end = toDay === null ? trace.days.length : firstAtOrAfter(trace.days, toDay + 1);
  const revisions =
    fromDay === null && toDay === null
      ? trace.revisions.slice()
      : trace.revisions.filter(
          (d) => (q.from === undefined || d >= q.from) && (q.to === undefined || d <= q.to),
        );
  const sliced: SeriesTrace = {
    country,
    dates: trace.dates.slice(start, end),
    values: values.slice(start, end),
    revisions,
    notes: trace.notes,
  };
  if (trace.weeks !== null) sliced.weeks = trace.weeks.slice(start, end);
  return sliced;
}

/** Binary search: the first index whose day is ≥ day. */
function firstAtOrAfter(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function unitOf(indicator: IndicatorInfo, measure: SeriesMeasure, per100k: boolean): string {
  const suffix = per100k ? ' per 100k population' : '';
  const f = indicator.facets;
  if (measure === 'cfr') return 'crude CFR (%)';
  if (!f) return `value as reported${suffix}`;
  if (measure === 'weekly') return `${f.outcome} per week${suffix}`;
  switch (f.measure) {
    case 'cumulative':
      return `cumulative ${f.outcome}${suffix}`;
    case 'last-7-days':
      return `${f.outcome} in the last 7 days${suffix}`;
    case 'last-21-days':
      return `${f.outcome} in the last 21 days${suffix}`;
    case 'proportion-last-7-days':
      return `% of ${f.outcome} from the last 7 days`;
    case 'proportion-last-21-days':
      return `% of ${f.outcome} from the last 21 days`;
    case 'cfr':
      return 'CFR (%) as reported';
  }
}
