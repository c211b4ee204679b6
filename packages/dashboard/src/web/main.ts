// The dashboard page: reads the view from the URL, asks the API, draws, and keeps
// the URL in step with every choice (pushState; back/forward replays them).
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { MetaResponse, SeriesResponse } from '../core/api-types.js';
import { ApiRequestError, fetchMeta, fetchSeries } from './api-client.js';
import { countryColour, formatDate, formatValue, lastValue } from './chart-data.js';
import { CountryPicker } from './country-picker.js';
import { parseDateInput } from './date-input.js';
import { type DateRange, rangeToState, zoomDateRange, zoomStepOf } from './date-zoom.js';
import { countryName, currentLanguage, preferredLanguage, setLanguage, t } from './i18n.js';
import { describeIndicator } from './indicator-choice.js';
import { IndicatorPicker } from './indicator-picker.js';
import type { OutbreakMap } from './map-view.js';
import { eventsFor, type OutbreakEvent } from './outbreak-events.js';
import { renderNotes } from './quality-notes.js';
import { SeriesChart } from './series-chart.js';
import { SeriesTable } from './series-table.js';
import { renderCards, summarise } from './summary-cards.js';
import { describeApiError, repairView } from './view-problems.js';
import {
  chartRequest,
  classificationOf,
  DEFAULT_INDICATOR_ID,
  formatViewState,
  parseViewState,
  summaryRequests,
  type ViewName,
  type ViewState,
} from './view-state.js';

/** Dim the stale chart only if an update takes longer than this: no flicker on fast ones. */
const DIM_AFTER_MS = 150;

/** The page's fixed words (data-i18n in index.html) in the current language. */
function translatePage(root: Document): void {
  root.documentElement.lang = currentLanguage();
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset['i18n'] ?? '';
    el.textContent = t().static[key] ?? key;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = el.dataset['i18nLabel'] ?? '';
    el.setAttribute('aria-label', t().static[key] ?? key);
  }
}

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

const el = {
  controls: byId<HTMLFormElement>('controls'),
  editChart: byId<HTMLButtonElement>('edit-chart'),
  controlsDone: byId<HTMLButtonElement>('controls-done'),
  chart: byId('chart-panel'),
  map: byId('map-panel'),
  table: byId('table-panel'),
  sources: byId('sources-panel'),
  view: byId('view'),
  title: byId('chart-title'),
  subtitle: byId('chart-subtitle'),
  window: byId<HTMLSelectElement>('window'),
  chartSummary: byId('chart-summary'),
  message: byId('view-message'),
  problems: byId('view-problems'),
  problemList: byId('view-problem-list'),
  resetView: byId<HTMLButtonElement>('reset-view'),
  notes: byId('notes'),
  cards: byId('cards'),
  source: byId('source'),
  announcer: byId('announcer'),
  csv: byId<HTMLButtonElement>('export-csv'),
  png: byId<HTMLButtonElement>('export-png'),
  svg: byId<HTMLButtonElement>('export-svg'),
  from: byId<HTMLInputElement>('from'),
  to: byId<HTMLInputElement>('to'),
  checks: {
    log: byId<HTMLInputElement>('log'),
    per100k: byId<HTMLInputElement>('per100k'),
    multiples: byId<HTMLInputElement>('multiples'),
    sharedY: byId<HTMLInputElement>('sharedY'),
    merge: byId<HTMLInputElement>('merge'),
    clamp: byId<HTMLInputElement>('clamp'),
    events: byId<HTMLInputElement>('events'),
  },
  eventsPanel: byId<HTMLDetailsElement>('events-panel'),
  eventsList: byId('events-list'),
  share: byId<HTMLButtonElement>('share'),
  sharePanel: byId('share-panel'),
  shareLink: byId<HTMLInputElement>('share-link'),
  shareEmbed: byId<HTMLInputElement>('share-embed'),
  copyLink: byId<HTMLButtonElement>('copy-link'),
  copyEmbed: byId<HTMLButtonElement>('copy-embed'),
  openDashboard: byId<HTMLAnchorElement>('open-dashboard'),
  lang: byId<HTMLSelectElement>('lang'),
  tabs: [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')],
};

/** /embed: the same view without the page's chrome, with a link back (embed.html marks it). */
const EMBEDDED = document.documentElement.classList.contains('embed');

let state: ViewState = parseViewState(location.search);
// The words first: the pickers below are built in the page's language.
setLanguage(state.lang ?? preferredLanguage(navigator.languages));
translatePage(document);
let meta: MetaResponse | null = null;
/** What the link asked for that could not be shown, in words; cleared by the next choice. */
let problems: string[] = [];
let seq = 0;
let firstChartDrawn = false;
let map: OutbreakMap | null = null;
/** The series on screen (chart and table) and the map's, for the exports. */
let shown: SeriesResponse | null = null;
let mapShown: SeriesResponse | null = null;
/** The last change was a zoom key: the next one replaces its history entry. */
let keyZooming = false;

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

function pageUrl(): string {
  return `${location.pathname}${formatViewState(state, DEFAULT_INDICATOR_ID)}`;
}

/** The view's links: the page, and the embed page (both absolute, for pasting elsewhere). */
function shareLinks(): { page: string; embed: string } {
  const query = formatViewState(state, DEFAULT_INDICATOR_ID);
  return { page: `${location.origin}/${query}`, embed: `${location.origin}/embed${query}` };
}

/** The tab's title and description say what the view shows (a shared link's preview too). */
function describePage(response: SeriesResponse | null): void {
  const what = label(response);
  const where = state.countries.join(', ');
  document.title = what
    ? `${what}: ${where || 'no country'} · The West African Ebolavirus Outbreak`
    : 'The West African Ebolavirus Outbreak';
  document
    .querySelector('meta[name="description"]')
    ?.setAttribute(
      'content',
      `${what || 'Cases and deaths'} for ${where || 'the chosen countries'}, West African Ebola outbreak 2014–2016, from WHO situation reports compiled by UN HDX.`,
    );
  const links = shareLinks();
  el.shareLink.value = links.page;
  el.shareEmbed.value = `<iframe src="${links.embed}" title="${what.replace(/"/g, '&quot;')}" width="800" height="600" style="border:0" loading="lazy"></iframe>`;
  el.openDashboard.href = links.page;
}

/** A user's choice: becomes a history entry, then the page follows the state. */
function change(partial: Partial<ViewState>, history: 'push' | 'replace' = 'push'): void {
  performance.clearMarks('ebov:input');
  performance.mark('ebov:input');
  keyZooming = false;
  problems = [];
  state = { ...state, ...partial };
  // A hidden series that is no longer chosen is no longer hidden.
  state.hidden = state.hidden.filter((c) => state.countries.includes(c));
  if (history === 'push') window.history.pushState(null, '', pageUrl());
  else window.history.replaceState(null, '', pageUrl());
  void refresh();
}

/** What is drawn, in words; before /api/meta arrives, from the series answer itself. */
function label(response: SeriesResponse | null = null): string {
  const indicator =
    meta?.indicators.find((i) => i.id === state.indicator || i.name === state.indicator) ??
    response?.indicator;
  const words = indicator ? describeIndicator(indicator, state.measure) : '';
  return state.per100k && state.measure !== 'cfr' && state.measure !== 'rt'
    ? `${words}, ${t().per100kTitle}`
    : words;
}

/** A new language: the page's words, the pickers' options and the names of countries. */
function followLanguage(): void {
  const wanted = state.lang ?? preferredLanguage(navigator.languages);
  el.lang.value = wanted;
  if (wanted === currentLanguage()) return;
  setLanguage(wanted);
  translatePage(document);
  countries.relabel();
  if (meta) {
    indicators.setIndicators(meta.indicators);
    showSource(meta);
  }
}

function syncControls(): void {
  followLanguage();
  countries.setSelected(state.countries);
  if (meta) indicators.show(state.indicator, state.measure);
  for (const [name, box] of Object.entries(el.checks)) box.checked = state[name as keyof typeof el.checks];
  el.checks.clamp.disabled = state.measure !== 'weekly';
  el.checks.per100k.disabled = state.measure === 'cfr' || state.measure === 'rt';
  el.window.disabled = state.measure !== 'rt';
  el.window.value = String(state.window);
  el.checks.sharedY.disabled = !state.multiples;
  if (document.activeElement !== el.from) el.from.value = state.from ? formatDate(state.from) : '';
  if (document.activeElement !== el.to) el.to.value = state.to ? formatDate(state.to) : '';
  for (const tab of el.tabs) {
    const selected = tab.dataset['view'] === state.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  el.view.setAttribute('aria-labelledby', `tab-${state.view}`);
  el.chart.hidden = state.view !== 'chart';
  el.table.hidden = state.view !== 'table';
  el.sources.hidden = state.view !== 'sources';
  el.map.hidden = state.view !== 'map';
  const what =
    state.view === 'map' ? 'the map' : state.view === 'table' ? 'the chart of this table' : 'the chart';
  el.png.title = `PNG of ${what}, 2× resolution, light background`;
  el.svg.title = `SVG of ${what}`;
  el.csv.title =
    state.view === 'map' ? 'CSV of the map: every country at the map’s date' : 'CSV of the series on screen';
  renderProblems();
}

function renderProblems(): void {
  el.problems.hidden = problems.length === 0;
  el.problemList.replaceChildren(
    ...problems.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

function showMessage(text: string | null): void {
  el.message.hidden = text === null;
  el.message.textContent = text ?? '';
}

function announce(text: string): void {
  el.announcer.textContent = text;
}

/** Once the data's lists are known: a link's unknown parts are left out and named. True if the view changed. */
function repairFromLink(): boolean {
  if (!meta) return false;
  const repaired = repairView(location.search, state, meta, t());
  const changed = formatViewState(repaired.state) !== formatViewState(state);
  state = repaired.state;
  problems = [...new Set([...problems, ...repaired.problems])];
  if (changed) window.history.replaceState(null, '', pageUrl());
  renderProblems();
  return changed;
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
      shown = null;
      chart.showEmpty(t().pickCountry);
      el.chart.dataset['state'] = 'empty';
      el.chart.dataset['traces'] = '';
      showMessage(null);
      renderNotes(el.notes, null, []);
      if (state.view === 'map') await refreshMap(mine);
      if (state.view === 'table') el.table.replaceChildren();
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
    // A link with a part the data lacks (a country "Mars"): show the rest, and say what was left out.
    if (error instanceof ApiRequestError && error.status === 400) {
      meta ??= await fetchMeta().catch(() => null);
      if (mine !== seq) return;
      if (repairFromLink()) {
        void refresh();
        return;
      }
    }
    el.chart.dataset['state'] = 'error';
    const text = error instanceof ApiRequestError ? describeApiError(error.body, t()) : t().apiFailed;
    problems = [...new Set([...problems, text])];
    renderProblems();
    announce(text);
  } finally {
    clearTimeout(dim);
    if (mine === seq) el.view.classList.remove('is-loading');
  }
}

function draw(response: SeriesResponse): void {
  shown = response;
  const empty = response.series.every((t) => t.values.every((v) => v === null));
  showMessage(
    empty ? 'No reports for this indicator, countries and dates. Try “All” or another measure.' : null,
  );
  const n = chart.render(response, {
    log: state.log,
    multiples: state.multiples,
    sharedY: state.sharedY,
    hidden: state.hidden,
    yTitle: response.unit,
    colourOf,
    onZoom: (from, to) => zoomTo({ from, to }),
    onZoomReset: () => zoomTo(null),
    onToggle: (hidden) => change({ hidden }),
    events: chartEvents(response).map((e) => ({ date: e.date, label: e.label[currentLanguage()] })),
  });
  renderEvents(response);
  el.chart.dataset['state'] = 'ready';
  el.title.textContent = label(response);
  // How the numbers were computed, under the title (two lines kept for it: nothing moves).
  el.subtitle.textContent = methodLine(response);
  el.subtitle.title = el.subtitle.textContent;
  // The table is built only when shown: hundreds of rows are not worth building unseen.
  if (state.view === 'table') table.render(response, label(response));
  if (state.view === 'sources') void showSources(response);
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
  describePage(response);
  const names = response.series.map((t) => t.country).join(', ');
  const range =
    state.from || state.to
      ? `, ${formatDate(shownRange()?.from ?? null)} to ${formatDate(shownRange()?.to ?? null)}`
      : '';
  announce(`${label(response)} for ${names}${range}: ${n} series, ${response.unit}.`);
}

/** The answer's method note, with the Rt window used (the rest of the parameters are in it). */
function methodLine(response: SeriesResponse): string {
  const method =
    response.method ??
    meta?.measures?.find((m) => m.id === response.measure)?.description ??
    'as reported in the WHO situation reports, at their report dates';
  const sentence = method.charAt(0).toUpperCase() + method.slice(1);
  return response.rt
    ? `${sentence}. Window: ${response.rt.window} week${response.rt.window === 1 ? '' : 's'}.`
    : `${sentence}.`;
}

/** The events of the chart's countries within its dates (none when the reader turned them off). */
function chartEvents(response: SeriesResponse): OutbreakEvent[] {
  if (!state.events) return [];
  const dates = response.series.flatMap((t) => t.dates);
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  return eventsFor(
    response.series.map((t) => t.country),
    sorted[0]!,
    sorted[sorted.length - 1]!,
  );
}

/** The events on the chart as a list with their sources (the accessible form, and the citations). */
function renderEvents(response: SeriesResponse): void {
  // Every event of these countries, also those outside the chart's dates (the PHEIC came
  // three weeks before the first report in the file).
  const events = state.events
    ? eventsFor(
        response.series.map((t) => t.country),
        '0000-01-01',
        '9999-12-31',
      )
    : [];
  el.eventsPanel.hidden = events.length === 0 || state.view !== 'chart';
  el.eventsList.replaceChildren(
    ...events.map((e) => {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = e.source.url;
      link.rel = 'noopener noreferrer';
      link.textContent = e.source.title;
      li.append(`${formatDate(e.date)}: ${e.label[currentLanguage()]} (`, link, ')');
      return li;
    }),
  );
}

/** The Sources & notes tab, loaded when first opened. */
async function showSources(response: SeriesResponse): Promise<void> {
  const { renderSources } = await import('./sources-view.js');
  meta ??= await fetchMeta().catch(() => null);
  if (shown === response) renderSources(el.sources, meta, response, location.href);
}

/** The dates the chart covers: the chosen range, or the whole reporting period. */
function shownRange(): DateRange | null {
  if (!meta) return state.from && state.to ? { from: state.from, to: state.to } : null;
  return { from: state.from ?? meta.dateRange.from, to: state.to ?? meta.dateRange.to };
}

/** A zoom (mouse drag, double-click or keys) becomes the URL's date range; null = everything. */
function zoomTo(range: DateRange | null, history: 'push' | 'replace' = 'push'): void {
  const next =
    meta && range
      ? rangeToState(range, meta.dateRange)
      : { from: range?.from ?? null, to: range?.to ?? null };
  if (next.from === state.from && next.to === state.to) {
    announce(range ? 'The chart already shows these dates.' : 'The chart already shows the whole period.');
    return;
  }
  change(next, history);
}

function zoomByKey(e: KeyboardEvent): void {
  // Keys on the legend buttons inside the chart are theirs.
  if (e.target !== el.chart || e.altKey || e.ctrlKey || e.metaKey) return;
  const step = zoomStepOf(e.key);
  const current = shownRange();
  if (!step || !meta || !current) return;
  e.preventDefault();
  // A run of key presses is one history entry: Back returns to the view before the run.
  const history = keyZooming ? 'replace' : 'push';
  zoomTo(zoomDateRange(current, meta.dateRange, step), history);
  keyZooming = true;
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

function populationOf(country: string): number | null {
  return meta?.countries.find((c) => c.name === country)?.population?.value ?? null;
}

async function refreshCards(mine: number): Promise<void> {
  if (state.countries.length === 0) {
    renderCards(el.cards, null);
    return;
  }
  try {
    const [casesRequest, deathsRequest] = summaryRequests(state);
    const [cases, deaths] = await Promise.all([fetchSeries(casesRequest), fetchSeries(deathsRequest)]);
    // Rates need the populations: wait for /api/meta (already asked by prefetch.js).
    if (state.per100k) meta ??= await fetchMeta();
    if (mine !== seq) return;
    renderCards(
      el.cards,
      summarise({
        cases,
        deaths,
        classification: classificationOf(state.indicator),
        per100k: state.per100k,
        population: populationOf,
      }),
      countryName,
    );
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
  mapShown = response;
  map ??= new OutbreakMap(el.map, (date) => {
    state = { ...state, date };
    window.history.replaceState(null, '', pageUrl());
  });
  const asked = state.date ?? state.to;
  const at = map.render(response, asked, label(response));
  // A date between two reports shows the report before it; the URL and the reader are told.
  if (state.date && at !== state.date) {
    if (at)
      problems = [...new Set([...problems, t().problemDateSnapped(formatDate(state.date), formatDate(at))])];
    state = { ...state, date: at };
    window.history.replaceState(null, '', pageUrl());
    renderProblems();
  }
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
    t().sourceLine(
      `${m.source.location}${m.source.fromCache ? ` ${t().cachedCopy}` : ''}`,
      time,
      formatDate(m.dateRange.from),
      formatDate(m.dateRange.to),
    ) + (m.warnings.length > 0 ? ` ${t().warnings} ${m.warnings.join(' ')}` : '');
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
  showSource(meta);
  // The URL may name a country in lower case, or the indicator by its HDX name: settle on the data's.
  if (repairFromLink()) void refresh();
  syncControls();
  el.title.textContent = label();
}

/** On narrow screens the settings are a panel opened by "Edit chart". */
function openControls(open: boolean): void {
  el.controls.classList.toggle('is-open', open);
  el.editChart.setAttribute('aria-expanded', String(open));
  if (open) el.controls.querySelector<HTMLElement>('input, select')?.focus();
  else el.editChart.focus();
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function exportFile(kind: 'csv' | 'png' | 'svg'): Promise<void> {
  try {
    const exports = await import('./export-download.js');
    const context = {
      view: state.view,
      state,
      chart: shown,
      map: mapShown,
      mapDate: map ? (el.map.dataset['date'] ?? null) : null,
      title: label(shown ?? mapShown),
      meta,
      pageUrl: location.href,
      colourOf,
      events: shown ? chartEvents(shown).map((e) => ({ date: e.date, label: e.label.en })) : [],
    };
    const file = await exports.exportFile(kind, context);
    download(file.blob, file.name);
    announce(`${file.name} downloaded.`);
  } catch (error) {
    announce(`Could not make the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readDates(): void {
  const from = parseDateInput(el.from.value);
  const to = parseDateInput(el.to.value);
  for (const [input, value] of [
    [el.from, from],
    [el.to, to],
  ] as const) {
    input.setAttribute('aria-invalid', String(value === undefined));
  }
  if (from === undefined || to === undefined) return;
  const [a, b] = from && to && from > to ? [to, from] : [from, to];
  if (a !== state.from || b !== state.to) change({ from: a, to: b });
}

function wireControls(): void {
  for (const [name, box] of Object.entries(el.checks)) {
    box.addEventListener('change', () => change({ [name]: box.checked }));
  }
  el.window.addEventListener('change', () => change({ window: Number(el.window.value) }));
  el.lang.addEventListener('change', () => change({ lang: el.lang.value === 'fr' ? 'fr' : 'en' }));
  el.from.addEventListener('change', readDates);
  el.to.addEventListener('change', readDates);
  // Focusable for the zoom keys (role="application" in index.html: keys go to the page).
  el.chart.tabIndex = 0;
  el.chart.addEventListener('keydown', zoomByKey);
  for (const tab of el.tabs) {
    tab.addEventListener('click', () => change({ view: tab.dataset['view'] as ViewName }));
    tab.addEventListener('keydown', (e) => {
      const i = el.tabs.indexOf(tab);
      const n = el.tabs.length;
      const target =
        e.key === 'ArrowRight'
          ? (i + 1) % n
          : e.key === 'ArrowLeft'
            ? (i + n - 1) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : null;
      if (target === null) return;
      e.preventDefault();
      const next = el.tabs[target]!;
      next.focus();
      if (next !== tab) change({ view: next.dataset['view'] as ViewName });
    });
  }
  el.csv.addEventListener('click', () => void exportFile('csv'));
  el.png.addEventListener('click', () => void exportFile('png'));
  el.svg.addEventListener('click', () => void exportFile('svg'));
  el.editChart.addEventListener('click', () => openControls(!el.controls.classList.contains('is-open')));
  el.controlsDone.addEventListener('click', () => openControls(false));
  el.controls.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && el.controls.classList.contains('is-open')) openControls(false);
  });
  el.resetView.addEventListener('click', () => {
    problems = [];
    state = parseViewState('');
    window.history.pushState(null, '', location.pathname);
    void refresh();
  });
  el.controls.addEventListener('submit', (e) => e.preventDefault());
  el.share.addEventListener('click', () => {
    const open = el.sharePanel.hidden;
    el.sharePanel.hidden = !open;
    el.share.setAttribute('aria-expanded', String(open));
    if (open) {
      describePage(shown);
      el.shareLink.select();
    }
  });
  const copy = (input: HTMLInputElement, what: string) => async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      announce(`${what} copied.`);
    } catch {
      announce(`${what} selected: press Ctrl+C to copy it.`);
    }
  };
  el.copyLink.addEventListener('click', copy(el.shareLink, 'Link'));
  el.copyEmbed.addEventListener('click', copy(el.shareEmbed, 'Embed code'));
  window.addEventListener('popstate', () => {
    map?.stop();
    problems = [];
    state = parseViewState(location.search);
    repairFromLink();
    void refresh();
  });
}

wireControls();
void start();
