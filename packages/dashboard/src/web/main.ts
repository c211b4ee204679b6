// The dashboard page: reads the view from the URL, asks the API, draws, and keeps
// the URL in step with every choice (pushState; back/forward replays them).
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { MetaResponse, SeriesResponse } from '../core/api-types.js';
import { ApiRequestError, fetchMeta, fetchSeries, seriesCsvUrl } from './api-client.js';
import { countryColour, formatDate, formatValue, lastValue } from './chart-data.js';
import { CountryPicker } from './country-picker.js';
import { type DateRange, rangeToState, zoomDateRange, zoomStepOf } from './date-zoom.js';
import { describeIndicator } from './indicator-choice.js';
import { IndicatorPicker } from './indicator-picker.js';
import type { OutbreakMap } from './map-view.js';
import { renderNotes } from './quality-notes.js';
import { SeriesChart } from './series-chart.js';
import { SeriesTable } from './series-table.js';
import { renderCards, summarise } from './summary-cards.js';
import {
  chartRequest,
  DEFAULT_INDICATOR_NAME,
  formatViewState,
  parseViewState,
  summaryRequests,
  type ViewName,
  type ViewState,
} from './view-state.js';

/** Dim the stale chart only if an update takes longer than this: no flicker on fast ones. */
const DIM_AFTER_MS = 150;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

const el = {
  chart: byId('chart-panel'),
  map: byId('map-panel'),
  table: byId('table-panel'),
  view: byId('view'),
  title: byId('chart-title'),
  chartSummary: byId('chart-summary'),
  message: byId('view-message'),
  notes: byId('notes'),
  cards: byId('cards'),
  source: byId('source'),
  announcer: byId('announcer'),
  csv: byId<HTMLAnchorElement>('export-csv'),
  png: byId<HTMLButtonElement>('export-png'),
  from: byId<HTMLInputElement>('from'),
  to: byId<HTMLInputElement>('to'),
  checks: {
    log: byId<HTMLInputElement>('log'),
    per100k: byId<HTMLInputElement>('per100k'),
    multiples: byId<HTMLInputElement>('multiples'),
    merge: byId<HTMLInputElement>('merge'),
    clamp: byId<HTMLInputElement>('clamp'),
  },
  tabs: [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')],
};

let state: ViewState = parseViewState(location.search);
let meta: MetaResponse | null = null;
let seq = 0;
let firstChartDrawn = false;
let map: OutbreakMap | null = null;

const chart = new SeriesChart(el.chart, chartDrawn);
const table = new SeriesTable(el.table);
const countries = new CountryPicker(byId('country-picker'), (list) => change({ countries: list }));
const indicators = new IndicatorPicker(
  {
    outcome: byId('outcome'),
    classification: byId('classification'),
    measure: byId('measure'),
    raw: byId('raw-indicator'),
    hdxName: byId('hdx-name'),
  },
  (indicator, measure) => change({ indicator, measure }),
);

function colourOf(country: string): string {
  return countryColour(country);
}

function defaultIndicatorId(): string | null {
  return meta?.indicators.find((i) => i.name === DEFAULT_INDICATOR_NAME)?.id ?? null;
}

/** A user's choice: becomes a history entry, then the page follows the state. */
function change(partial: Partial<ViewState>, history: 'push' | 'replace' = 'push'): void {
  performance.clearMarks('ebov:input');
  performance.mark('ebov:input');
  state = { ...state, ...partial };
  const url = `${location.pathname}${formatViewState(state, defaultIndicatorId())}`;
  if (history === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  void refresh();
}

/** What is drawn, in words; before /api/meta arrives, from the series answer itself. */
function label(response: SeriesResponse | null = null): string {
  const indicator =
    meta?.indicators.find((i) => i.id === state.indicator || i.name === state.indicator) ??
    response?.indicator;
  const words = indicator ? describeIndicator(indicator, state.measure) : '';
  return state.per100k && state.measure !== 'cfr' ? `${words}, per 100,000 people` : words;
}

function syncControls(): void {
  countries.setSelected(state.countries);
  if (meta) indicators.show(state.indicator, state.measure);
  for (const [name, box] of Object.entries(el.checks)) box.checked = state[name as keyof typeof el.checks];
  el.checks.clamp.disabled = state.measure !== 'weekly';
  el.checks.per100k.disabled = state.measure === 'cfr';
  el.from.value = state.from ?? '';
  el.to.value = state.to ?? '';
  for (const tab of el.tabs) {
    const selected = tab.dataset['view'] === state.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  el.view.setAttribute('aria-labelledby', `tab-${state.view}`);
  el.chart.hidden = state.view !== 'chart';
  el.table.hidden = state.view !== 'table';
  el.map.hidden = state.view !== 'map';
  el.png.disabled = state.view !== 'chart';
  el.csv.href = seriesCsvUrl(chartRequest(state));
}

function showMessage(text: string | null): void {
  el.message.hidden = text === null;
  el.message.textContent = text ?? '';
}

function announce(text: string): void {
  el.announcer.textContent = text;
}

async function refresh(): Promise<void> {
  const mine = ++seq;
  syncControls();
  if (meta) el.title.textContent = label();
  const dim = setTimeout(() => el.view.classList.add('is-loading'), DIM_AFTER_MS);
  el.chart.dataset['state'] = 'loading';
  void refreshCards(mine);
  try {
    if (state.countries.length === 0) {
      chart.clear();
      el.chart.dataset['state'] = 'empty';
      el.chart.dataset['traces'] = '';
      showMessage('Pick at least one country to draw the chart.');
      renderNotes(el.notes, null, []);
      announce('No country selected.');
      return;
    }
    const request = chartRequest(state);
    const [response] = await Promise.all([
      fetchSeries(request),
      state.view === 'map' ? refreshMap(mine) : Promise.resolve(),
    ]);
    if (mine !== seq) return;
    draw(response);
  } catch (error) {
    if (mine !== seq) return;
    el.chart.dataset['state'] = 'error';
    const text = error instanceof ApiRequestError ? error.message : String(error);
    showMessage(`Could not load this view: ${text}`);
    announce(`Could not load this view: ${text}`);
  } finally {
    clearTimeout(dim);
    if (mine === seq) el.view.classList.remove('is-loading');
  }
}

function draw(response: SeriesResponse): void {
  const empty = response.series.every((t) => t.values.every((v) => v === null));
  showMessage(
    empty ? 'No reports for this indicator, countries and dates. Try “All” or another measure.' : null,
  );
  const n = chart.render(response, {
    log: state.log,
    multiples: state.multiples,
    colourOf,
    onZoom: (from, to) => zoomTo({ from, to }),
    onZoomReset: () => zoomTo(null),
  });
  el.chart.dataset['state'] = 'ready';
  el.title.textContent = label(response);
  // The table is built only when shown: hundreds of rows are not worth building unseen.
  if (state.view === 'table') table.render(response, label(response));
  const extra: string[] = [];
  if (state.log && response.measure === 'weekly') {
    extra.push('Log scale: weeks with zero or negative counts (revisions) are not drawn.');
  }
  if (state.per100k) {
    const missing = response.series.filter(
      (t) =>
        !meta?.countries.find((c) => c.name === t.country || c.name === t.country.replace(/ 2$/, ''))
          ?.population,
    );
    if (missing.length > 0)
      extra.push(`No population known for ${missing.map((t) => t.country).join(', ')}.`);
  }
  renderNotes(el.notes, response, extra);
  el.chartSummary.textContent = describeChart(response);
  const names = response.series.map((t) => t.country).join(', ');
  const range =
    state.from || state.to
      ? `, ${formatDate(shownRange()?.from ?? null)} to ${formatDate(shownRange()?.to ?? null)}`
      : '';
  announce(`${label(response)} for ${names}${range}: ${n} series, ${response.unit}.`);
}

/** The dates the chart covers: the chosen range, or the whole reporting period. */
function shownRange(): DateRange | null {
  if (!meta) return state.from && state.to ? { from: state.from, to: state.to } : null;
  return { from: state.from ?? meta.dateRange.from, to: state.to ?? meta.dateRange.to };
}

/** A zoom (mouse drag, double-click or keys) becomes the URL's date range; null = everything. */
function zoomTo(range: DateRange | null): void {
  const next =
    meta && range
      ? rangeToState(range, meta.dateRange)
      : { from: range?.from ?? null, to: range?.to ?? null };
  if (next.from === state.from && next.to === state.to) {
    announce(range ? 'The chart already shows these dates.' : 'The chart already shows the whole period.');
    return;
  }
  change(next);
}

function zoomByKey(e: KeyboardEvent): void {
  // Keys on the legend buttons inside the chart are theirs.
  if (e.target !== el.chart || e.altKey || e.ctrlKey || e.metaKey) return;
  const step = zoomStepOf(e.key);
  const current = shownRange();
  if (!step || !meta || !current) return;
  e.preventDefault();
  zoomTo(zoomDateRange(current, meta.dateRange, step));
}

/**
 * Timing marks read by the benchmark: first chart on screen, and input → chart on
 * screen. uPlot has drawn into its canvas when this runs; the user sees it once the
 * browser has painted the next frame, so the marks wait for that frame.
 */
function chartDrawn(): void {
  const input = performance.getEntriesByName('ebov:input', 'mark')[0];
  performance.clearMarks('ebov:input');
  const first = !firstChartDrawn;
  firstChartDrawn = true;
  // The canvas is drawn now; the bench shows the wait for the frame from this to the next mark.
  if (first) performance.mark('ebov:first-chart-drawn');
  afterNextPaint(() => {
    if (first) performance.mark('ebov:first-chart');
    if (input) performance.measure('ebov:redraw', { start: input.startTime, end: performance.now() });
  });
}

/** Runs `fn` after the browser has painted the next frame (rAF, then a task after it). */
function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn();
    channel.port2.postMessage(null);
  });
}

function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterNextPaint(resolve));
}

/** The chart in one sentence for screen readers; the table view has every number. */
function describeChart(response: SeriesResponse): string {
  const parts = response.series.map((t) => {
    const last = lastValue(t);
    return last
      ? `${t.country}: ${formatValue(last.value, response.unit)} on ${formatDate(last.date)}`
      : `${t.country}: no reports`;
  });
  return `Line chart, ${response.unit}${state.log ? ', log scale' : ''}. Latest values: ${parts.join('; ')}. The Table view lists every value.`;
}

async function refreshCards(mine: number): Promise<void> {
  if (state.countries.length === 0) {
    renderCards(el.cards, null);
    return;
  }
  try {
    const [casesRequest, deathsRequest] = summaryRequests(state);
    const [cases, deaths] = await Promise.all([fetchSeries(casesRequest), fetchSeries(deathsRequest)]);
    if (mine === seq) renderCards(el.cards, summarise(cases, deaths));
  } catch {
    if (mine === seq) renderCards(el.cards, null);
  }
}

async function refreshMap(mine: number): Promise<void> {
  const [{ OutbreakMap }, response] = await Promise.all([
    import('./map-view.js'),
    fetchSeries({ ...chartRequest(state), countries: [], from: null, to: null, merge: true }),
  ]);
  if (mine !== seq) return;
  map ??= new OutbreakMap(el.map, (date) => {
    state = { ...state, date };
    window.history.replaceState(
      null,
      '',
      `${location.pathname}${formatViewState(state, defaultIndicatorId())}`,
    );
  });
  map.render(response, state.date ?? state.to, label());
}

function showSource(m: MetaResponse): void {
  const loaded = new Date(m.loadedAt);
  const time = Number.isNaN(loaded.getTime())
    ? m.loadedAt
    : loaded
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
  el.source.textContent =
    `Source: WHO Ebola situation reports compiled by UN OCHA HDX (“Ebola Cases and Deaths”), ` +
    `read from ${m.source.location}${m.source.fromCache ? ' (cached copy)' : ''}; loaded ${time}. ` +
    `Reports from ${formatDate(m.dateRange.from)} to ${formatDate(m.dateRange.to)}.` +
    (m.warnings.length > 0 ? ` Warnings: ${m.warnings.join(' ')}` : '');
}

async function start(): Promise<void> {
  renderCards(el.cards, null);
  syncControls();
  const firstView = refresh();
  try {
    // The chart first: the pickers' options, the source line and the date limits
    // wait until it is on screen (the requests themselves started in prefetch.ts).
    [meta] = await Promise.all([fetchMeta(), firstView.then(nextPaint)]);
  } catch (error) {
    showMessage(`Could not load the list of countries and indicators: ${String(error)}`);
    return;
  }
  countries.setOptions(
    meta.countries.map((c) => ({ name: c.name, hint: c.parent ? `flare-up, ${c.parent}` : '' })),
  );
  indicators.setIndicators(meta.indicators);
  for (const input of [el.from, el.to]) {
    input.min = meta.dateRange.from;
    input.max = meta.dateRange.to;
  }
  showSource(meta);
  // The URL may name the indicator by its HDX name: settle on the id.
  const known = meta.indicators.find((i) => i.id === state.indicator || i.name === state.indicator);
  if (known && known.id !== state.indicator) {
    state = { ...state, indicator: known.id };
    window.history.replaceState(
      null,
      '',
      `${location.pathname}${formatViewState(state, defaultIndicatorId())}`,
    );
  }
  syncControls();
  el.title.textContent = label();
}

function wireControls(): void {
  for (const [name, box] of Object.entries(el.checks)) {
    box.addEventListener('change', () => change({ [name]: box.checked }));
  }
  const dates = () => {
    let from = el.from.value || null;
    let to = el.to.value || null;
    if (from && to && from > to) [from, to] = [to, from];
    change({ from, to });
  };
  el.from.addEventListener('change', dates);
  el.to.addEventListener('change', dates);
  // Focusable for the zoom keys (role="application" in index.html: keys go to the page).
  el.chart.tabIndex = 0;
  el.chart.addEventListener('keydown', zoomByKey);
  for (const tab of el.tabs) {
    tab.addEventListener('click', () => change({ view: tab.dataset['view'] as ViewName }));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const i = el.tabs.indexOf(tab);
      const next = el.tabs[(i + (e.key === 'ArrowRight' ? 1 : el.tabs.length - 1)) % el.tabs.length]!;
      next.focus();
      change({ view: next.dataset['view'] as ViewName });
    });
  }
  el.png.addEventListener('click', async () => {
    try {
      const blob = await chart.toPng(
        label(),
        `${state.countries.join(', ')} · WHO situation reports via HDX`,
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `ebola-${state.indicator}-${state.measure}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce('PNG of the chart downloaded.');
    } catch (error) {
      announce(`Could not make the PNG: ${String(error)}`);
    }
  });
  document.getElementById('controls')?.addEventListener('submit', (e) => e.preventDefault());
  window.addEventListener('popstate', () => {
    map?.stop();
    state = parseViewState(location.search);
    if (meta) {
      const known = meta.indicators.find((i) => i.name === state.indicator);
      if (known) state = { ...state, indicator: known.id };
    }
    void refresh();
  });
}

wireControls();
void start();
