// The page formats numbers and dates by hand (Intl's first use costs a fresh renderer
// 50–90 ms): it must write exactly what Intl writes for 'en' / 'en-GB'.
import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatDate,
  formatMonthYear,
  formatValue,
  isoToSeconds,
} from '../../src/web/chart-data.js';

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });

const VALUES = [
  0, 1, 7, 42, 99, 100, 999, 1000, 3285, 12_345, 28_637, 999_999, 1_234_567, 25_000_000, 1e9, 0.1, 0.25,
  0.125, 1.005, 2.5, 12.34, 39.999, 70.5, 99.995, 100.5, 150.49, -1, -3, -12.345, -1500, -0.125, 950, 999.96,
  1549, 99_950, 999_960,
];

describe('number and date formats (same as Intl en / en-GB)', () => {
  it.each(VALUES)('formatValue(%d)', (v) => {
    const expected = Math.abs(v) >= 100 || Number.isInteger(v) ? integer.format(v) : decimal.format(v);
    expect(formatValue(v)).toBe(expected);
    expect(formatValue(v, 'crude CFR (%)')).toBe(`${expected}%`);
  });

  it.each(VALUES)('formatCompact(%d)', (v) => {
    expect(formatCompact(v)).toBe(compact.format(v));
  });

  it('writes a dash for missing values and dates', () => {
    expect(formatValue(null)).toBe('–');
    expect(formatValue(Number.NaN)).toBe('–');
    expect(formatDate(null)).toBe('–');
    expect(formatDate('')).toBe('–');
  });

  const dates: string[] = [];
  for (let day = isoToSeconds('2013-12-01'); day <= isoToSeconds('2016-06-30'); day += 86_400 * 9) {
    dates.push(new Date(day * 1000).toISOString().slice(0, 10));
  }

  it('formatDate and formatMonthYear over the outbreak, every ninth day', () => {
    for (const iso of dates) {
      const seconds = isoToSeconds(iso);
      expect(formatDate(iso), iso).toBe(longDate.format(new Date(seconds * 1000)));
      expect(formatMonthYear(seconds), iso).toBe(monthYear.format(new Date(seconds * 1000)));
    }
  });
});
