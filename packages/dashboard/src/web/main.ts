// The dashboard page: reads the view from the URL, asks the API, draws the current
// tab, and keeps the URL in step with every choice (page-state.ts). Each panel is a
// module of its own; this file only puts them in order.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { SeriesResponse } from '../core/api-types.js';
import { ApiRequestError, fetchMeta, fetchSeries } from './api-client.js';
import { clearCards, refreshCards } from './cards-panel.js';
import { formatDate } from './chart-data.js';
import { drawChart, nextPaint, showEmptyChart, wireChartKeys } from './chart-panel.js';
import { wireExports } from './export-actions.js';
import { t } from './i18n.js';
import { refreshMap, stopMap } from './map-panel.js';
import { offerChoices, syncControls, wireControls } from './page-controls.js';
import { el } from './page-elements.js';
import { showSource } from './page-language.js';
import { addProblems, announce, repairFromLink, showMessage } from './page-messages.js';
import { label, onStateChange, page, shownRange } from './page-state.js';
import { describePage, wireShare } from './share-panel.js';
import { showSources, showTable } from './table-panel.js';
import { describeApiError } from './view-problems.js';
import { chartRequest, linkNamesData, parseViewState } from './view-state.js';

/** Dim the stale chart only if an update takes longer than this: no flicker on fast ones. */
const DIM_AFTER_MS = 150;

let seq = 0;

async function refresh(): Promise<void> {
  const mine = ++seq;
  const isCurrent = () => mine === seq;
  const { state } = page;
  syncControls();
  if (page.meta) el.title.textContent = label();
  const dim = setTimeout(() => el.view.classList.add('is-loading'), DIM_AFTER_MS);
  el.chart.dataset['state'] = 'loading';
  void refreshCards(isCurrent);
  try {
    if (state.countries.length === 0) {
      showEmptyChart();
      if (state.view === 'map') await refreshMap(isCurrent);
      if (state.view === 'table') el.table.replaceChildren();
      announce('No country selected.');
      return;
    }
    const [response] = await Promise.all([
      fetchSeries(chartRequest(state)),
      state.view === 'map' ? refreshMap(isCurrent) : Promise.resolve(),
    ]);
    if (!isCurrent()) return;
    draw(response);
  } catch (error) {
    if (!isCurrent()) return;
    // A link with a part the data lacks (a country "Mars"): show the rest, and say what was left out.
    if (error instanceof ApiRequestError && error.status === 400) {
      page.meta ??= await fetchMeta().catch(() => null);
      if (!isCurrent()) return;
      if (repairFromLink()) {
        void refresh();
        return;
      }
    }
    el.chart.dataset['state'] = 'error';
    const text = error instanceof ApiRequestError ? describeApiError(error.body, t()) : t().apiFailed;
    addProblems(text);
    announce(text);
  } finally {
    clearTimeout(dim);
    if (isCurrent()) el.view.classList.remove('is-loading');
  }
}

function draw(response: SeriesResponse): void {
  page.shown = response;
  const n = drawChart(response);
  const { state } = page;
  if (state.view === 'table') showTable(response, label(response));
  if (state.view === 'sources') void showSources(response);
  describePage(response);
  const names = response.series.map((trace) => trace.country).join(', ');
  const range =
    state.from || state.to
      ? `, ${formatDate(shownRange()?.from ?? null)} to ${formatDate(shownRange()?.to ?? null)}`
      : '';
  announce(`${label(response)} for ${names}${range}: ${n} series, ${response.unit}.`);
}

async function start(): Promise<void> {
  clearCards();
  syncControls();
  // A link's countries and indicator are checked first: an unknown one is left out and
  // named, and no request the API would refuse is made.
  if (linkNamesData(location.search)) {
    page.meta = await fetchMeta().catch(() => null);
    repairFromLink();
  }
  const firstView = refresh();
  try {
    // The chart first: the pickers' options, the source line and the date limits
    // wait until it is on screen (the requests themselves started in prefetch.ts).
    [page.meta] = await Promise.all([fetchMeta(), firstView.then(nextPaint)]);
  } catch (error) {
    showMessage(`Could not load the list of countries and indicators: ${String(error)}`);
    return;
  }
  offerChoices();
  showSource(page.meta);
  // The URL may name a country in lower case, or the indicator by its HDX name: settle on the data's.
  if (repairFromLink()) void refresh();
  syncControls();
  el.title.textContent = label();
}

function wirePage(): void {
  el.resetView.addEventListener('click', () => {
    page.problems = [];
    page.state = parseViewState('');
    window.history.pushState(null, '', location.pathname);
    void refresh();
  });
  window.addEventListener('popstate', () => {
    stopMap();
    page.problems = [];
    page.state = parseViewState(location.search);
    repairFromLink();
    void refresh();
  });
}

onStateChange(() => void refresh());
wireControls();
wireChartKeys();
wireExports();
wireShare();
wirePage();
void start();
