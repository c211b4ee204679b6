// A series answer as CSV (RFC 4180: CRLF line ends, fields with a comma, quote
// or line break are quoted and their quotes doubled). One row per point.

import type { SeriesResponse } from './api-types.js';

export const SERIES_CSV_HEADER = [
  'country',
  'indicator',
  'measure',
  'unit',
  'date',
  'value',
  'revision',
] as const;

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `revision` is "true" at dates where a cumulative count went down, else "false"; a missing value is empty. */
export function seriesToCsv(r: SeriesResponse): string {
  let out = `${SERIES_CSV_HEADER.join(',')}\r\n`;
  const rest = `${field(r.indicator.id)},${field(r.measure)},${field(r.unit)},`;
  for (const trace of r.series) {
    const prefix = `${field(trace.country)},${rest}`;
    const revisions = new Set(trace.revisions);
    const { dates, values } = trace;
    for (let i = 0; i < dates.length; i++) {
      const date = dates[i]!;
      const value = values[i];
      out += `${prefix}${date},${value === null || value === undefined ? '' : value},${revisions.has(date)}\r\n`;
    }
  }
  return out;
}
