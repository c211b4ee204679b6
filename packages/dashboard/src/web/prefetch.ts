// The first view's API requests, started as soon as this small module arrives, while
// the main bundle (uPlot and the controls) is still downloading and compiling. Both
// entries share one api-client module, so main.ts finds these requests in its cache
// instead of asking again. (An inline script or a per-URL preload header would do the
// same, but CSP forbids inline scripts and index.html is one static file.)
import { fetchMeta, fetchSeries } from './api-client.js';
import { chartRequest, parseViewState, summaryRequests } from './view-state.js';

const view = parseViewState(location.search);
if (view.countries.length > 0) {
  void fetchSeries(chartRequest(view)).catch(() => {});
  for (const request of summaryRequests(view)) void fetchSeries(request).catch(() => {});
}
void fetchMeta().catch(() => {});
