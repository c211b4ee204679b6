// The /api/meta answer: built once by buildDataset, handed out as is.

import type { MetaResponse } from './api-types.js';
import type { Dataset } from './dataset.js';

/** Countries, indicators (id, HDX name, facets, row count), date range, source, loaded-at, notes, warnings. */
export function describeMeta(ds: Dataset): MetaResponse {
  return ds.meta;
}
