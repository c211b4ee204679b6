// The Map tab: its code is loaded when first opened; it shows every country at one
// report date, which is the state's `date` (kept in the URL), chosen on the timeline.
import { fetchSeries } from './api-client.js';
import { formatDate } from './chart-data.js';
import { t } from './i18n.js';
import type { OutbreakMap } from './map-view.js';
import { el } from './page-elements.js';
import { addProblems } from './page-messages.js';
import { label, page, pageUrl } from './page-state.js';
import { onMapDate, timeline } from './timeline-panel.js';
import { chartRequest } from './view-state.js';

let map: OutbreakMap | null = null;

onMapDate((date) => {
  map?.paint(date);
  page.state = { ...page.state, date };
  window.history.replaceState(null, '', pageUrl());
});

/** The date the map shows (null before it was first drawn). */
export function mapDate(): string | null {
  return map ? (el.map.dataset['date'] ?? null) : null;
}

export function stopMap(): void {
  timeline.stop();
}

/** Draws the map unless a newer refresh (`isCurrent` false) has started meanwhile. */
export async function refreshMap(isCurrent: () => boolean): Promise<void> {
  const [{ OutbreakMap }, response] = await Promise.all([
    import('./map-view.js'),
    fetchSeries({ ...chartRequest(page.state), countries: [], from: null, to: null, merge: true }),
  ]);
  if (!isCurrent()) return;
  page.mapShown = response;
  map ??= new OutbreakMap(el.map);
  const { state } = page;
  const asked = state.date ?? state.to;
  const at = map.render(response, asked, label(response));
  timeline.show({ mode: 'date', stops: map.dates, date: at });
  // A date between two reports shows the report before it; the URL and the reader are told.
  if (state.date && at !== state.date) {
    page.state = { ...state, date: at };
    window.history.replaceState(null, '', pageUrl());
    if (at) addProblems(t().problemDateSnapped(formatDate(state.date), formatDate(at)));
  }
}
