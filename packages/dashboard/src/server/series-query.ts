// The query string of /api/series and /api/series.csv: its JSON schema (checked
// by Fastify's ajv before the handler runs) and its translation into the core's
// `SeriesQuery`, plus the normalised cache key of a query.
import type { SeriesMeasure, SeriesQuery } from '../core/api-types.js';
import { MEASURE_CATALOGUE, RT_WINDOW } from '../core/measures.js';

export const SERIES_MEASURES: readonly SeriesMeasure[] = MEASURE_CATALOGUE.map((m) => m.id);

/** The values `window` accepts, as a client writes them. */
export const RT_WINDOWS: readonly string[] = Array.from(
  { length: RT_WINDOW.max - RT_WINDOW.min + 1 },
  (_, i) => String(RT_WINDOW.min + i),
);

/** Query parameters, in the order the README lists them. */
export const SERIES_PARAMETERS = [
  'country',
  'indicator',
  'measure',
  'from',
  'to',
  'per100k',
  'clamp',
  'merge',
  'window',
] as const;

const isoDate = { type: 'string', format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const flag = { type: 'boolean', default: false } as const;

/** Fastify's validator compiler finds the precompiled validator (series-query-validator.ts) by this id. */
export const SERIES_QUERY_SCHEMA_ID = 'ebov-series-query';

export const seriesQuerySchema = {
  $id: SERIES_QUERY_SCHEMA_ID,
  type: 'object',
  additionalProperties: false,
  required: ['indicator'],
  properties: {
    country: {
      type: 'array',
      maxItems: 64,
      items: { type: 'string', minLength: 1, maxLength: 100 },
    },
    indicator: { type: 'string', minLength: 1, maxLength: 300 },
    measure: { type: 'string', enum: SERIES_MEASURES, default: 'cumulative' },
    from: isoDate,
    to: isoDate,
    per100k: flag,
    clamp: flag,
    merge: flag,
    // No default: it is refused with any measure but rt, which defaults it (core).
    window: { type: 'integer', minimum: RT_WINDOW.min, maximum: RT_WINDOW.max },
  },
} as const;

/** What ajv leaves in `request.query` once the schema passed (defaults applied, types coerced). */
export interface SeriesQueryString {
  country?: string[];
  indicator: string;
  measure: SeriesMeasure;
  from?: string;
  to?: string;
  per100k: boolean;
  clamp: boolean;
  merge: boolean;
  window?: number;
}

/** The core checks what needs the data (known country, from ≤ to, applicable measure). */
export function toSeriesQuery(qs: SeriesQueryString): SeriesQuery {
  const query: SeriesQuery = {
    countries: [...new Set(qs.country ?? [])].sort(),
    indicator: qs.indicator,
    measure: qs.measure,
    per100k: qs.per100k,
    clamp: qs.clamp,
    mergeFlareUps: qs.merge,
  };
  if (qs.from !== undefined) query.from = qs.from;
  if (qs.to !== undefined) query.to = qs.to;
  // rt without a window is rt with the default one: one cache entry for both.
  if (qs.window !== undefined) query.window = qs.window;
  else if (qs.measure === 'rt') query.window = RT_WINDOW.default;
  return query;
}

/** Same key for queries that must give the same answer (country order and repeats do not matter). */
export function seriesCacheKey(q: SeriesQuery): string {
  return JSON.stringify([
    q.countries,
    q.indicator,
    q.measure,
    q.from ?? '',
    q.to ?? '',
    q.per100k,
    q.clamp,
    q.mergeFlareUps,
    q.window ?? '',
  ]);
}
