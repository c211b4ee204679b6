// Weekly incidence on ISO epi weeks (Monday to Sunday, the unit of WHO's
// situation reports) from a cumulative series reported on irregular dates.
//
// Rules, each tested in test/core/epi-weeks.test.ts:
// - The cumulative count at the end of a week is the last value reported on or
//   before its Sunday; a week's incidence is the difference between consecutive
//   week ends; each point is dated by its Sunday and labelled "2015-W16".
// - The grid runs from the week of the first report to the week of the last one.
//   The first week has no earlier week end, so its incidence is null.
// - A report that repeats the previous value is a copy (HDX copies the last
//   situation-report figure forward): it changes nothing. A week without any
//   report keeps the previous week's end, so it counts 0, and the cases of those
//   weeks fall in the next week with a report (listed, so a note can say so).
// - A week whose end is below the previous one (a WHO revision) stays negative.

import { type Points, roundDerived } from './derived-series.js';

export interface EpiWeeks {
  /** The Sunday of each week (day number), ascending, one per week with no holes. */
  days: number[];
  /** ISO week label of each week, e.g. "2015-W16". */
  weeks: string[];
  /** New per week; null for the first week. */
  values: (number | null)[];
  /** Indexes of weeks with a negative incidence (revisions). */
  negative: number[];
  /** Indexes of weeks (after the first) with no report at all. */
  unreported: number[];
}

export interface Copies {
  /** Reports that repeat the previous reported value. */
  count: number;
  /** Reported (non-null) values. */
  reports: number;
  /** The longest run of consecutive copies: its length and first and last day; null when there are none. */
  longest: { length: number; from: number; to: number } | null;
}

// Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (day + 3) mod 7.
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The Sunday that ends the ISO week of `day`. */
export function weekEnding(day: number): number {
  return day + 6 - weekday(day);
}

/** ISO 8601 week label ("2015-W16"): the year is the one of the week's Thursday. */
export function isoWeekLabel(day: number): string {
  const thursday = day - weekday(day) + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / 86_400_000) / 7) + 1;
  return `${year}-W${week < 10 ? '0' : ''}${week}`;
}

export function epiWeekIncidence(points: Points): EpiWeeks {
  const reported: { day: number; value: number }[] = [];
  points.days.forEach((day, i) => {
    const value = points.values[i];
    if (value !== null && value !== undefined) reported.push({ day, value });
  });
  const result: EpiWeeks = { days: [], weeks: [], values: [], negative: [], unreported: [] };
  if (reported.length === 0) return result;
  const last = weekEnding(reported[reported.length - 1]!.day);
  let next = 0;
  let previousEnd: number | null = null;
  for (let sunday = weekEnding(reported[0]!.day); sunday <= last; sunday += 7) {
    let end: number | null = previousEnd;
    let anyReport = false;
    while (next < reported.length && reported[next]!.day <= sunday) {
      end = reported[next]!.value;
      anyReport = true;
      next++;
    }
    const index = result.days.length;
    const value = previousEnd === null ? null : roundDerived(end! - previousEnd);
    result.days.push(sunday);
    result.weeks.push(isoWeekLabel(sunday));
    result.values.push(value);
    if (value !== null && value < 0) result.negative.push(index);
    if (!anyReport) result.unreported.push(index);
    previousEnd = end;
  }
  return result;
}

/** Copies among the reports of a series: reports that repeat the previous reported value. */
export function countCopies(points: Points): Copies {
  let count = 0;
  let reports = 0;
  let previous: number | null = null;
  let run = 0;
  let runStart = 0;
  let longest: Copies['longest'] = null;
  points.days.forEach((day, i) => {
    const value = points.values[i];
    if (value === null || value === undefined) return;
    reports++;
    if (previous !== null && value === previous) {
      count++;
      if (run === 0) runStart = day;
      run++;
      if (longest === null || run > longest.length) longest = { length: run, from: runStart, to: day };
    } else {
      run = 0;
    }
    previous = value;
  });
  return { count, reports, longest };
}
