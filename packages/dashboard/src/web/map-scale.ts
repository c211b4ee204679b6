// The map's colour classes: "0" on its own, then classes that grow ten-fold (or 1-3-10
// when that gives too few) for counts and rates, equal steps for percentages. Every class
// is labelled in the legend. Pure: no DOM.
import type { SeriesTrace } from '../core/api-types.js';
import { formatValue } from './chart-data.js';

/** A non-cumulative value older than this is "no recent report", not carried forward. */
const STALE_DAYS = 14;

/** ColorBrewer OrRd: the first colour is kept for "0", the others for the classes above it. */
export const MAP_RAMP = ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'];
const MAX_CLASSES = MAP_RAMP.length - 1;

export interface MapClass {
  /** Inclusive lower bound (the "0" class: 0 and below). */
  from: number;
  /** Exclusive upper bound (Infinity for the last class). */
  to: number;
  colour: string;
  label: string;
}

export interface MapScale {
  log: boolean;
  classes: MapClass[];
}

function rangeLabel(from: number, to: number, unit: string, integers: boolean): string {
  if (integers && Number.isInteger(from) && Number.isInteger(to) && to - from > 1) {
    return `${formatValue(from, unit)}–${formatValue(to - 1, unit)}`;
  }
  return `${formatValue(from, unit)}–${formatValue(to, unit)}`;
}

/** Classes for values up to `max` (smallest positive value `minPositive`). */
export function mapScale(minPositive: number, max: number, unit: string, integers: boolean): MapScale {
  const zero: MapClass = {
    from: Number.NEGATIVE_INFINITY,
    to: Number.MIN_VALUE,
    colour: MAP_RAMP[0]!,
    label: formatValue(0, unit),
  };
  if (!(max > 0)) return { log: false, classes: [zero] };
  if (unit.includes('%')) {
    const top = max <= 50 ? Math.ceil(max / 10) * 10 : 100;
    const step = top / MAX_CLASSES;
    const classes = Array.from({ length: MAX_CLASSES }, (_, i) => ({
      from: i === 0 ? Number.MIN_VALUE : i * step,
      to: i === MAX_CLASSES - 1 ? Number.POSITIVE_INFINITY : (i + 1) * step,
      colour: MAP_RAMP[i + 1]!,
      label: rangeLabel(i * step, (i + 1) * step, unit, false),
    }));
    return { log: false, classes: [zero, ...classes] };
  }
  const start = integers ? 1 : 10 ** Math.floor(Math.log10(Math.min(minPositive, max)));
  const bounds = (factors: number[]) => {
    const out: number[] = [];
    for (let decade = start; out.length === 0 || out[out.length - 1]! <= max; decade *= 10) {
      for (const f of factors) out.push(Number((decade * f).toPrecision(6)));
    }
    return out;
  };
  let edges = bounds([1]);
  if (edges.length - 1 < 4) edges = bounds([1, 3]);
  // Never more classes than colours: merge the lowest ones.
  while (edges.length - 1 > MAX_CLASSES) edges.splice(1, 1);
  const classes = edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1]!;
    return {
      from: i === 0 ? Number.MIN_VALUE : from,
      to: i === edges.length - 2 ? Number.POSITIVE_INFINITY : to,
      colour: MAP_RAMP[Math.round(1 + (i * (MAX_CLASSES - 1)) / Math.max(1, edges.length - 2))]!,
      label: rangeLabel(from, to, unit, integers),
    };
  });
  return { log: true, classes: [zero, ...classes] };
}

/** The class a value falls in. */
export function classOf(scale: MapScale, value: number): MapClass {
  return (
    scale.classes.find((c) => value >= c.from && value < c.to) ?? scale.classes[scale.classes.length - 1]!
  );
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

/** The value shown for a country at a date. Cumulative counts carry forward; rates do not. */
export function valueAt(trace: SeriesTrace | undefined, date: string, cumulative: boolean) {
  if (!trace) return null;
  for (let i = trace.dates.length - 1; i >= 0; i--) {
    const d = trace.dates[i]!;
    const v = trace.values[i];
    if (d > date || v === null || v === undefined) continue;
    if (!cumulative && daysBetween(d, date) > STALE_DAYS) return null;
    return { date: d, value: v };
  }
  return null;
}

/** The report date shown for a wanted date: the last on or before it, else the first; null = the last. */
export function reportOnOrBefore(dates: string[], wanted: string | null): string | null {
  if (dates.length === 0) return null;
  if (wanted === null) return dates[dates.length - 1]!;
  let found: string | null = null;
  for (const d of dates) {
    if (d > wanted) break;
    found = d;
  }
  return found ?? dates[0]!;
}
