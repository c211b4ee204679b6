// A series answer as CSV (RFC 4180: CRLF line ends, fields with a comma, quote
// or line break are quoted and their quotes doubled). One row per point.
//
// Weekly and Rt answers say how they were computed before the header row, in
// lines starting with "# " (R: read.csv(comment.char = "#"); pandas: comment="#"),
// and carry their extra columns: the ISO week, and for Rt the credible interval,
// the uncertain flag, the growth rate and the doubling or halving time.

import type { SeriesResponse, SeriesTrace } from './api-types.js';

export const SERIES_CSV_HEADER = [
  'country',
  'indicator',
  'measure',
  'unit',
  'date',
  'value',
  'revision',
] as const;

/** Columns after `date` of weekly and rt answers. */
export const WEEK_COLUMN = 'iso_week';
/** Columns after `revision` of rt answers, each read from the trace field of the same place. */
export const RT_CSV_COLUMNS = [
  ['lower', 'lower'],
  ['upper', 'upper'],
  ['uncertain', 'uncertain'],
  ['growth_rate_per_day', 'growthRate'],
  ['doubling_time_days', 'doublingTime'],
  ['halving_time_days', 'halvingTime'],
] as const satisfies readonly (readonly [string, keyof SeriesTrace])[];

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** `revision` is "true" at dates where a cumulative count went down, else "false"; a missing value is empty. */
export function seriesToCsv(r: SeriesResponse): string {
  const weekly = r.measure === 'weekly' || r.measure === 'rt';
  const rt = r.measure === 'rt';
  const header: string[] = [...SERIES_CSV_HEADER];
  if (weekly) header.splice(header.indexOf('date') + 1, 0, WEEK_COLUMN);
  if (rt) header.push(...RT_CSV_COLUMNS.map(([column]) => column));
  let out = preamble(r) + `${header.join(',')}\r\n`;
  const rest = `${field(r.indicator.id)},${field(r.measure)},${field(r.unit)},`;
  for (const trace of r.series) {
    const prefix = `${field(trace.country)},${rest}`;
    const revisions = new Set(trace.revisions);
    const { dates, values } = trace;
    for (let i = 0; i < dates.length; i++) {
      const date = dates[i]!;
      const week = weekly ? `${cell(trace.weeks?.[i])},` : '';
      let line = `${prefix}${date},${week}${cell(values[i])},${revisions.has(date)}`;
      if (rt)
        for (const [, key] of RT_CSV_COLUMNS) line += `,${cell((trace[key] as unknown[] | undefined)?.[i])}`;
      out += `${line}\r\n`;
    }
  }
  return out;
}

/** "# " lines: the method in plain words and, for Rt, the parameters used. */
function preamble(r: SeriesResponse): string {
  if (r.method === undefined) return '';
  const lines = [`# ${r.measure}: ${r.method}`];
  if (r.rt) {
    const { window, serialInterval: si, prior, quantiles } = r.rt;
    lines.push(
      `# parameters: window ${window} weeks; serial interval gamma mean ${si.meanDays} d, SD ${si.sdDays} d; prior gamma mean ${prior.mean}, SD ${prior.sd}; lower/upper = ${quantiles[0] * 100} %/${quantiles[1] * 100} % posterior quantiles`,
      `# growth rate: ${r.rt.growthRate}`,
    );
  }
  return lines.map((line) => `${line.replace(/[\r\n]+/g, ' ')}\r\n`).join('');
}
