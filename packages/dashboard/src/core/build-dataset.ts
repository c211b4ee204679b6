// Validated rows → the Dataset: series keyed by (indicator, country) sorted by
// date, indicator facets, countries with flare-up parents and populations,
// quality notes, and every trace a query can ask for, precomputed so that
// querySeries only slices.

import type { CountryInfo, IndicatorFacets, IndicatorInfo, MetaResponse, QualityNote } from './api-types.js';
import { type Dataset, type PreparedTrace, type Series, seriesKey, traceKey } from './dataset.js';
import { isoDate } from './dates.js';
import {
  clampToZero,
  crudeCfr,
  type Points,
  revisionIndexes,
  sumCumulative,
  sumSameDate,
} from './derived-series.js';
import type { SeriesConflicts } from './duplicate-rows.js';
import { countCopies, epiWeekIncidence } from './epi-weeks.js';
import { facetsId, indicatorIds } from './indicators.js';
import { MEASURE_CATALOGUE, WEEKLY_METHOD } from './measures.js';
import type { ParsedRows, ParsedSeries } from './parse-hdx-csv.js';
import { populationOf } from './populations.js';
import { seriesNotes, weeklyNotes } from './quality-notes.js';

const MEASURE_ORDER = [
  'cumulative',
  'last-7-days',
  'last-21-days',
  'proportion-last-7-days',
  'proportion-last-21-days',
  'cfr',
];
const OUTCOME_ORDER = ['cases', 'deaths'];
const CLASSIFICATION_ORDER = ['all', 'confirmed', 'probable', 'suspected'];

/** Counts that can be added across series (a country and its flare-ups) and divided by population. */
export function isCount(facets: IndicatorFacets | null): boolean {
  return facets !== null && ['cumulative', 'last-7-days', 'last-21-days'].includes(facets.measure);
}

/** Plain series (unknown names) may be counts; only known percentages are refused per 100k. */
function per100kApplies(facets: IndicatorFacets | null): boolean {
  return facets === null || isCount(facets);
}

/** "Liberia 2" → "Liberia" when "Liberia" is itself a country of the file. */
export function flareUpParent(country: string, countries: ReadonlySet<string>): string | null {
  const m = /^(.*\S)\s+\d+$/.exec(country);
  return m && countries.has(m[1]!) ? m[1]! : null;
}

export function buildDataset(parsed: ParsedRows, source: MetaResponse['source'], loadedAt: Date): Dataset {
  const byIndicator = new Map<string, Map<string, ParsedSeries>>();
  const countrySet = new Set<string>();
  const reportDays = new Set<number>();
  for (const rows of parsed.series) {
    let byCountry = byIndicator.get(rows.indicator);
    if (!byCountry) {
      byCountry = new Map();
      byIndicator.set(rows.indicator, byCountry);
    }
    byCountry.set(rows.country, rows);
    countrySet.add(rows.country);
    for (const day of rows.days) reportDays.add(day);
  }
  const ids = indicatorIds([...byIndicator.keys()]);
  const countryNames = [...countrySet].sort((a, b) => a.localeCompare(b, 'en'));
  const parentOf = new Map(countryNames.map((c) => [c, flareUpParent(c, countrySet)]));
  const flareUps = new Map<string, string[]>();
  for (const [child, parent] of parentOf)
    if (parent) flareUps.set(parent, [...(flareUps.get(parent) ?? []), child]);

  const conflictsOf = new Map<string, SeriesConflicts>();
  for (const c of parsed.duplicates.conflicts) conflictsOf.set(seriesKey(c.indicator, c.country), c);

  const series = new Map<string, Series>();
  const countryRows = new Map<string, number>();
  const indicators: IndicatorInfo[] = [];
  for (const [name, byCountry] of byIndicator) {
    const { id, facets } = ids.get(name)!;
    let rowCount = 0;
    for (const [country, rows] of byCountry) {
      // In date order already (parse-hdx-csv.ts), and the dataset's own from here on.
      const { days, values } = rows;
      const dates = days.map(isoDate);
      const notes = seriesNotes(
        { days, values },
        {
          indicatorId: id,
          country,
          facets,
          reportDates: reportDays.size,
          parent: parentOf.get(country) ?? null,
          conflicts: conflictsOf.get(seriesKey(name, country)) ?? null,
        },
      );
      const revisions = facets?.measure === 'cumulative' ? revisionIndexes(values).map((i) => dates[i]!) : [];
      series.set(seriesKey(id, country), { indicatorId: id, country, days, dates, values, revisions, notes });
      rowCount += days.length;
      countryRows.set(country, (countryRows.get(country) ?? 0) + days.length);
    }
    indicators.push({ id, name, facets, rows: rowCount });
  }
  indicators.sort(compareIndicators);

  const countries: CountryInfo[] = countryNames.map((name) => {
    const parent = parentOf.get(name) ?? null;
    return { name, parent, population: populationOf(parent ?? name), rows: countryRows.get(name) ?? 0 };
  });

  const traces = prepareTraces(indicators, countries, series, flareUps);
  const sortedDays = [...reportDays].sort((a, b) => a - b);
  const meta: MetaResponse = {
    source,
    loadedAt: loadedAt.toISOString(),
    dateFormat: parsed.dateFormat,
    dateRange: { from: isoDate(sortedDays[0]!), to: isoDate(sortedDays[sortedDays.length - 1]!) },
    countries,
    indicators,
    notes: [...series.values()].flatMap((s) => s.notes),
    warnings: [...parsed.warnings],
    measures: [...MEASURE_CATALOGUE],
  };
  const indicatorByKey = new Map<string, IndicatorInfo>();
  for (const info of indicators) {
    indicatorByKey.set(info.id, info);
    indicatorByKey.set(info.name, info);
    if (!indicatorByKey.has(info.name.toLowerCase())) indicatorByKey.set(info.name.toLowerCase(), info);
  }
  const countryByKey = new Map<string, CountryInfo>();
  for (const c of countries) {
    countryByKey.set(c.name, c);
    if (!countryByKey.has(c.name.toLowerCase())) countryByKey.set(c.name.toLowerCase(), c);
  }
  return { meta, indicators, countries, indicatorByKey, countryByKey, series, traces, flareUps };
}

/** The same dataset with more warnings in its meta (e.g. "served from cache"). */
export function withWarnings(ds: Dataset, warnings: readonly string[]): Dataset {
  return { ...ds, meta: { ...ds.meta, warnings: [...ds.meta.warnings, ...warnings] } };
}

function compareIndicators(a: IndicatorInfo, b: IndicatorInfo): number {
  if (a.facets && b.facets) {
    return (
      MEASURE_ORDER.indexOf(a.facets.measure) - MEASURE_ORDER.indexOf(b.facets.measure) ||
      OUTCOME_ORDER.indexOf(a.facets.outcome) - OUTCOME_ORDER.indexOf(b.facets.outcome) ||
      CLASSIFICATION_ORDER.indexOf(a.facets.classification) -
        CLASSIFICATION_ORDER.indexOf(b.facets.classification)
    );
  }
  if (a.facets) return -1;
  if (b.facets) return 1;
  return a.name.localeCompare(b.name, 'en');
}

function prepareTraces(
  indicators: IndicatorInfo[],
  countries: CountryInfo[],
  series: ReadonlyMap<string, Series>,
  flareUps: ReadonlyMap<string, string[]>,
): Map<string, PreparedTrace> {
  const traces = new Map<string, PreparedTrace>();
  const byId = new Map(indicators.map((i) => [i.id, i]));

  // Points (and notes) of an indicator for a country, merged with its flare-ups or not.
  const pointsCache = new Map<string, { points: Points; notes: QualityNote[] } | null>();
  const pointsOf = (indicatorId: string, country: string, merged: boolean) => {
    const key = traceKey('cumulative', indicatorId, country, merged);
    if (pointsCache.has(key)) return pointsCache.get(key)!;
    const own = series.get(seriesKey(indicatorId, country));
    let result: { points: Points; notes: QualityNote[] } | null = own
      ? { points: own, notes: own.notes }
      : null;
    const facets = byId.get(indicatorId)?.facets ?? null;
    const children = (flareUps.get(country) ?? []).flatMap(
      (c) => series.get(seriesKey(indicatorId, c)) ?? [],
    );
    if (merged && isCount(facets) && children.length > 0) {
      const parts = own ? [own, ...children] : children;
      const cumulative = facets!.measure === 'cumulative';
      const points = cumulative ? sumCumulative(parts) : sumSameDate(parts);
      const mergeNote: QualityNote = {
        kind: 'flare-up',
        country,
        indicatorId,
        message: `includes ${children.map((c) => `"${c.country}" (from ${c.dates[0]})`).join(', ')}: ${
          cumulative
            ? 'at each report date the latest cumulative count of each series is added'
            : 'the counts reported on the same date are added'
        }`,
      };
      result = {
        points,
        notes: [...parts.flatMap((p) => p.notes.filter((n) => n.kind !== 'flare-up')), mergeNote],
      };
    }
    pointsCache.set(key, result);
    return result;
  };

  const cfrCache = new Map<string, PreparedTrace | null>();
  for (const info of indicators) {
    const { facets } = info;
    for (const country of countries) {
      const population = country.population?.value ?? null;
      for (const merged of [false, true]) {
        if (merged && !flareUps.has(country.name)) continue;
        // Merged reported values only for counts; a merged crude CFR (below) for any classification.
        const base = merged && !isCount(facets) ? null : pointsOf(info.id, country.name, merged);
        if (base) {
          const cumulative = facets?.measure === 'cumulative';
          const revisions = cumulative ? revisionIndexes(base.points.values) : [];
          const trace = prepare(
            base.points,
            base.notes,
            revisions,
            population && per100kApplies(facets) ? population : null,
          );
          traces.set(traceKey('cumulative', info.id, country.name, merged), trace);
          if (cumulative) {
            traces.set(
              traceKey('weekly', info.id, country.name, merged),
              weeklyTrace(base.points, base.notes, info.id, country.name, population),
            );
          }
        }
        if (facets && (facets.measure === 'cumulative' || facets.measure === 'cfr')) {
          // One crude CFR per classification, shared by its cases, deaths and CFR indicators.
          const key = `${facets.classification}\u0000${country.name}\u0000${merged}`;
          if (!cfrCache.has(key)) cfrCache.set(key, cfrTrace(facets, country.name, merged, pointsOf));
          const cfr = cfrCache.get(key);
          if (cfr) traces.set(traceKey('cfr', info.id, country.name, merged), cfr);
        }
      }
    }
  }
  return traces;
}

function cfrTrace(
  facets: IndicatorFacets,
  country: string,
  merged: boolean,
  pointsOf: (id: string, country: string, merged: boolean) => { points: Points; notes: QualityNote[] } | null,
): PreparedTrace | null {
  const casesId = facetsId({
    measure: 'cumulative',
    outcome: 'cases',
    classification: facets.classification,
  });
  const deathsId = facetsId({
    measure: 'cumulative',
    outcome: 'deaths',
    classification: facets.classification,
  });
  const cases = pointsOf(casesId, country, merged);
  const deaths = pointsOf(deathsId, country, merged);
  if (!cases || !deaths) return null;
  const crudeNote: QualityNote = {
    kind: 'method',
    country,
    indicatorId: casesId,
    message:
      'crude CFR = cumulative deaths / cumulative cases reported on the same date; it lags the true CFR because the outcome of recent cases is not yet known',
  };
  return prepare(
    crudeCfr(cases.points, deaths.points),
    [crudeNote, ...cases.notes, ...deaths.notes],
    [],
    null,
  );
}

/** Notes of the reported series that a weekly one replaces with its own. */
const REPLACED_BY_WEEKLY_NOTES = new Set<QualityNote['kind']>(['revision', 'copied-forward']);

function weeklyTrace(
  points: Points,
  notes: QualityNote[],
  indicatorId: string,
  country: string,
  population: number | null,
): PreparedTrace {
  const weekly = epiWeekIncidence(points);
  const lastReport = points.days.findLast((_, i) => points.values[i] !== null) ?? null;
  const method: QualityNote = { kind: 'method', country, indicatorId, message: WEEKLY_METHOD };
  const dates = weekly.days.map(isoDate);
  return {
    days: weekly.days,
    dates,
    weeks: weekly.weeks,
    values: weekly.values,
    clamped: clampToZero(weekly.values),
    population,
    revisions: weekly.negative.map((i) => dates[i]!),
    notes: [
      method,
      ...weeklyNotes(weekly, countCopies(points), lastReport, { country, indicatorId }),
      ...notes.filter((n) => !REPLACED_BY_WEEKLY_NOTES.has(n.kind)),
    ],
  };
}

function prepare(
  points: Points,
  notes: QualityNote[],
  revisionAt: number[],
  population: number | null,
): PreparedTrace {
  // A series already carries its ISO dates; derived points (CFR, merges) get theirs here.
  const dates = 'dates' in points ? (points as Series).dates : points.days.map(isoDate);
  return {
    days: points.days,
    dates,
    values: points.values,
    weeks: null,
    clamped: null,
    population,
    revisions: revisionAt.map((i) => dates[i]!),
    notes,
  };
}
