// The two text tabs: the Table (built only when shown: hundreds of rows are not worth
// building unseen) and Sources & notes (its code loaded when first opened).
import type { SeriesResponse } from '../core/api-types.js';
import { fetchMeta } from './api-client.js';
import { el } from './page-elements.js';
import { page } from './page-state.js';
import { SeriesTable } from './series-table.js';

const table = new SeriesTable(el.table);

export function showTable(response: SeriesResponse, title: string): void {
  table.render(response, title);
}

export async function showSources(response: SeriesResponse): Promise<void> {
  const { renderSources } = await import('./sources-view.js');
  page.meta ??= await fetchMeta().catch(() => null);
  if (page.shown === response) renderSources(el.sources, page.meta, response, location.href);
}
