// The page's pure models: the URL round trip of a view, and the structured picker's
// mapping onto HDX indicators and API measures.
import { describe, expect, it } from 'vitest';
import type { IndicatorInfo } from '../../src/core/api-types.js';
import { availability, choiceOf, nearestAvailable, resolveChoice } from '../../src/web/indicator-choice.js';
import {
  DEFAULT_STATE,
  formatViewState,
  parseViewState,
  seriesQueryString,
  summaryRequests,
  type ViewState,
} from '../../src/web/view-state.js';

describe('view state in the URL', () => {
  it('the default view has an empty query string', () => {
    expect(formatViewState(DEFAULT_STATE)).toBe('');
    expect(parseViewState('')).toEqual(DEFAULT_STATE);
  });

  const views: Partial<ViewState>[] = [
    { countries: ['Sierra Leone', 'Guinea'] },
    { countries: [] },
    { indicator: 'cumulative-confirmed-deaths', measure: 'weekly', log: true },
    { measure: 'cfr', from: '2014-10-01', to: '2015-06-30' },
    { per100k: true, merge: true, clamp: true, multiples: true },
    { view: 'map', date: '2015-03-10' },
    { view: 'table' },
  ];
  it.each(views)('round-trips %j', (partial) => {
    const state = { ...DEFAULT_STATE, ...partial };
    expect(parseViewState(formatViewState(state))).toEqual(state);
  });

  it.each([
    ['?measure=daily', { measure: 'cumulative' }],
    ['?from=10/3/2015', { from: null }],
    ['?view=globe', { view: 'chart' }],
    ['?country=Guinea&country=Guinea', { countries: ['Guinea'] }],
    ['?log=yes', { log: false }],
  ])('ignores a malformed %s', (search, expected) => {
    expect(parseViewState(search)).toMatchObject(expected);
  });

  it('keeps the map date only on the map view', () => {
    expect(formatViewState({ ...DEFAULT_STATE, date: '2015-03-10' })).toBe('');
  });

  it('treats the default indicator id like its name', () => {
    const state = { ...DEFAULT_STATE, indicator: 'cumulative-all-cases' };
    expect(formatViewState(state, 'cumulative-all-cases')).toBe('');
  });

  it('builds the API query with sorted countries and only the flags set', () => {
    expect(
      seriesQueryString({
        countries: ['Liberia', 'Guinea'],
        indicator: 'cumulative-all-cases',
        measure: 'weekly',
        from: null,
        to: '2015-01-01',
        per100k: true,
        clamp: false,
        merge: false,
      }),
    ).toBe(
      'country=Guinea&country=Liberia&indicator=cumulative-all-cases&measure=weekly&to=2015-01-01&per100k=true',
    );
  });

  it('asks the summary cards for cumulative cases and deaths up to the end of the range', () => {
    const [cases, deaths] = summaryRequests({
      ...DEFAULT_STATE,
      measure: 'weekly',
      per100k: true,
      to: '2015-01-01',
    });
    expect(cases).toMatchObject({ measure: 'cumulative', per100k: false, to: '2015-01-01' });
    expect(cases.indicator).toMatch(/cases$/);
    expect(deaths.indicator).toMatch(/deaths$/);
  });
});

function indicator(
  id: string,
  outcome: 'cases' | 'deaths',
  classification: 'all' | 'confirmed' | 'probable' | 'suspected',
  measure: NonNullable<IndicatorInfo['facets']>['measure'],
  rows: number,
): IndicatorInfo {
  return { id, name: id, facets: { outcome, classification, measure }, rows };
}

const INDICATORS: IndicatorInfo[] = [
  indicator('cumulative-all-cases', 'cases', 'all', 'cumulative', 2477),
  indicator('cumulative-all-deaths', 'deaths', 'all', 'cumulative', 2485),
  indicator('cumulative-confirmed-cases', 'cases', 'confirmed', 'cumulative', 2484),
  indicator('last-21-days-all-cases', 'cases', 'all', 'last-21-days', 190),
  indicator('last-21-days-all-deaths', 'deaths', 'all', 'last-21-days', 14),
  indicator('proportion-last-21-days-all-cases', 'cases', 'all', 'proportion-last-21-days', 41),
];

describe('structured indicator picker', () => {
  it.each([
    [
      { outcome: 'cases', classification: 'all', measure: 'cumulative' },
      'cumulative-all-cases',
      'cumulative',
    ],
    [{ outcome: 'cases', classification: 'all', measure: 'weekly' }, 'cumulative-all-cases', 'weekly'],
    [
      { outcome: 'deaths', classification: 'all', measure: 'last-21-days' },
      'last-21-days-all-deaths',
      'cumulative',
    ],
    [{ outcome: 'cases', classification: 'all', measure: 'cfr' }, 'cumulative-all-deaths', 'cfr'],
  ] as const)('%j → %s, measure %s', (choice, id, measure) => {
    const resolved = resolveChoice(INDICATORS, choice);
    expect(resolved?.indicator.id).toBe(id);
    expect(resolved?.measure).toBe(measure);
    expect(choiceOf(resolved?.indicator, measure)).toMatchObject({ measure: choice.measure });
  });

  it('marks combinations without data, and sparse ones', () => {
    expect(
      availability(INDICATORS, { outcome: 'deaths', classification: 'confirmed', measure: 'cumulative' }),
    ).toEqual({
      kind: 'none',
    });
    expect(
      availability(INDICATORS, { outcome: 'deaths', classification: 'all', measure: 'last-21-days' }),
    ).toEqual({
      kind: 'sparse',
      rows: 14,
    });
    expect(
      availability(INDICATORS, { outcome: 'cases', classification: 'all', measure: 'cumulative' }),
    ).toEqual({
      kind: 'ok',
      rows: 2477,
    });
    // Crude CFR needs both cumulative cases and deaths of the classification.
    expect(
      availability(INDICATORS, { outcome: 'cases', classification: 'confirmed', measure: 'cfr' }).kind,
    ).toBe('none');
  });

  it('moves to the nearest combination with data', () => {
    expect(
      nearestAvailable(INDICATORS, { outcome: 'deaths', classification: 'confirmed', measure: 'cumulative' }),
    ).toEqual({ outcome: 'deaths', classification: 'all', measure: 'cumulative' });
  });

  it('leaves indicators outside the grid (proportions) to the HDX-name picker', () => {
    expect(choiceOf(INDICATORS[5], 'cumulative')).toBeNull();
  });
});
