// Turns the API's per-country columns into the aligned columns uPlot draws
// (one shared x axis of report dates), and formats numbers and dates. Pure: no DOM.
import type { SeriesTrace } from '../core/api-types.js';

export interface AlignedData {
  /** Report dates as Unix seconds (UTC midnight), ascending, the union over traces. */
  xs: number[];
  /** One column per trace, null where that country has no report on that date. */
  ys: (number | null)[][];
  /** Per trace: indexes into xs where the cumulative count went down (a WHO revision). */
  revisions: number[][];
  /** Per trace: how many values a log scale cannot show (zero or negative). */
  hiddenOnLog: number[];
}

export function isoToSeconds(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 1000;
}

export function secondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export function alignTraces(traces: SeriesTrace[], log: boolean): AlignedData {
  const all = new Set<string>();
  for (const t of traces) for (const d of t.dates) all.add(d);
  const dates = [...all].sort();
  const index = new Map(dates.map((d, i) => [d, i]));
  const hiddenOnLog = traces.map(() => 0);
  const ys = traces.map((t, ti) => {
    const column: (number | null)[] = new Array(dates.length).fill(null);
    t.dates.forEach((d, i) => {
      const v = t.values[i] ?? null;
      if (v !== null && log && v <= 0) {
        hiddenOnLog[ti] = (hiddenOnLog[ti] ?? 0) + 1;
        return;
      }
      column[index.get(d)!] = v;
    });
    return column;
  });
  const revisions = traces.map((t) =>
    t.revisions.map((d) => index.get(d)).filter((i): i is number => i !== undefined),
  );
  return { xs: dates.map(isoToSeconds), ys, revisions, hiddenOnLog };
}

/** Okabe–Ito (colour-blind safe) then a few more: fixed per country so colours do not jump. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8C564B',
  '#7F7F7F',
  '#BCBD22',
  '#1F3A93',
  '#9B2335',
  '#2E8B57',
];

/** The outbreak's countries in a fixed order, so each keeps its colour in every view. */
const COUNTRY_ORDER = [
  'Guinea',
  'Liberia',
  'Sierra Leone',
  'Nigeria',
  'Senegal',
  'Mali',
  'Spain',
  'Italy',
  'United Kingdom',
  'United States of America',
  'Liberia 2',
  'Guinea 2',
];

export function countryColour(country: string): string {
  const i = COUNTRY_ORDER.indexOf(country);
  const at = i >= 0 ? i : [...country].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  return PALETTE[at % PALETTE.length]!;
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatValue(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const text = Math.abs(v) >= 100 || Number.isInteger(v) ? integer.format(v) : decimal.format(v);
  return unit.includes('%') ? `${text}%` : text;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  return longDate.format(new Date(`${iso}T00:00:00Z`));
}

/** The last non-null value of a trace at or before `at` (ISO), with its date. */
export function lastValue(
  trace: SeriesTrace,
  at: string | null = null,
): { date: string; value: number } | null {
  for (let i = trace.dates.length - 1; i >= 0; i--) {
    const d = trace.dates[i]!;
    const v = trace.values[i];
    if (at !== null && d > at) continue;
    if (v !== null && v !== undefined) return { date: d, value: v };
  }
  return null;
}
