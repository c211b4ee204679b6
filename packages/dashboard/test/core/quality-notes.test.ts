import { describe, expect, it } from 'vitest';
import { COPIED_FORWARD_MIN_REPORTS, type NoteContext, readDate, seriesNotes } from '../../src/core/index.js';

const start = readDate('2015-01-01', 'iso')!;
const context: NoteContext = {
  indicatorId: 'cumulative-all-cases',
  country: 'Guinea',
  facets: { outcome: 'cases', classification: 'all', measure: 'cumulative' },
  reportDates: 10,
  parent: null,
  conflicts: null,
};
/** One report every `step` days from 2015-01-01. */
const everyDays = (values: (number | null)[], step = 1) => ({
  days: values.map((_, i) => start + i * step),
  values,
});
const kinds = (notes: { kind: string }[]) => notes.map((n) => n.kind);

describe('seriesNotes', () => {
  it('a steady series has no notes', () => {
    expect(seriesNotes(everyDays([1, 2, 3, 4, 5]), context)).toEqual([]);
  });

  it('revision: a cumulative count going down, with its dates and the biggest drop', () => {
    const notes = seriesNotes(everyDays([10, 2705, 2413, 2500, 2499]), context);
    expect(notes).toEqual([
      {
        kind: 'revision',
        country: 'Guinea',
        indicatorId: 'cumulative-all-cases',
        message:
          'cumulative count went down 2 times (WHO revised earlier figures), e.g. 2,705 → 2,413 on 2015-01-03',
        dates: ['2015-01-03', '2015-01-05'],
      },
    ]);
  });

  it('no revision note for an indicator that may go down (last 21 days)', () => {
    const facets = { outcome: 'cases', classification: 'all', measure: 'last-21-days' } as const;
    expect(seriesNotes(everyDays([10, 5, 1, 2, 3]), { ...context, facets })).toEqual([]);
  });

  it(`copied-forward: ${COPIED_FORWARD_MIN_REPORTS} equal reports in a row, not ${COPIED_FORWARD_MIN_REPORTS - 1}`, () => {
    const run = (n: number) => [1, 2, ...Array(n).fill(3), 4];
    expect(kinds(seriesNotes(everyDays(run(COPIED_FORWARD_MIN_REPORTS - 1)), context))).toEqual([]);
    const [note] = seriesNotes(everyDays(run(COPIED_FORWARD_MIN_REPORTS)), context);
    expect(note).toMatchObject({ kind: 'copied-forward', dates: ['2015-01-03', '2015-01-22'] });
    expect(note!.message).toMatch(
      /^the same value \(3\) was reported 20 times in a row from 2015-01-03 to 2015-01-22/,
    );
  });

  it('sparse: fewer reports than 10% of the file report dates', () => {
    expect(kinds(seriesNotes(everyDays([1, 2, 3]), { ...context, reportDates: 259 }))).toEqual(['sparse']);
    expect(kinds(seriesNotes(everyDays([1, 2, 3]), { ...context, reportDates: 30 }))).toEqual([]);
  });

  it('gap: more than 21 days between two reports', () => {
    expect(kinds(seriesNotes(everyDays([1, 2, 3], 21), context))).toEqual([]);
    const notes = seriesNotes({ days: [start, start + 1, start + 86], values: [1, 2, 3] }, context);
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'gap',
        message: 'no report for 85 days, from 2015-01-02 to 2015-03-28',
        dates: ['2015-01-02', '2015-03-28'],
      }),
    ]);
  });

  it('flare-up: names the parent country', () => {
    const [note] = seriesNotes(everyDays([1, 2, 3]), { ...context, country: 'Liberia 2', parent: 'Liberia' });
    expect(note!.kind).toBe('flare-up');
    expect(note!.message).toMatch(/^"Liberia 2" is a flare-up reported separately from Liberia/);
  });

  it('duplicate: conflicting rows are noted with their count and dates', () => {
    const conflicts = {
      indicator: 'x',
      country: 'Guinea',
      count: 3,
      dates: ['2015-01-02'],
      first: [{ date: '2015-01-02', lines: [3, 9] as [number, number], values: [1, 2] as [number, number] }],
    };
    expect(seriesNotes(everyDays([1, 2]), { ...context, conflicts: null })).toEqual([]);
    expect(seriesNotes(everyDays([1, 2]), { ...context, conflicts })).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        message: '3 times the file gave two values for one date; the later row was used',
        dates: ['2015-01-02'],
      }),
    ]);
  });
});
