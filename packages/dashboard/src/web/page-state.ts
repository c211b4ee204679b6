// The page's one view state and what the server told us, shared by every panel. A
// reader's choice goes through `change`: a history entry (pushState; back/forward
// replays them), then the page follows the state (main.ts registers how).
import type { MetaResponse, SeriesResponse } from '../core/api-types.js';
import type { DateRange } from './date-zoom.js';
import { t } from './i18n.js';
import { describeIndicator } from './indicator-choice.js';
import { DEFAULT_INDICATOR_ID, formatViewState, parseViewState, type ViewState } from './view-state.js';

export const page = {
  state: parseViewState(location.search) as ViewState,
  meta: null as MetaResponse | null,
  /** What the link asked for that could not be shown, in words; cleared by the next choice. */
  problems: [] as string[],
  /** The series on screen (chart and table) and the map's, for the exports. */
  shown: null as SeriesResponse | null,
  mapShown: null as SeriesResponse | null,
  /** The last change was a zoom key: the next one replaces its history entry. */
  keyZooming: false,
};

let follow: () => void = () => {};

/** How the page follows a new state (main.ts: refresh). */
export function onStateChange(fn: () => void): void {
  follow = fn;
}

export function pageUrl(): string {
  return `${location.pathname}${formatViewState(page.state, DEFAULT_INDICATOR_ID)}`;
}

/** A user's choice: becomes a history entry, then the page follows the state. */
export function change(partial: Partial<ViewState>, history: 'push' | 'replace' = 'push'): void {
  performance.clearMarks('ebov:input');
  performance.mark('ebov:input');
  page.keyZooming = false;
  page.problems = [];
  const state = { ...page.state, ...partial };
  // A hidden series that is no longer chosen is no longer hidden.
  state.hidden = state.hidden.filter((c) => state.countries.includes(c));
  page.state = state;
  if (history === 'push') window.history.pushState(null, '', pageUrl());
  else window.history.replaceState(null, '', pageUrl());
  follow();
}

/** What is drawn, in words; before /api/meta arrives, from the series answer itself. */
export function label(response: SeriesResponse | null = null): string {
  const { state, meta } = page;
  const indicator =
    meta?.indicators.find((i) => i.id === state.indicator || i.name === state.indicator) ??
    response?.indicator;
  const words = indicator ? describeIndicator(indicator, state.measure) : '';
  return state.per100k && state.measure !== 'cfr' && state.measure !== 'rt'
    ? `${words}, ${t().per100kTitle}`
    : words;
}

/** The dates the chart covers: the chosen range, or the whole reporting period. */
export function shownRange(): DateRange | null {
  const { state, meta } = page;
  if (!meta) return state.from && state.to ? { from: state.from, to: state.to } : null;
  return { from: state.from ?? meta.dateRange.from, to: state.to ?? meta.dateRange.to };
}
