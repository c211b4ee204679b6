import { describe, expect, it } from 'vitest';
import {
  countCopies,
  epiWeekIncidence,
  isoDate,
  isoWeekLabel,
  readDate,
  weekEnding,
  weeklyNotes,
} from '../../src/core/index.js';

const day = (iso: string) => readDate(iso, 'iso')!;
const reports = (rows: [string, number | null][]) => ({
  days: rows.map(([d]) => day(d)),
  values: rows.map(([, v]) => v),
});
/** [Sunday, ISO week, incidence] of each week. */
const weeksOf = (rows: [string, number | null][]) => {
  const w = epiWeekIncidence(reports(rows));
  return w.days.map((d, i) => [isoDate(d), w.weeks[i], w.values[i]]);
};

describe('weekEnding and isoWeekLabel', () => {
  it.each([
    // Monday, Sunday and the days between all end on the same Sunday.
    ['2015-04-13', '2015-04-19', '2015-W16'],
    ['2015-04-19', '2015-04-19', '2015-W16'],
    ['2015-04-20', '2015-04-26', '2015-W17'],
    // ISO years: 2014-12-29 (Monday) is in 2015-W01; 2016-01-03 (Sunday) in 2015-W53; 2010-01-03 in 2009-W53.
    ['2014-12-29', '2015-01-04', '2015-W01'],
    ['2016-01-03', '2016-01-03', '2015-W53'],
    ['2016-01-04', '2016-01-10', '2016-W01'],
    ['2010-01-03', '2010-01-03', '2009-W53'],
    ['2008-12-29', '2009-01-04', '2009-W01'],
    ['1970-01-01', '1970-01-04', '1970-W01'],
    ['1969-12-28', '1969-12-28', '1969-W52'],
  ])('%s is in the week ending %s, %s', (date, sunday, label) => {
    expect(isoDate(weekEnding(day(date)))).toBe(sunday);
    expect(isoWeekLabel(day(date))).toBe(label);
  });

  it('agrees, for every day of 2000–2030, with the ordinal-date rule of ISO 8601', () => {
    // week = ⌊(ordinal − weekday + 10) / 7⌋, weekday 1 = Monday; week 0 is the last week of the
    // year before, and week 53 of a year with only 52 is week 1 of the next.
    const weeksInYear = (year: number) => {
      const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
      return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
    };
    for (let d = day('2000-01-01'); d <= day('2030-12-31'); d++) {
      const date = new Date(d * 86_400_000);
      const year = date.getUTCFullYear();
      const ordinal = d - day(`${year}-01-01`) + 1;
      const weekdayNumber = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
      let week = Math.floor((ordinal - weekdayNumber + 10) / 7);
      let weekYear = year;
      if (week < 1) {
        weekYear = year - 1;
        week = weeksInYear(weekYear);
      } else if (week > weeksInYear(year)) {
        weekYear = year + 1;
        week = 1;
      }
      expect(isoWeekLabel(d)).toBe(`${weekYear}-W${String(week).padStart(2, '0')}`);
      expect(weekEnding(d) - d).toBe(7 - weekdayNumber);
    }
  });
});

describe('epiWeekIncidence: the cumulative count at each Sunday, differenced', () => {
  it('the week end is the last report on or before Sunday; the first week has no incidence', () => {
    expect(
      weeksOf([
        ['2015-04-07', 9862], // Tuesday of W15
        ['2015-04-10', 9862], // a copy
        ['2015-04-15', 10042], // Wednesday of W16
        ['2015-04-17', 10042],
        ['2015-04-22', 10100],
      ]),
    ).toEqual([
      ['2015-04-12', '2015-W15', null],
      ['2015-04-19', '2015-W16', 180],
      ['2015-04-26', '2015-W17', 58],
    ]);
  });

  it('a report on a Sunday closes its own week; one on the Monday after counts in the next', () => {
    const sunday = weeksOf([
      ['2015-04-12', 100],
      ['2015-04-19', 130], // Sunday: week 16
      ['2015-04-26', 150],
    ]);
    const monday = weeksOf([
      ['2015-04-12', 100],
      ['2015-04-20', 130], // Monday: week 17
      ['2015-04-26', 150],
    ]);
    expect(sunday.map((w) => w[2])).toEqual([null, 30, 20]);
    expect(monday.map((w) => w[2])).toEqual([null, 0, 50]);
    expect(monday.map((w) => w[0])).toEqual(['2015-04-12', '2015-04-19', '2015-04-26']);
  });

  it('copies change nothing: the same answer with or without them', () => {
    const without = weeksOf([
      ['2015-01-06', 10],
      ['2015-01-14', 25],
      ['2015-01-28', 40],
    ]);
    const withCopies = weeksOf([
      ['2015-01-06', 10],
      ['2015-01-07', 10],
      ['2015-01-08', 10],
      ['2015-01-14', 25],
      ['2015-01-15', 25],
      ['2015-01-20', 25],
      ['2015-01-28', 40],
      ['2015-01-29', 40],
    ]);
    expect(withCopies).toEqual(without);
    expect(withCopies.map((w) => w[2])).toEqual([null, 15, 0, 15]);
  });

  it('a gap longer than a week: the weeks without a report count 0, the next week has their cases, all listed', () => {
    const w = epiWeekIncidence(
      reports([
        ['2015-03-27', 9712], // Friday, week ending 03-29
        ['2015-04-07', 9862], // Tuesday, week ending 04-12: nothing in the week ending 04-05
        ['2015-04-15', 10042],
      ]),
    );
    expect(w.days.map(isoDate)).toEqual(['2015-03-29', '2015-04-05', '2015-04-12', '2015-04-19']);
    expect(w.values).toEqual([null, 0, 150, 180]);
    expect(w.unreported).toEqual([1]);
  });

  it('keeps a revision negative and lists it', () => {
    const w = epiWeekIncidence(
      reports([
        ['2014-10-22', 2705],
        ['2014-10-25', 2705],
        ['2014-10-29', 2413],
        ['2014-11-05', 2420],
      ]),
    );
    expect(w.values).toEqual([null, -292, 7]);
    expect(w.negative).toEqual([1]);
  });

  it('skips missing values, ignores leading and trailing nulls, and gives nothing for no reports', () => {
    expect(
      weeksOf([
        ['2015-01-01', null],
        ['2015-01-06', 5],
        ['2015-01-13', null],
        ['2015-01-20', 9],
        ['2015-02-20', null],
      ]),
    ).toEqual([
      ['2015-01-11', '2015-W02', null],
      ['2015-01-18', '2015-W03', 0],
      ['2015-01-25', '2015-W04', 4],
    ]);
    expect(epiWeekIncidence(reports([['2015-01-01', null]]))).toEqual({
      days: [],
      weeks: [],
      values: [],
      negative: [],
      unreported: [],
    });
  });

  it('a single report gives one week with no incidence; the last week ends on the Sunday after the last report', () => {
    expect(weeksOf([['2016-03-23', 3804]])).toEqual([['2016-03-27', '2016-W12', null]]);
  });

  it('rounds fractional differences to 6 significant digits', () => {
    expect(
      weeksOf([
        ['2015-01-05', 0.1],
        ['2015-01-12', 0.3],
      ]).map((w) => w[2]),
    ).toEqual([null, 0.2]);
  });
});

describe('countCopies and the weekly notes', () => {
  const series = reports([
    ['2015-01-05', 10],
    ['2015-01-06', 10],
    ['2015-01-07', 10],
    ['2015-01-08', 12],
    ['2015-01-09', null],
    ['2015-01-10', 12],
    ['2015-01-27', 11],
  ]);

  it('counts reports that repeat the previous value, and the longest run', () => {
    expect(countCopies(series)).toEqual({
      count: 3,
      reports: 6,
      longest: { length: 2, from: day('2015-01-06'), to: day('2015-01-07') },
    });
    expect(countCopies(reports([['2015-01-05', 1]]))).toEqual({ count: 0, reports: 1, longest: null });
  });

  it('notes the copies (stale), the negative week, the week without a report and the short last week', () => {
    const notes = weeklyNotes(epiWeekIncidence(series), countCopies(series), day('2015-01-27'), {
      country: 'Guinea',
      indicatorId: 'cumulative-all-cases',
    });
    expect(notes.map((n) => [n.kind, n.message, n.dates])).toEqual([
      [
        'stale',
        '3 of 6 reports repeat the previous value: copies of the last report, not new reports, so they add nothing to any week (longest run: 2 copies from 2015-01-06 to 2015-01-07)',
        ['2015-01-06', '2015-01-07'],
      ],
      [
        'revision',
        '1 week is negative because WHO revised the cumulative count down, e.g. -1 in the week ending 2015-02-01; clamp shows them as 0',
        ['2015-02-01'],
      ],
      [
        'gap',
        '2 weeks have no report (e.g. the week ending 2015-01-18): they count 0 and their cases are in the next week with a report',
        ['2015-01-18', '2015-01-25'],
      ],
      [
        'gap',
        'the last week, ending 2015-02-01, counts the reports up to 2015-01-27 only (the data ends there)',
        ['2015-02-01'],
      ],
    ]);
  });
});
