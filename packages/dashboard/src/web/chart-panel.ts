// The Chart tab: the plot, its title and method line, the events list, the notes, a
// one-sentence summary for screen readers, and zooming (drag, double-click, keys),
// which becomes the URL's date range.
import type { SeriesResponse } from '../core/api-types.js';
import { countryColour, formatDate, formatValue, lastValue } from './chart-data.js';
import { type DateRange, rangeToState, zoomDateRange, zoomStepOf } from './date-zoom.js';
import { currentLanguage, t } from './i18n.js';
import { eventsFor, type OutbreakEvent } from './outbreak-events.js';
import { el } from './page-elements.js';
import { announce, showMessage } from './page-messages.js';
import { change, label, page, shownRange } from './page-state.js';
import { renderNotes } from './quality-notes.js';
import { SeriesChart } from './series-chart.js';

let firstChartDrawn = false;

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

export function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterNextPaint(resolve));
}

const chart = new SeriesChart(el.chart, chartDrawn);

/** No country chosen: the chart area says so. */
export function showEmptyChart(): void {
  page.shown = null;
  chart.showEmpty(t().pickCountry);
  el.chart.dataset['state'] = 'empty';
  el.chart.dataset['traces'] = '';
  showMessage(null);
  renderNotes(el.notes, null, []);
}

/** Draws the answer on the chart, with its title, method, events, notes and summary. */
export function drawChart(response: SeriesResponse): number {
  const { state, meta } = page;
  const empty = response.series.every((trace) => trace.values.every((v) => v === null));
  showMessage(
    empty ? 'No reports for this indicator, countries and dates. Try “All” or another measure.' : null,
  );
  const n = chart.render(response, {
    log: state.log,
    multiples: state.multiples,
    sharedY: state.sharedY,
    hidden: state.hidden,
    yTitle: response.unit,
    colourOf: countryColour,
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
  const extra: string[] = [];
  if (state.log && response.measure === 'weekly') {
    extra.push('Log scale: weeks with zero or negative counts (revisions) are not drawn.');
  }
  if (state.per100k) {
    const missing = response.series.filter(
      (trace) =>
        !meta?.countries.find((c) => c.name === trace.country || c.name === trace.country.replace(/ 2$/, ''))
          ?.population,
    );
    if (missing.length > 0)
      extra.push(`No population known for ${missing.map((trace) => trace.country).join(', ')}.`);
  }
  renderNotes(el.notes, response, extra);
  el.chartSummary.textContent = describeChart(response);
  return n;
}

/** The answer's method note, with the Rt window used (the rest of the parameters are in it). */
function methodLine(response: SeriesResponse): string {
  const method =
    response.method ??
    page.meta?.measures?.find((m) => m.id === response.measure)?.description ??
    'as reported in the WHO situation reports, at their report dates';
  const sentence = method.charAt(0).toUpperCase() + method.slice(1);
  return response.rt
    ? `${sentence}. Window: ${response.rt.window} week${response.rt.window === 1 ? '' : 's'}.`
    : `${sentence}.`;
}

/** The events of the chart's countries within its dates (none when the reader turned them off). */
export function chartEvents(response: SeriesResponse): OutbreakEvent[] {
  if (!page.state.events) return [];
  const dates = response.series.flatMap((trace) => trace.dates);
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  return eventsFor(
    response.series.map((trace) => trace.country),
    sorted[0]!,
    sorted[sorted.length - 1]!,
  );
}

/** The events on the chart as a list with their sources (the accessible form, and the citations). */
function renderEvents(response: SeriesResponse): void {
  // Every event of these countries, also those outside the chart's dates (the PHEIC came
  // three weeks before the first report in the file).
  const events = page.state.events
    ? eventsFor(
        response.series.map((trace) => trace.country),
        '0000-01-01',
        '9999-12-31',
      )
    : [];
  el.eventsPanel.hidden = events.length === 0 || page.state.view !== 'chart';
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

/** The chart in one sentence for screen readers; the table view has every number. */
function describeChart(response: SeriesResponse): string {
  const parts = response.series.map((trace) => {
    const last = lastValue(trace);
    return last
      ? `${trace.country}: ${formatValue(last.value, response.unit)} on ${formatDate(last.date)}`
      : `${trace.country}: no reports`;
  });
  return `Line chart, ${response.unit}${page.state.log ? ', log scale' : ''}. Latest values: ${parts.join('; ')}. The Table view lists every value.`;
}

/** A zoom (mouse drag, double-click or keys) becomes the URL's date range; null = everything. */
export function zoomTo(range: DateRange | null, history: 'push' | 'replace' = 'push'): void {
  const { state, meta } = page;
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
  if (!step || !page.meta || !current) return;
  e.preventDefault();
  // A run of key presses is one history entry: Back returns to the view before the run.
  const history = page.keyZooming ? 'replace' : 'push';
  zoomTo(zoomDateRange(current, page.meta.dateRange, step), history);
  page.keyZooming = true;
}

export function wireChartKeys(): void {
  // Focusable for the zoom keys (role="application" in index.html: keys go to the page).
  el.chart.tabIndex = 0;
  el.chart.addEventListener('keydown', zoomByKey);
}
