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

// Numbers and dates are formatted by hand, for English only, instead of with Intl: the
// first Intl formatter in a fresh renderer loads ICU's locale data, 50–90 ms of main
// thread before the first chart on a 2-core machine. The output is Intl's own for
// 'en' / 'en-GB' (test/web/chart-format.test.ts compares the two).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** `digits` decimals at most (half away from zero, trailing zeros dropped), thousands with commas. */
function fixed(v: number, digits: number): string {
  const abs = Math.abs(v);
  // Round the decimal the number prints as, like Intl (1.005 → 1.01; toFixed gives 1.00).
  const scaled = String(abs).includes('e') ? Number.NaN : Math.round(Number(`${abs}e${digits}`));
  const units = Number.isFinite(scaled)
    ? String(scaled).padStart(digits + 1, '0')
    : abs.toFixed(digits).replace('.', '');
  const whole = digits > 0 ? units.slice(0, -digits) : units;
  const kept = (digits > 0 ? units.slice(-digits) : '').replace(/0+$/, '');
  const text = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${kept ? `.${kept}` : ''}`;
  return v < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

export function formatValue(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const text = fixed(v, Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 2);
  return unit.includes('%') ? `${text}%` : text;
}

/** Largest first. */
const COMPACT: [number, string][] = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** An axis label: 950, 1.5K, 15K, 1.2M (one decimal at most). */
export function formatCompact(v: number): string {
  const abs = Math.abs(v);
  // The largest unit the value reaches; one up when rounding gets there (999.96 → 1K, as Intl).
  let i = COMPACT.findIndex(([size]) => abs >= size);
  if (i === -1) i = COMPACT.length;
  const sizeAt = (k: number) => COMPACT[k]?.[0] ?? 1;
  if (i > 0 && Number((abs / sizeAt(i)).toFixed(1)) >= 1000) i -= 1;
  const unit = COMPACT[i];
  return unit ? fixed(v / unit[0], 1) + unit[1] : fixed(v, 1);
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** "10 Mar 2015". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = utcDate(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** An axis label: "Mar 15" for March 2015. */
export function formatMonthYear(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
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
