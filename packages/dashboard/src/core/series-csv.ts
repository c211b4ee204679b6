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
  const lines = [SERIES_CSV_HEADER.join(',')];
  const indicator = field(r.indicator.id);
  const measure = field(r.measure);
  const unit = field(r.unit);
  for (const trace of r.series) {
    const country = field(trace.country);
    const revisions = new Set(trace.revisions);
    trace.dates.forEach((date, i) => {
      const value = trace.values[i];
      const shown = value === null || value === undefined ? '' : String(value);
      lines.push(`${country},${indicator},${measure},${unit},${date},${shown},${revisions.has(date)}`);
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}
