// Keyboard zoom of the chart's dates: one pure step from a range to the next.
import { describe, expect, it } from 'vitest';
import {
  type DateRange,
  MIN_ZOOM_DAYS,
  rangeToState,
  type ZoomStep,
  zoomDateRange,
  zoomStepOf,
} from '../../src/web/date-zoom.js';

const FULL: DateRange = { from: '2014-08-29', to: '2016-03-23' };
const days = (r: DateRange) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;

describe('zoomDateRange', () => {
  const cases: [string, DateRange, ZoomStep, DateRange][] = [
    ['zooms in to half, about the middle', FULL, 'in', { from: '2015-01-19', to: '2015-11-01' }],
    [
      'zooms out to twice the span',
      { from: '2015-01-01', to: '2015-03-02' },
      'out',
      { from: '2014-12-02', to: '2015-04-01' },
    ],
    ['zooming out stops at the whole period', { from: '2015-01-19', to: '2015-11-01' }, 'out', FULL],
    [
      'zooming out near an end slides back inside',
      { from: '2014-09-01', to: '2014-12-01' },
      'out',
      { from: '2014-08-29', to: '2015-02-27' },
    ],
    [
      'pans earlier by a quarter of the span',
      { from: '2015-01-01', to: '2015-04-11' },
      'earlier',
      { from: '2014-12-07', to: '2015-03-17' },
    ],
    [
      'pans later by a quarter of the span',
      { from: '2015-01-01', to: '2015-04-11' },
      'later',
      { from: '2015-01-26', to: '2015-05-06' },
    ],
    [
      'panning stops at the start, keeping the span',
      { from: '2014-09-01', to: '2014-12-10' },
      'earlier',
      { from: '2014-08-29', to: '2014-12-07' },
    ],
    [
      'panning stops at the end, keeping the span',
      { from: '2015-12-01', to: '2016-03-20' },
      'later',
      { from: '2015-12-04', to: '2016-03-23' },
    ],
    ['reset is the whole period', { from: '2015-01-01', to: '2015-02-01' }, 'reset', FULL],
    [
      'a range outside the period is brought inside',
      { from: '2014-01-01', to: '2016-12-31' },
      'in',
      { from: '2015-01-19', to: '2015-11-01' },
    ],
  ];
  it.each(cases)('%s', (_name, current, step, expected) => {
    expect(zoomDateRange(current, FULL, step)).toEqual(expected);
  });

  it(`never narrows below ${MIN_ZOOM_DAYS} days`, () => {
    let range = FULL;
    for (let i = 0; i < 20; i++) range = zoomDateRange(range, FULL, 'in');
    expect(days(range)).toBeGreaterThanOrEqual(MIN_ZOOM_DAYS - 1);
    expect(days(zoomDateRange(range, FULL, 'in'))).toBe(days(range));
  });

  it('maps the keys, and nothing else', () => {
    expect(['+', '=', '-', '_', 'ArrowLeft', 'ArrowRight', '0', 'Home'].map(zoomStepOf)).toEqual([
      'in',
      'in',
      'out',
      'out',
      'earlier',
      'later',
      'reset',
      'reset',
    ]);
    expect(['a', 'Enter', ' ', 'ArrowUp', 'Tab'].map(zoomStepOf)).toEqual([null, null, null, null, null]);
  });

  it('leaves the URL without from/to at the ends of the period', () => {
    expect(rangeToState(FULL, FULL)).toEqual({ from: null, to: null });
    expect(rangeToState({ from: '2015-01-01', to: FULL.to }, FULL)).toEqual({ from: '2015-01-01', to: null });
    expect(rangeToState({ from: '2014-01-01', to: '2015-02-01' }, FULL)).toEqual({
      from: null,
      to: '2015-02-01',
    });
  });
});
