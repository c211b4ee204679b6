// The first view's API requests, started as soon as this small module arrives, while
// the main bundle (uPlot and the controls) is still downloading and compiling. Both
// entries share one api-client module, so main.ts finds these requests in its cache
// instead of asking again. (An inline script or a per-URL preload header would do the
// same, but CSP forbids inline scripts and index.html is one static file.)
import { fetchMeta, fetchSeries } from './api-client.js';
import { chartRequest, linkNamesData, parseViewState, summaryRequests } from './view-state.js';

const view = parseViewState(location.search);
// A link that names countries or an indicator waits for main.ts to check them against /api/meta.
if (view.countries.length > 0 && !linkNamesData(location.search)) {
  void fetchSeries(chartRequest(view)).catch(() => {});
  for (const request of summaryRequests(view)) void fetchSeries(request).catch(() => {});
}
void fetchMeta().catch(() => {});
