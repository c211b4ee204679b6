// Turns the API's per-country columns into the aligned columns uPlot draws
// (one shared x axis of report dates), and formats numbers and dates. Pure: no DOM.
import type { SeriesTrace } from '../core/api-types.js';
import { currentLanguage } from './i18n.js';

export interface AlignedData {
  /** Report dates as Unix seconds (UTC midnight), ascending, the union over traces. */
  xs: number[];
  /** One column per trace, null where that country has no report on that date. */
  ys: (number | null)[][];
  /** Per trace: indexes into xs where the cumulative count went down (a WHO revision). */
  revisions: number[][];
  /** Per trace: how many values a log scale cannot show (zero or negative). */
  hiddenOnLog: number[];
  /** Per trace, on the same x: what weekly and Rt answers carry beside the value. */
  extras: TraceExtras[];
}

/** A trace's per-point extras aligned on the shared x (null where that trace has no point). */
export interface TraceExtras {
  week: (string | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  uncertain: boolean[];
  growthRate: (number | null)[];
  doublingTime: (number | null)[];
  halvingTime: (number | null)[];
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
  const extras = traces.map((t): TraceExtras => {
    const column = <T>(values: T[] | undefined, empty: T): T[] => {
      const out: T[] = new Array(dates.length).fill(empty);
      if (values) {
        t.dates.forEach((d, i) => {
          out[index.get(d)!] = values[i] ?? empty;
        });
      }
      return out;
    };
    return {
      week: column(t.weeks, null),
      lower: column(t.lower, null),
      upper: column(t.upper, null),
      uncertain: column(t.uncertain, false),
      growthRate: column(t.growthRate, null),
      doublingTime: column(t.doublingTime, null),
      halvingTime: column(t.halvingTime, null),
    };
  });
  return { xs: dates.map(isoToSeconds), ys, revisions, hiddenOnLog, extras };
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

// Numbers and dates are formatted by hand, in English or French, instead of with Intl:
// the first Intl formatter in a fresh renderer loads ICU's locale data, 50–90 ms of main
// thread before the first chart on a 2-core machine. The output is Intl's own for
// 'en' / 'en-GB' and 'fr' (test/web/chart-format.test.ts compares them).

const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
};

/** Thousands and decimal separators: "28,637.5" / "28 637,5" (a narrow no-break space, as Intl). */
const SEPARATORS = { en: [',', '.'], fr: ['\u202f', ','] } as const;

/** `digits` decimals at most (half away from zero, trailing zeros dropped), thousands grouped. */
function fixed(v: number, digits: number): string {
  const [group, point] = SEPARATORS[currentLanguage()];
  const abs = Math.abs(v);
  // Round the decimal the number prints as, like Intl (1.005 → 1.01; toFixed gives 1.00).
  const scaled = String(abs).includes('e') ? Number.NaN : Math.round(Number(`${abs}e${digits}`));
  const units = Number.isFinite(scaled)
    ? String(scaled).padStart(digits + 1, '0')
    : abs.toFixed(digits).replace('.', '');
  const whole = digits > 0 ? units.slice(0, -digits) : units;
  const kept = (digits > 0 ? units.slice(-digits) : '').replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const text = `${grouped}${kept ? `${point}${kept}` : ''}`;
  return v < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

export function formatValue(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const text = fixed(v, Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 2);
  if (!unit.includes('%')) return text;
  return currentLanguage() === 'fr' ? `${text}\u00a0%` : `${text}%`;
}

/** Largest first. */
const COMPACT: [number, { en: string; fr: string }][] = [
  [1e9, { en: 'B', fr: '\u00a0Md' }],
  [1e6, { en: 'M', fr: '\u00a0M' }],
  [1e3, { en: 'K', fr: '\u00a0k' }],
];

/** An axis label: 950, 1.5K, 15K, 1.2M (one decimal at most); French "1,5 k". */
export function formatCompact(v: number): string {
  const abs = Math.abs(v);
  // The largest unit the value reaches; one up when rounding gets there (999.96 → 1K, as Intl).
  let i = COMPACT.findIndex(([size]) => abs >= size);
  if (i === -1) i = COMPACT.length;
  const sizeAt = (k: number) => COMPACT[k]?.[0] ?? 1;
  if (i > 0 && Number((abs / sizeAt(i)).toFixed(1)) >= 1000) i -= 1;
  const unit = COMPACT[i];
  return unit ? fixed(v / unit[0], 1) + unit[1][currentLanguage()] : fixed(v, 1);
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** "10 Mar 2015" / "10 mars 2015". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = utcDate(iso);
  return `${d.getUTCDate()} ${MONTHS[currentLanguage()][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** An axis label: "Mar 15" for March 2015 ("mars 15"). */
export function formatMonthYear(seconds: number): string {
  const d = new Date(seconds * 1000);
  const month = MONTHS[currentLanguage()][d.getUTCMonth()];
  return `${month} ${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

const DAY_SECONDS = 86_400;

/** Tick steps of the date axis: days and weeks, months, years (never hours). */
export const DATE_TICK_STEPS = [1, 2, 3, 7, 14, 30, 60, 90, 120, 180, 365, 730].map(
  (days) => days * DAY_SECONDS,
);

/**
 * Labels of the date axis for ticks `step` seconds apart, each different from the others:
 * days ("14 Apr", with the year at the first tick and each new year), months ("Apr 15"),
 * or years ("2015").
 */
export function formatDateTicks(ticks: number[], step: number): string[] {
  const months = MONTHS[currentLanguage()];
  let year: number | null = null;
  return ticks.map((s) => {
    const d = new Date(s * 1000);
    if (step >= 365 * DAY_SECONDS) return String(d.getUTCFullYear());
    if (step >= 28 * DAY_SECONDS) return formatMonthYear(s);
    const label = `${d.getUTCDate()} ${months[d.getUTCMonth()]}`;
    const newYear = d.getUTCFullYear() !== year;
    year = d.getUTCFullYear();
    return newYear ? `${label} ${year}` : label;
  });
}

/**
 * An Rt point in words: "1.61 (1.54–1.69)", then the growth of weekly incidence:
 * "growth −44.3 %/day, halving in 1.6 days". Blank parts where the API has none.
 */
export function formatRtPoint(extras: TraceExtras | undefined, i: number, value: number | null): string {
  if (value === null) return '–';
  const lower = extras?.lower[i];
  const upper = extras?.upper[i];
  const interval =
    lower !== null && lower !== undefined && upper !== null && upper !== undefined
      ? ` (${formatValue(lower)}–${formatValue(upper)})`
      : '';
  return `${formatValue(value)}${interval}${extras?.uncertain[i] ? ' uncertain' : ''}`;
}

/** The growth of weekly incidence at a point: "+15.7 %/day, doubling in 4.4 days"; '' when undefined. */
export function formatGrowth(extras: TraceExtras | undefined, i: number): string {
  const r = extras?.growthRate[i];
  if (r === null || r === undefined) return '';
  const sign = r > 0 ? '+' : '';
  const doubling = extras?.doublingTime[i];
  const halving = extras?.halvingTime[i];
  const time =
    doubling !== null && doubling !== undefined
      ? `, doubling in ${formatValue(doubling)} days`
      : halving !== null && halving !== undefined
        ? `, halving in ${formatValue(halving)} days`
        : '';
  return `${sign}${formatValue(r * 100)} %/day${time}`;
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
