import { describe, expect, it } from 'vitest';
import {
  clampToZero,
  crudeCfr,
  decideDateFormat,
  readDate,
  revisionIndexes,
  sumCumulative,
  sumSameDate,
} from '../../src/core/index.js';

describe('clampToZero', () => {
  it('clamps negative steps to zero only', () => {
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
