// A link's view checked against the data: what can be shown is kept (country names in
// the data's spelling, duplicates dropped), what cannot is left out and named in a
// sentence a reader understands. Pure: no DOM, no fetch.
import type { ApiError, MetaResponse } from '../core/api-types.js';
import type { Messages } from './i18n.js';
import { DEFAULT_STATE, type ViewState } from './view-state.js';

export interface RepairedView {
  state: ViewState;
  /** One sentence per part of the link that was left out or changed. */
  problems: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A value echoed back is cut: a 20 KB parameter is not worth repeating. */
const MAX_ECHO = 40;

function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
}

function isCalendarDate(iso: string): boolean {
  if (!ISO_DATE.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}

/** The data's spelling of a country name, matched ignoring case and spaces; null if unknown. */
export function canonicalCountry(meta: MetaResponse, name: string): string | null {
  const key = name.trim().replace(/\s+/g, ' ').toLowerCase();
  return meta.countries.find((c) => c.name.toLowerCase() === key)?.name ?? null;
}

/** Checks the view parsed from `search` against the data; `state` is parseViewState(search). */
export function repairView(search: string, state: ViewState, meta: MetaResponse, m: Messages): RepairedView {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const countries: string[] = [];
  const unknown: string[] = [];
  for (const name of state.countries) {
    const known = canonicalCountry(meta, name);
    if (known === null) unknown.push(echo(name));
    else if (!countries.includes(known)) countries.push(known);
  }
  if (unknown.length > 0) problems.push(m.problemCountry(unknown));
  const hidden = state.hidden
    .map((name) => canonicalCountry(meta, name))
    .filter((c): c is string => c !== null && countries.includes(c));

  let indicator = state.indicator;
  const knownIndicator = meta.indicators.find((i) => i.id === indicator || i.name === indicator);
  if (knownIndicator) indicator = knownIndicator.id;
  else {
    problems.push(m.problemIndicator(echo(indicator)));
    indicator = DEFAULT_STATE.indicator;
  }

  const measure = q.get('measure');
  if (measure !== null && measure !== state.measure) problems.push(m.problemMeasure(echo(measure)));
  const view = q.get('view');
  if (view !== null && view !== state.view) problems.push(m.problemView(echo(view)));
  let { from, to, date } = state;
  for (const name of ['from', 'to', 'date'] as const) {
    const text = q.get(name);
    if (text !== null && text !== '' && !isCalendarDate(text)) {
      problems.push(m.problemDate(name, echo(text)));
      if (name === 'from') from = null;
      else if (name === 'to') to = null;
      else date = null;
    }
  }
  if (from && !isCalendarDate(from)) from = null;
  if (to && !isCalendarDate(to)) to = null;
  if (from && to && from > to) {
    problems.push(m.problemSwapped);
    [from, to] = [to, from];
  }
  return { state: { ...state, countries, hidden, indicator, from, to, date }, problems };
}

/** An API refusal in a reader's words (the API's own message is for developers). */
export function describeApiError(error: ApiError | null, m: Messages): string {
  switch (error?.code) {
    case 'EBOV_NO_POPULATION':
      return m.apiNoPopulation(String(error.value ?? ''));
    case 'EBOV_MEASURE_NOT_APPLICABLE':
    case 'EBOV_PER100K_NOT_APPLICABLE':
      return m.apiNotApplicable;
    case 'EBOV_UNKNOWN_COUNTRY':
      return m.problemCountry([echo(String(error.value ?? ''))]);
    case 'EBOV_NOT_READY':
      return m.apiNotReady;
    default:
      return m.apiFailed;
  }
}
