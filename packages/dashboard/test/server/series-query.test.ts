// The query string → the core's SeriesQuery, and the cache key of equal queries.
import { describe, expect, it } from 'vitest';
import { type SeriesQueryString, seriesCacheKey, toSeriesQuery } from '../../src/server/series-query.js';

const qs = (more: Partial<SeriesQueryString>): SeriesQueryString => ({
  indicator: 'cumulative-all-cases',
  measure: 'cumulative',
  per100k: false,
  clamp: false,
  merge: false,
  ...more,
});
const key = (more: Partial<SeriesQueryString>) => seriesCacheKey(toSeriesQuery(qs(more)));

describe('toSeriesQuery and seriesCacheKey', () => {
  it('rt without a window is rt with window 2: the same query and cache entry', () => {
    expect(toSeriesQuery(qs({ measure: 'rt' })).window).toBe(2);
    expect(key({ measure: 'rt' })).toBe(key({ measure: 'rt', window: 2 }));
    expect(key({ measure: 'rt', window: 3 })).not.toBe(key({ measure: 'rt', window: 2 }));
  });

  it('other measures get no window unless one was given (the core refuses it then)', () => {
    expect(toSeriesQuery(qs({ measure: 'weekly' }))).not.toHaveProperty('window');
    expect(toSeriesQuery(qs({ measure: 'weekly', window: 2 })).window).toBe(2);
  });

  it('country order and repeats do not matter', () => {
    expect(key({ country: ['Liberia', 'Guinea', 'Liberia'] })).toBe(key({ country: ['Guinea', 'Liberia'] }));
  });
});
