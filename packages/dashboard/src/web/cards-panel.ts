// The summary cards for the current view: cumulative cases and deaths of its
// classification up to the end of its range, the crude CFR and the last report.
import { fetchMeta, fetchSeries } from './api-client.js';
import { countryName } from './i18n.js';
import { el } from './page-elements.js';
import { page } from './page-state.js';
import { renderCards, summarise } from './summary-cards.js';
import { classificationOf, summaryRequests } from './view-state.js';

function populationOf(country: string): number | null {
  return page.meta?.countries.find((c) => c.name === country)?.population?.value ?? null;
}

export function clearCards(): void {
  renderCards(el.cards, null);
}

/** Fills the cards unless a newer refresh (`isCurrent` false) has started meanwhile. */
export async function refreshCards(isCurrent: () => boolean): Promise<void> {
  const { state } = page;
  if (state.countries.length === 0) {
    clearCards();
    return;
  }
  try {
    const [casesRequest, deathsRequest] = summaryRequests(state);
    const [cases, deaths] = await Promise.all([fetchSeries(casesRequest), fetchSeries(deathsRequest)]);
    // Rates need the populations: wait for /api/meta (already asked by prefetch.js).
    if (state.per100k) page.meta ??= await fetchMeta();
    if (!isCurrent()) return;
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
    if (isCurrent()) clearCards();
  }
}
