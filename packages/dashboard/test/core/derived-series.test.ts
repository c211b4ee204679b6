import { describe, expect, it } from 'vitest';
import {
  clampToZero,
  crudeCfr,
  decideDateFormat,
  readDate,
  revisionIndexes,
  sumCumulative,
  sumSameDate,
  weeklyIncidence,
} from '../../src/core/index.js';

const day = (iso: string) => readDate(iso, 'iso')!;

describe('weeklyIncidence: normalised by the days between reports', () => {
  it('divides each step by its own gap (4, 1, 11 and 85 days)', () => {
    const days = ['2015-01-01', '2015-01-05', '2015-01-06', '2015-01-17', '2015-04-12'].map(day);
    const values = [100, 140, 150, 172, 342];
    // By hand: (140-100)/4*7 = 70; (150-140)/1*7 = 70; (172-150)/11*7 = 14; (342-172)/85*7 = 14.
    expect(weeklyIncidence({ days, values })).toEqual([null, 70, 70, 14, 14]);
  });

  it('keeps a negative step (a revision) and skips missing values', () => {
    const days = ['2014-10-22', '2014-10-25', '2014-10-29', '2014-10-31', '2014-11-03'].map(day);
    const values = [2705, 2705, 2413, null, 2420];
    // (2413-2705)/4*7 = -511; the 2014-11-03 step goes back to 2014-10-29: (2420-2413)/5*7 = 9.8.
    expect(weeklyIncidence({ days, values })).toEqual([null, 0, -511, null, 9.8]);
  });

  it('rounds to 6 significant digits', () => {
    expect(weeklyIncidence({ days: [0, 3], values: [0, 10] })).toEqual([null, 23.3333]);
  });

  it('clamps negative steps to zero only when asked', () => {
    expect(clampToZero([null, 5, -511, 0])).toEqual([null, 5, 0, 0]);
  });
});

describe('revisionIndexes', () => {
  it.each([
    [[1, 2, 2, 3], []],
    [
      [5, 4, 6, 1],
      [1, 3],
    ],
    [[5, null, 4], [2]],
    [[null, null], []],
  ])('%j → %j', (values, indexes) => {
    expect(revisionIndexes(values)).toEqual(indexes);
  });
});

describe('crudeCfr', () => {
  it('divides deaths by cases at dates where both are reported and cases > 0, in %', () => {
    const cases = { days: [1, 2, 3, 4], values: [0, 200, 300, null] };
    const deaths = { days: [2, 3, 4], values: [50, 100, 120] };
    expect(crudeCfr(cases, deaths)).toEqual({ days: [2, 3], values: [25, 33.3333] });
  });
});

describe('flare-up sums', () => {
  const parent = { days: [1, 3, 5, 7], values: [100, 100, 100, 100] };
  const child = { days: [3, 4, 7], values: [2, 5, 6] };

  it('adds cumulative counts as of each report date', () => {
    expect(sumCumulative([parent, child])).toEqual({
      days: [1, 3, 4, 5, 7],
      values: [100, 102, 105, 105, 106],
    });
  });

  it('adds window counts reported on the same date only', () => {
    expect(sumSameDate([parent, child])).toEqual({ days: [1, 3, 4, 5, 7], values: [100, 102, 5, 100, 106] });
  });
});

describe('decideDateFormat', () => {
  it.each([
    [['2015-03-10'], { kind: 'decided', format: 'iso', partial: false }],
    [['3/13/2015', '3/1/2015'], { kind: 'decided', format: 'mdy', partial: false }],
    [['13/03/2015', '01/03/2015'], { kind: 'decided', format: 'dmy', partial: false }],
    [['5/5/2015'], { kind: 'decided', format: 'mdy', partial: false }],
    [['3/10/2015', '4/5/2015'], { kind: 'ambiguous', examples: ['3/10/2015', '4/5/2015'] }],
    [['2015-03-10', '2015-03-11', 'x'], { kind: 'decided', format: 'iso', partial: true }],
    [['3/13/2015', '13/3/2015', '3/14/2015'], { kind: 'decided', format: 'mdy', partial: true }],
  ])('%j → %j', (texts, decision) => {
    expect(decideDateFormat(texts)).toEqual(decision);
  });

  it.each([
    ['2015-02-29', 'iso'],
    ['2/29/2015', 'mdy'],
    ['31/04/2015', 'dmy'],
    ['2015-3-10x', 'iso'],
  ] as const)('%s is not a date in %s', (text, format) => {
    expect(readDate(text, format)).toBeNull();
  });
});
