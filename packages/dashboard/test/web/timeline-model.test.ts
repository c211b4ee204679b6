import { describe, expect, it } from 'vitest';
import {
  everyDay,
  fractionOf,
  handleBounds,
  keyTarget,
  nearerHandle,
  stopAt,
  stopOf,
} from '../../src/web/timeline-model.js';

const REPORTS = ['2014-08-29', '2014-09-05', '2014-09-12', '2014-09-19'];

describe('timeline model', () => {
  it('lists every day of a period, across a month end', () => {
    expect(everyDay('2015-01-30', '2015-02-02')).toEqual([
      '2015-01-30',
      '2015-01-31',
      '2015-02-01',
      '2015-02-02',
    ]);
    expect(everyDay('2014-08-29', '2016-03-23')).toHaveLength(573);
  });

  it.each([
    ['2014-09-12', 'first', 2],
    ['2014-09-14', 'first', 2], // between reports: the one before
    ['2014-01-01', 'last', 0], // before them all: the first
    ['2020-01-01', 'first', 3],
    [null, 'first', 0],
    [null, 'last', 3],
  ] as const)('puts %s (null → %s) on stop %i', (date, whenNull, index) => {
    expect(stopOf(REPORTS, date, whenNull)).toBe(index);
  });

  it('has no stop without dates', () => {
    expect(stopOf([], '2015-01-01', 'last')).toBe(-1);
  });

  it('keeps the start minGap stops before the end and the end after the start', () => {
    expect(handleBounds('start', 100, 50, 14)).toEqual({ min: 0, max: 36 });
    expect(handleBounds('end', 100, 50, 14)).toEqual({ min: 64, max: 99 });
    expect(handleBounds('date', 100, 50, 14)).toEqual({ min: 0, max: 99 });
    // A period shorter than the gap: the handles are pinned to the ends, never out of range.
    expect(handleBounds('start', 5, 4, 14)).toEqual({ min: 0, max: 0 });
    expect(handleBounds('end', 5, 0, 14)).toEqual({ min: 4, max: 4 });
  });

  it.each([
    ['ArrowRight', 17],
    ['ArrowUp', 17],
    ['ArrowLeft', 3],
    ['ArrowDown', 3],
    ['PageUp', 38],
    ['PageDown', 0],
    ['Home', 0],
    ['End', 40],
    ['Enter', null],
    ['a', null],
  ] as const)('moves a handle at 10 with %s to %s', (key, target) => {
    expect(keyTarget(key, 10, { min: 0, max: 40 }, { arrow: 7, page: 28 })).toBe(target);
  });

  it('maps pointer positions to stops and back, clamped to the track', () => {
    expect(stopAt(-0.2, 11)).toBe(0);
    expect(stopAt(0.52, 11)).toBe(5);
    expect(stopAt(1.4, 11)).toBe(10);
    expect(stopAt(0.5, 1)).toBe(0);
    expect(fractionOf(5, 11)).toBe(0.5);
    expect(fractionOf(0, 1)).toBe(0);
  });

  it('moves the nearer handle on a press on the track', () => {
    expect(nearerHandle(2, 5, 20)).toBe('start');
    expect(nearerHandle(25, 5, 20)).toBe('end');
    expect(nearerHandle(10, 5, 20)).toBe('start');
    expect(nearerHandle(15, 5, 20)).toBe('end');
  });
});
