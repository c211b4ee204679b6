// Rows that repeat an (indicator, country, date): the later row wins.
// Identical repeats are dropped with one warning; conflicting ones are kept
// last with a warning naming both lines (WHO corrections are appended after
// the figures they correct), and the series gets a 'duplicate' quality note.
//
// Found series by series: each series' rows, sorted by day (a stable sort keeps them in line
// order), put repeats side by side, so no map of every (indicator, country, day) is built. What is
// kept about repeats is bounded whatever the file: counts, the dates of each series' conflicts (at
// most one per date of the series), and the lines of the first few; warnings are one per series,
// for the first WARNED_SERIES series, with long names shortened.

import { isoDate } from './dates.js';
import { shownValue } from './errors.js';
import type { ParsedSeries } from './parse-hdx-csv.js';

/** Lines named in the warning about identical repeats. */
const SHOWN_IDENTICAL = 5;
/** Replacements remembered (and named) per series. */
const SHOWN_PER_SERIES = 3;
/** Series with conflicting repeats that get a warning of their own; the rest are counted. */
const WARNED_SERIES = 10;

export interface Replacement {
  date: string;
  /** Lines of the earlier row and of the row that replaced it. */
  lines: [number, number];
  values: [number | null, number | null];
}

/** The rows of one indicator × country that gave a date another value than an earlier row. */
export interface SeriesConflicts {
  indicator: string;
  country: string;
  /** How many rows replaced an earlier value. */
  count: number;
  /** The dates concerned, each once, in date order. */
  dates: string[];
  /** The first few replacements, in line order. */
  first: Replacement[];
}

export interface DuplicateRows {
  /** Rows that repeat an earlier row exactly (and are ignored): how many, and the first lines. */
  identical: { count: number; lines: number[] };
  /** One entry per series with conflicting rows, in the order their first one appears. */
  conflicts: SeriesConflicts[];
}

/**
 * Each series in date order with one row per date (the last of its date), and what was dropped.
 * A series already in date order without repeats is returned as it is, without a copy.
 */
export function dropDuplicates(series: readonly ParsedSeries[]): {
  series: ParsedSeries[];
  duplicates: DuplicateRows;
} {
  const identical = { count: 0, lines: [] as number[] };
  const conflicts: SeriesConflicts[] = [];
  const kept = series.map((rows) => {
    const { days, values, lines } = rows;
    let ordered = true;
    for (let i = 1; i < days.length && ordered; i++) ordered = days[i]! > days[i - 1]!;
    if (ordered) return rows;
    // Sorted by day, then line: repeats of a date are side by side, the last one last.
    const order = Array.from(days, (_, i) => i).sort((a, b) => days[a]! - days[b]! || a - b);
    const out: ParsedSeries = {
      indicator: rows.indicator,
      country: rows.country,
      days: [],
      values: [],
      lines: [],
    };
    let conflict: SeriesConflicts | null = null;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const next = order[k + 1];
      if (next === undefined || days[next] !== days[i]) {
        out.days.push(days[i]!);
        out.values.push(values[i]!);
        out.lines.push(lines[i]!);
        continue;
      }
      // Row `next` replaces row `i`.
      if (values[next] === values[i]) {
        identical.count++;
        keepFirst(identical.lines, lines[next]!, SHOWN_IDENTICAL, (line) => line);
        continue;
      }
      conflict ??= { indicator: rows.indicator, country: rows.country, count: 0, dates: [], first: [] };
      const date = isoDate(days[i]!);
      conflict.count++;
      if (conflict.dates[conflict.dates.length - 1] !== date) conflict.dates.push(date);
      keepFirst<Replacement>(
        conflict.first,
        { date, lines: [lines[i]!, lines[next]!], values: [values[i]!, values[next]!] },
        SHOWN_PER_SERIES,
        (replacement) => replacement.lines[1],
      );
    }
    if (conflict) conflicts.push(conflict);
    return out;
  });
  conflicts.sort((a, b) => a.first[0]!.lines[1] - b.first[0]!.lines[1]);
  return { series: kept, duplicates: { identical, conflicts } };
}

/** Adds `item` to `list` (sorted by `lineOf`) when it is among the `most` first. */
function keepFirst<T>(list: T[], item: T, most: number, lineOf: (item: T) => number): void {
  const line = lineOf(item);
  if (list.length === most && line > lineOf(list[most - 1]!)) return;
  let at = list.length;
  while (at > 0 && lineOf(list[at - 1]!) > line) at--;
  list.splice(at, 0, item);
  if (list.length > most) list.pop();
}

export function duplicateWarnings(file: string, duplicates: DuplicateRows): string[] {
  const warnings: string[] = [];
  const { identical, conflicts } = duplicates;
  if (identical.count > 0) {
    const lines = identical.lines.map((line) => `${file}:${line}`);
    warnings.push(
      `${plural(identical.count, 'row')} ${identical.count === 1 ? 'repeats' : 'repeat'} an earlier row exactly (same indicator, country, date and value) and ${identical.count === 1 ? 'was' : 'were'} ignored: ${lines.join(', ')}${identical.count > lines.length ? ', …' : ''}`,
    );
  }
  for (const series of conflicts.slice(0, WARNED_SERIES)) {
    const [first, ...others] = series.first;
    const more = series.count - 1;
    const also =
      more === 0
        ? ''
        : `, and ${plural(more, 'more row')} of this series ${more === 1 ? 'replaces' : 'replace'} an earlier value (${others
            .map((r) => `${file}:${r.lines[1]}`)
            .join(', ')}${more > others.length ? `${others.length > 0 ? ', ' : ''}…` : ''})`;
    warnings.push(
      `${file}:${first!.lines[1]}: "${shownValue(series.indicator)}", ${shownValue(series.country)}, ${first!.date}: value ${show(first!.values[1])} replaces ${show(first!.values[0])} from line ${first!.lines[0]}${also} (for duplicate rows the later row wins)`,
    );
  }
  const unwarned = conflicts.slice(WARNED_SERIES);
  if (unwarned.length > 0) {
    const rows = unwarned.reduce((sum, series) => sum + series.count, 0);
    warnings.push(
      `… and ${plural(unwarned.length, 'more series')} with duplicate rows of different values (${plural(rows, 'row')}; the later row wins)`,
    );
  }
  return warnings;
}

function show(value: number | null): string {
  return value === null ? 'empty' : String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word.endsWith('series') ? '' : 's'}`;
}
