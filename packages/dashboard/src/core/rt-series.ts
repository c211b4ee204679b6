// measure=rt: Rt, its credible interval and the growth rate of a weekly trace
// (epi weeks), with the notes that say what was done to the numbers. Computed on
// first use per (weekly trace, window) and kept with the trace: the dataset is
// immutable, so they never go stale.

import type { SeriesTrace } from './api-types.js';
import type { PreparedTrace } from './dataset.js';
import { roundDerived } from './derived-series.js';
import { RT_METHOD, RT_PARAMETERS } from './measures.js';
import { noteList } from './quality-notes.js';
import { doublingTime, estimateRt } from './reproduction-number.js';

/** An Rt trace on the weekly trace's dates (the answer's fields): everything but the dates is per window. */
export type RtTrace = Pick<SeriesTrace, 'values' | 'notes'> &
  Required<
    Pick<SeriesTrace, 'lower' | 'upper' | 'uncertain' | 'growthRate' | 'doublingTime' | 'halvingTime'>
  >;

/** The series a note is about. */
type NoteSubject = { country: string; indicatorId: string };

const cache = new WeakMap<PreparedTrace, Map<number, RtTrace>>();

// Rt and its interval keep 9 significant digits (checked against EpiEstim to 1e-6).
const precise = (x: number | null) => (x === null ? null : Number(x.toPrecision(9)));
const rounded = (x: number | null) => (x === null ? null : roundDerived(x));

export function rtTrace(weekly: PreparedTrace, window: number, context: NoteSubject): RtTrace {
  let byWindow = cache.get(weekly);
  if (!byWindow) {
    byWindow = new Map();
    cache.set(weekly, byWindow);
  }
  let trace = byWindow.get(window);
  if (!trace) {
    trace = computeRtTrace(weekly, window, context);
    byWindow.set(window, trace);
  }
  return trace;
}

function computeRtTrace(weekly: PreparedTrace, window: number, context: NoteSubject): RtTrace {
  const { serialInterval: si, prior, quantiles, uncertainAboveCv } = RT_PARAMETERS;
  // The first week has no incidence (no earlier week end): the estimate starts at the second.
  const incidence = weekly.values.slice(1).map((v) => Math.max(0, v ?? 0));
  const estimate = estimateRt(incidence, {
    window,
    siMean: si.meanWeeks,
    siSd: si.sdWeeks,
    priorMean: prior.mean,
    priorSd: prior.sd,
    quantiles,
  });
  const onGrid = <T>(values: T[], missing: T) => (weekly.values.length === 0 ? [] : [missing, ...values]);
  const growthPerDay = estimate.growth.map((r) => (r === null ? null : r / 7));
  const { notes, note } = noteList(context);
  note('method', RT_METHOD);
  const first = estimate.mean.findIndex((m) => m !== null);
  if (weekly.values.length > 0) {
    const why = `the first week has no incidence (no earlier week end), the second counts as imported cases, and a ${window}-week window starts after it and ends after the mean serial interval (${si.meanWeeks.toFixed(1)} weeks)`;
    note(
      'sparse',
      first === -1
        ? `no Rt: only ${weekly.values.length === 1 ? '1 week' : `${weekly.values.length} weeks`} of data; ${why}`
        : `no Rt before the week ending ${weekly.dates[first + 1]}: ${why}`,
    );
  }
  const negative = weekly.revisions;
  if (negative.length > 0) {
    note(
      'revision',
      `${negative.length === 1 ? '1 week' : `${negative.length} weeks`} with a negative count (WHO revisions) ${negative.length === 1 ? 'counts' : 'count'} as 0 for Rt`,
      negative,
    );
  }
  // Windows without a case: the posterior has the prior's shape; say so rather than let a
  // reader take a faded "Rt = 4" after months without cases for a measurement.
  const caseless = estimate.mean.flatMap((m, t) =>
    m !== null && incidence.slice(t - window + 1, t + 1).every((x) => x === 0) ? [weekly.dates[t + 1]!] : [],
  );
  if (caseless.length > 0) {
    note(
      'sparse',
      `${caseless.length === 1 ? '1 window has' : `${caseless.length} windows have`} no case: there Rt comes from the prior (mean ${prior.mean}) and the infectivity of earlier cases alone, near 0 soon after cases and back towards ${prior.mean} as they age; not a measurement (marked uncertain)`,
      caseless,
    );
  }
  notes.push(...weekly.notes.filter((n) => n.kind !== 'revision'));
  return {
    values: onGrid(estimate.mean.map(precise), null),
    lower: onGrid(estimate.lower.map(precise), null),
    upper: onGrid(estimate.upper.map(precise), null),
    uncertain: onGrid(
      estimate.cv.map((cv) => cv !== null && cv > uncertainAboveCv),
      false,
    ),
    growthRate: onGrid(growthPerDay.map(rounded), null),
    doublingTime: onGrid(
      growthPerDay.map((r) => rounded(doublingTime(r, 1))),
      null,
    ),
    halvingTime: onGrid(
      growthPerDay.map((r) => rounded(doublingTime(r, -1))),
      null,
    ),
    notes,
  };
}
