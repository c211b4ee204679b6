// Everything a user chose, as a plain value that round-trips through the URL's
// query string: reload restores it, back/forward step through it, a link shares it.
import type { Classification, SeriesMeasure } from '../core/api-types.js';
import { indicatorFacets } from '../core/indicators.js';

export type ViewName = 'chart' | 'map' | 'table' | 'sources';

export interface ViewState {
  countries: string[];
  /** Indicator id from /api/meta (or its HDX name: the API accepts both). */
  indicator: string;
  measure: SeriesMeasure;
  from: string | null;
  to: string | null;
  per100k: boolean;
  log: boolean;
  clamp: boolean;
  merge: boolean;
  multiples: boolean;
  /** Small multiples: one y axis range for every panel. */
  sharedY: boolean;
  /** Series hidden from the legend (country names). */
  hidden: string[];
  /** Rt: the sliding window in weeks (1–6). */
  window: number;
  /** Events (PHEIC, end of transmission, flare-ups) marked on the chart. */
  events: boolean;
  /** The page's language from the URL; null = the browser's. */
  lang: 'en' | 'fr' | null;
  view: ViewName;
  /** The map's date (ISO); null = the last report in range. */
  date: string | null;
}

/** The outbreak's three countries of widespread transmission: all cases, cumulative. */
export const DEFAULT_INDICATOR_NAME = 'Cumulative number of confirmed, probable and suspected Ebola cases';
/** Its id (the same request as the summary cards' one: asked once, not twice). */
export const DEFAULT_INDICATOR_ID = 'cumulative-all-cases';

export const DEFAULT_STATE: ViewState = {
  countries: ['Guinea', 'Liberia', 'Sierra Leone'],
  indicator: DEFAULT_INDICATOR_ID,
  measure: 'cumulative',
  from: null,
  to: null,
  per100k: false,
  log: false,
  clamp: false,
  merge: false,
  multiples: false,
  sharedY: false,
  hidden: [],
  window: 2,
  lang: null,
  events: true,
  view: 'chart',
  date: null,
};

const MEASURES: readonly SeriesMeasure[] = ['cumulative', 'weekly', 'cfr', 'rt'];
/** Rt windows the API accepts, in weeks. */
export const RT_WINDOWS = [1, 2, 3, 4, 5, 6] as const;
const VIEWS: readonly ViewName[] = ['chart', 'map', 'table', 'sources'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoOrNull(value: string | null): string | null {
  return value !== null && ISO_DATE.test(value) ? value : null;
}

/** Reads a state from a query string; anything missing or malformed falls back to the default. */
export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const countries = q.getAll('country').filter((c) => c.length > 0);
  const measure = q.get('measure') as SeriesMeasure | null;
  const view = q.get('view') as ViewName | null;
  const flag = (name: string) => q.get(name) === '1' || q.get(name) === 'true';
  return {
    countries: q.has('country') ? [...new Set(countries)] : [...DEFAULT_STATE.countries],
    indicator: q.get('indicator') || DEFAULT_STATE.indicator,
    measure: measure && MEASURES.includes(measure) ? measure : DEFAULT_STATE.measure,
    from: isoOrNull(q.get('from')),
    to: isoOrNull(q.get('to')),
    per100k: flag('per100k'),
    log: flag('log'),
    clamp: flag('clamp'),
    merge: flag('merge'),
    multiples: flag('multiples'),
    sharedY: flag('sharedy'),
    hidden: [...new Set(q.getAll('hide').filter((c) => c.length > 0))],
    events: q.get('events') !== '0',
    lang: q.get('lang') === 'fr' || q.get('lang') === 'en' ? (q.get('lang') as 'en' | 'fr') : null,
    window: RT_WINDOWS.includes(Number(q.get('window')) as 1)
      ? Number(q.get('window'))
      : DEFAULT_STATE.window,
    view: view && VIEWS.includes(view) ? view : DEFAULT_STATE.view,
    date: isoOrNull(q.get('date')),
  };
}

/** The query string of a state: only what differs from the default, in a stable order. */
export function formatViewState(state: ViewState, defaultIndicatorId: string | null = null): string {
  const q = new URLSearchParams();
  const sameCountries =
    state.countries.length === DEFAULT_STATE.countries.length &&
    state.countries.every((c, i) => c === DEFAULT_STATE.countries[i]);
  if (!sameCountries) {
    if (state.countries.length === 0) q.append('country', '');
    for (const c of state.countries) q.append('country', c);
  }
  const isDefaultIndicator =
    state.indicator === DEFAULT_STATE.indicator ||
    state.indicator === DEFAULT_INDICATOR_NAME ||
    state.indicator === defaultIndicatorId;
  if (!isDefaultIndicator) q.set('indicator', state.indicator);
  if (state.measure !== DEFAULT_STATE.measure) q.set('measure', state.measure);
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  for (const name of ['per100k', 'log', 'clamp', 'merge', 'multiples'] as const) {
    if (state[name]) q.set(name, '1');
  }
  if (state.sharedY && state.multiples) q.set('sharedy', '1');
  if (state.measure === 'rt' && state.window !== DEFAULT_STATE.window) q.set('window', String(state.window));
  for (const c of state.hidden) q.append('hide', c);
  if (state.view !== DEFAULT_STATE.view) q.set('view', state.view);
  if (!state.events) q.set('events', '0');
  if (state.lang) q.set('lang', state.lang);
  if (state.date && state.view === 'map') q.set('date', state.date);
  const text = q.toString();
  return text ? `?${text}` : '';
}

export interface SeriesRequest {
  countries: string[];
  indicator: string;
  measure: SeriesMeasure;
  from: string | null;
  to: string | null;
  per100k: boolean;
  clamp: boolean;
  merge: boolean;
  /** Rt only: the window in weeks; null for the API's default and for other measures. */
  window?: number | null;
}

/** The API query string for a series request (same parameters for JSON and CSV). */
export function seriesQueryString(r: SeriesRequest): string {
  const q = new URLSearchParams();
  for (const c of [...r.countries].sort()) q.append('country', c);
  q.set('indicator', r.indicator);
  q.set('measure', r.measure);
  if (r.from) q.set('from', r.from);
  if (r.to) q.set('to', r.to);
  if (r.per100k) q.set('per100k', 'true');
  if (r.clamp) q.set('clamp', 'true');
  if (r.merge) q.set('merge', 'true');
  if (r.measure === 'rt' && r.window) q.set('window', String(r.window));
  return q.toString();
}

export function chartRequest(state: ViewState): SeriesRequest {
  return {
    countries: state.countries,
    indicator: state.indicator,
    measure: state.measure,
    from: state.from,
    to: state.to,
    // A rate per person does not apply to a ratio (CFR) or to Rt: the API refuses it.
    per100k: state.per100k && state.measure !== 'cfr' && state.measure !== 'rt',
    clamp: state.clamp,
    merge: state.merge,
    window: state.measure === 'rt' ? state.window : null,
  };
}

/** The classification the view counts ("all" unless the indicator names one). */
export function classificationOf(indicator: string): Classification {
  const id = /-(all|confirmed|probable|suspected)-(cases|deaths)$/.exec(indicator);
  if (id) return id[1] as Classification;
  return indicatorFacets(indicator)?.classification ?? 'all';
}

/**
 * Cumulative cases and deaths of the view's classification up to the end of its range,
 * for the summary cards (absolute counts: per 100,000 is worked out over the countries'
 * summed population, not by adding per-country rates).
 */
export function summaryRequests(state: ViewState): [SeriesRequest, SeriesRequest] {
  const classification = classificationOf(state.indicator);
  const base = {
    ...chartRequest(state),
    measure: 'cumulative' as const,
    from: null,
    per100k: false,
    clamp: false,
  };
  return [
    { ...base, indicator: `cumulative-${classification}-cases` },
    { ...base, indicator: `cumulative-${classification}-deaths` },
  ];
}

/**
 * The link names countries or an indicator: they are checked against /api/meta before any
 * series is asked for (an unknown one would make the API answer 400). The default view
 * names neither, so its series are asked for at once.
 */
export function linkNamesData(search: string): boolean {
  const q = new URLSearchParams(search);
  return q.has('country') || q.has('indicator') || q.has('hide');
}

export function sameState(a: ViewState, b: ViewState): boolean {
  return formatViewState(a) === formatViewState(b);
}
