// Data-quality notes for one series: what a reader should know before trusting
// a chart of it. Thresholds are named so the README can quote them.

import type { IndicatorFacets, QualityNote } from './api-types.js';
import { isoDate } from './dates.js';
import { type Points, revisionIndexes } from './derived-series.js';
import type { SeriesConflicts } from './duplicate-rows.js';
import type { Copies, EpiWeeks } from './epi-weeks.js';

/** A run of at least this many consecutive reports with the same value is noted as copied forward. */
export const COPIED_FORWARD_MIN_REPORTS = 20;
/** A gap of more than this many days between two reports of a series is noted. */
export const GAP_MIN_DAYS = 21;
/** A series with fewer reports than this share of the file's report dates is noted as sparse. */
export const SPARSE_SHARE = 0.1;

export interface NoteContext {
  indicatorId: string;
  country: string;
  facets: IndicatorFacets | null;
  /** Number of distinct report dates in the whole file. */
  reportDates: number;
  /** For a flare-up series such as "Liberia 2": its parent country. */
  parent: string | null;
  /** Rows of the series that gave a date another value (the later row was used). */
  conflicts: SeriesConflicts | null;
}

// Made on first use: creating a NumberFormat loads ICU data (~20 ms), which a start that reads
// a prepared dataset never needs.
let numberFormat: Intl.NumberFormat | undefined;
const count = {
  format(n: number): string {
    numberFormat ??= new Intl.NumberFormat('en-US');
    return numberFormat.format(n);
  },
};

/** A list of notes about one series, and the function that adds one. */
export function noteList(series: { country: string; indicatorId: string }) {
  const notes: QualityNote[] = [];
  const note = (kind: QualityNote['kind'], message: string, dates?: string[]) => {
    notes.push({
      kind,
      country: series.country,
      indicatorId: series.indicatorId,
      message,
      ...(dates ? { dates } : {}),
    });
  };
  return { notes, note };
}

export function seriesNotes(points: Points, ctx: NoteContext): QualityNote[] {
  const { notes, note } = noteList(ctx);
  const { days, values } = points;

  if (ctx.facets?.measure === 'cumulative') {
    const down = revisionIndexes(values);
    if (down.length > 0) {
      const biggest = down.reduce((a, b) => (drop(values, b) > drop(values, a) ? b : a));
      const before = previousValue(values, biggest)!;
      note(
        'revision',
        `cumulative count went down ${times(down.length)} (WHO revised earlier figures), e.g. ${count.format(before)} → ${count.format(values[biggest]!)} on ${isoDate(days[biggest]!)}`,
        down.map((i) => isoDate(days[i]!)),
      );
    }
  }

  for (const run of identicalRuns(values)) {
    if (run.length < COPIED_FORWARD_MIN_REPORTS) continue;
    const from = isoDate(days[run.start]!);
    const to = isoDate(days[run.start + run.length - 1]!);
    note(
      'copied-forward',
      `the same value (${count.format(values[run.start]!)}) was reported ${run.length} times in a row from ${from} to ${to}: likely copied forward, no new information`,
      [from, to],
    );
  }

  const reported = values.filter((v) => v !== null).length;
  if (reported < Math.max(2, Math.ceil(ctx.reportDates * SPARSE_SHARE))) {
    note(
      'sparse',
      `only ${reported} report${reported === 1 ? '' : 's'} (the file has ${ctx.reportDates} report dates)`,
    );
  }

  for (let i = 1; i < days.length; i++) {
    const gap = days[i]! - days[i - 1]!;
    if (gap > GAP_MIN_DAYS) {
      const from = isoDate(days[i - 1]!);
      const to = isoDate(days[i]!);
      note('gap', `no report for ${gap} days, from ${from} to ${to}`, [from, to]);
    }
  }

  if (ctx.parent !== null) {
    note(
      'flare-up',
      `"${ctx.country}" is a flare-up reported separately from ${ctx.parent} (first report ${isoDate(days[0]!)}); merge it into ${ctx.parent} with mergeFlareUps`,
    );
  }

  if (ctx.conflicts !== null && ctx.conflicts.count > 0) {
    note(
      'duplicate',
      `${times(ctx.conflicts.count)} the file gave two values for one date; the later row was used`,
      ctx.conflicts.dates,
    );
  }
  return notes;
}

function previousValue(values: readonly (number | null)[], i: number): number | null {
  for (let j = i - 1; j >= 0; j--) if (values[j] !== null) return values[j]!;
  return null;
}

function drop(values: readonly (number | null)[], i: number): number {
  return (previousValue(values, i) ?? 0) - values[i]!;
}

/** Runs of equal consecutive reported values (missing values break a run). */
function identicalRuns(values: readonly (number | null)[]): { start: number; length: number }[] {
  const runs: { start: number; length: number }[] = [];
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i === values.length || values[i] === null || values[i] !== values[start]) {
      if (values[start] !== null && values[start] !== undefined) runs.push({ start, length: i - start });
      start = i;
    }
  }
  return runs;
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/**
 * Notes of a weekly series (epiWeekIncidence): copies of the previous value
 * (stale), negative weeks (revisions), weeks without a report and a last week
 * that the data does not reach to its Sunday.
 */
export function weeklyNotes(
  weekly: EpiWeeks,
  copies: Copies,
  lastReportDay: number | null,
  ctx: { country: string; indicatorId: string },
): QualityNote[] {
  const { notes, note } = noteList(ctx);
  const sunday = (i: number) => isoDate(weekly.days[i]!);

  if (copies.longest !== null) {
    const { length, from, to } = copies.longest;
    note(
      'stale',
      `${count.format(copies.count)} of ${count.format(copies.reports)} reports repeat the previous value: copies of the last report, not new reports, so they add nothing to any week (longest run: ${length} ${length === 1 ? 'copy' : 'copies'} ${length === 1 ? 'on' : 'from'} ${isoDate(from)}${length === 1 ? '' : ` to ${isoDate(to)}`})`,
      [isoDate(from), isoDate(to)],
    );
  }
  if (weekly.negative.length > 0) {
    const worst = weekly.negative.reduce((a, b) => (weekly.values[b]! < weekly.values[a]! ? b : a));
    note(
      'revision',
      `${weekly.negative.length === 1 ? '1 week is' : `${weekly.negative.length} weeks are`} negative because WHO revised the cumulative count down, e.g. ${count.format(weekly.values[worst]!)} in the week ending ${sunday(worst)}; clamp shows them as 0`,
      weekly.negative.map(sunday),
    );
  }
  if (weekly.unreported.length > 0) {
    note(
      'gap',
      `${weekly.unreported.length === 1 ? '1 week has' : `${weekly.unreported.length} weeks have`} no report (e.g. the week ending ${sunday(weekly.unreported[0]!)}): ${weekly.unreported.length === 1 ? 'it counts' : 'they count'} 0 and ${weekly.unreported.length === 1 ? 'its' : 'their'} cases are in the next week with a report`,
      weekly.unreported.map(sunday),
    );
  }
  const lastSunday = weekly.days.at(-1);
  if (lastReportDay !== null && lastSunday !== undefined && lastReportDay < lastSunday) {
    note(
      'gap',
      `the last week, ending ${isoDate(lastSunday)}, counts the reports up to ${isoDate(lastReportDay)} only (the data ends there)`,
      [isoDate(lastSunday)],
    );
  }
  return notes;
}
