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
  QualityNote,
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
import { RT_METHOD, RT_PARAMETERS, RT_WINDOW, WEEKLY_METHOD } from './measures.js';
import { rtTrace } from './rt-series.js';

const MEASURES: readonly SeriesMeasure[] = ['cumulative', 'weekly', 'cfr', 'rt'];

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
  if (q.per100k && q.measure === 'rt') {
    throw new QueryError({
      code: 'EBOV_PER100K_NOT_APPLICABLE',
      parameter: 'per100k',
      value: q.per100k,
      allowed: ['false'],
      message: 'per100k applies to counts, not to the reproduction number Rt (a ratio): leave per100k out',
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
  const window = rtWindow(q);
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
    const stored = q.measure === 'rt' ? 'weekly' : q.measure;
    const trace =
      (merge ? ds.traces.get(traceKey(stored, indicator.id, country.name, true)) : undefined) ??
      ds.traces.get(traceKey(stored, indicator.id, country.name, false));
    if (!trace) {
      return {
        country: country.name,
        dates: [],
        values: [],
        revisions: [],
        ...(stored === 'weekly' ? { weeks: [] } : {}),
        ...(q.measure === 'rt'
          ? { lower: [], upper: [], uncertain: [], growthRate: [], doublingTime: [], halvingTime: [] }
          : {}),
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
    if (window !== null) {
      const rt = rtTrace(trace, window, { country: country.name, indicatorId: indicator.id });
      const sliced = sliceTrace(country.name, trace, rt.values, fromDay, toDay, q, rt.notes);
      const [start, end] = sliceBounds(trace, fromDay, toDay);
      return {
        ...sliced,
        lower: rt.lower.slice(start, end),
        upper: rt.upper.slice(start, end),
        uncertain: rt.uncertain.slice(start, end),
        growthRate: rt.growthRate.slice(start, end),
        doublingTime: rt.doublingTime.slice(start, end),
        halvingTime: rt.halvingTime.slice(start, end),
      };
    }
    return sliceTrace(country.name, trace, pickValues(trace, q), fromDay, toDay, q, trace.notes);
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
    ...(window !== null ? { method: RT_METHOD, rt: { window, ...RT_PARAMETERS } } : {}),
  };
}

/** The Rt window of a query: null unless measure=rt; `window` with another measure is refused. */
function rtWindow(q: SeriesQuery): number | null {
  if (q.measure !== 'rt') {
    if (q.window === undefined) return null;
    throw new QueryError({
      code: 'EBOV_BAD_PARAMETER',
      parameter: 'window',
      value: q.window,
      message: `window applies to measure=rt only (this query asks for measure=${q.measure}): leave window out`,
    });
  }
  const window = q.window ?? RT_WINDOW.default;
  if (!Number.isInteger(window) || window < RT_WINDOW.min || window > RT_WINDOW.max) {
    throw new QueryError({
      code: 'EBOV_BAD_PARAMETER',
      parameter: 'window',
      value: q.window,
      allowed: Array.from({ length: RT_WINDOW.max - RT_WINDOW.min + 1 }, (_, i) => String(RT_WINDOW.min + i)),
      message: `window must be a whole number of weeks from ${RT_WINDOW.min} to ${RT_WINDOW.max}`,
    });
  }
  return window;
}

/** The measures a query may ask of this indicator, in the order a UI would offer them. */
export function applicableMeasures(ds: Dataset, indicator: IndicatorInfo): SeriesMeasure[] {
  const facets = indicator.facets;
  return MEASURES.filter((m) => {
    if (m === 'cumulative') return true;
    if (!facets) return false;
    // Rt is estimated from the weekly incidence: counts only, never CFRs or percentages.
    if (m === 'weekly' || m === 'rt') return facets.measure === 'cumulative';
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

function sliceBounds(trace: PreparedTrace, fromDay: number | null, toDay: number | null): [number, number] {
  const start = fromDay === null ? 0 : firstAtOrAfter(trace.days, fromDay);
  const end = toDay === null ? trace.days.length : firstAtOrAfter(trace.days, toDay + 1);
  return [start, end];
}

function sliceTrace(
  country: string,
  trace: PreparedTrace,
  values: (number | null)[],
  fromDay: number | null,
  toDay: number | null,
  q: SeriesQuery,
  notes: QualityNote[],
): SeriesTrace {
  const [start, end] = sliceBounds(trace, fromDay, toDay);
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
    notes,
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
  if (measure === 'rt') return `reproduction number Rt (from weekly ${f.outcome})`;
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
