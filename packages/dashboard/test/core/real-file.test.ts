// The real shared HDX file: the facts its README states, and the quirks the
// data core must get right.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applicableMeasures,
  DataError,
  type Dataset,
  describeMeta,
  querySeries,
  type SeriesQuery,
} from '../../src/core/index.js';
import { loadDataset } from '../../src/load/index.js';
import { HDX_INDICATORS } from './hdx-indicators.js';
import { realCsvText, realDataset } from './real-data.js';

const ALL_CASES = 'Cumulative number of confirmed, probable and suspected Ebola cases';
let ds: Dataset;
beforeAll(() => {
  ds = realDataset();
});

const query = (q: Partial<SeriesQuery>) =>
  querySeries(ds, {
    countries: [],
    indicator: 'cumulative-all-cases',
    measure: 'cumulative',
    per100k: false,
    clamp: false,
    mergeFlareUps: false,
    ...q,
  });

describe('the real HDX file', () => {
  it('has 17,585 rows, 36 indicators, 12 countries and 259 dates from 2014-08-29 to 2016-03-23, written M/D/YYYY', () => {
    const meta = describeMeta(ds);
    expect(meta.indicators.reduce((n, i) => n + i.rows, 0)).toBe(17_585);
    expect(meta.indicators).toHaveLength(36);
    expect(meta.countries).toHaveLength(12);
    expect(new Set([...ds.series.values()].flatMap((s) => s.dates)).size).toBe(259);
    expect(meta.dateRange).toEqual({ from: '2014-08-29', to: '2016-03-23' });
    expect(meta.dateFormat).toBe('mdy');
    expect(meta.warnings).toEqual([]);
  });

  it('names exactly the 36 known indicators, each with its facets', () => {
    const meta = describeMeta(ds);
    expect(new Map(meta.indicators.map((i) => [i.name, i.id]))).toEqual(new Map(HDX_INDICATORS));
    expect(meta.indicators.every((i) => i.facets !== null)).toBe(true);
  });

  it('Guinea, all cases, cumulative, 2015-03-10 = 3285', () => {
    const r = query({ countries: ['Guinea'], indicator: ALL_CASES, from: '2015-03-10', to: '2015-03-10' });
    expect(r.series[0]).toMatchObject({ country: 'Guinea', dates: ['2015-03-10'], values: [3285] });
  });

  it('flags the Liberia total deaths revision 2,705 → 2,413 between 2014-10-25 and 2014-10-29', () => {
    const q = {
      countries: ['Liberia'],
      indicator: 'cumulative-all-deaths',
      from: '2014-10-25',
      to: '2014-10-29',
    };
    const cumulative = query(q).series[0]!;
    expect(cumulative.dates).toEqual(['2014-10-25', '2014-10-29']);
    expect(cumulative.values).toEqual([2705, 2413]);
    expect(cumulative.revisions).toEqual(['2014-10-29']);
    // 2014-10-25 is a Saturday (week ending 10-26), 2014-10-29 a Wednesday (week ending 11-02).
    const weekly = query({ ...q, measure: 'weekly', from: '2014-10-26', to: '2014-11-02' }).series[0]!;
    expect(weekly.dates).toEqual(['2014-10-26', '2014-11-02']);
    expect(weekly.values[1]).toBeLessThan(0);
    expect(weekly.revisions).toContain('2014-11-02');
  });

  it('Liberia, all cases, the week ending 2015-04-19 (2015-W16) = 180 (10,042 − 9,862)', () => {
    const cumulative = query({ countries: ['Liberia'], from: '2015-04-06', to: '2015-04-19' }).series[0]!;
    // 9,862 first reported on 2015-04-07 (week 15), 10,042 on 2015-04-15 (week 16).
    expect(cumulative.dates.map((d, i) => [d, cumulative.values[i]])).toContainEqual(['2015-04-07', 9862]);
    expect(cumulative.values.at(-1)).toBe(10_042);
    const weekly = query({ countries: ['Liberia'], measure: 'weekly', from: '2015-03-30', to: '2015-06-01' });
    const trace = weekly.series[0]!;
    expect(trace.dates[trace.dates.indexOf('2015-04-19')]).toBe('2015-04-19');
    expect(trace.weeks![trace.dates.indexOf('2015-04-19')]).toBe('2015-W16');
    expect(trace.values[trace.dates.indexOf('2015-04-19')]).toBe(180);
    // Every point is a Sunday, one week apart.
    expect(trace.dates.every((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 0)).toBe(true);
  });

  it('weekly incidence reads no copy as zero: Liberia peaks at 1,870 in the week ending 2014-11-02', () => {
    const trace = query({ countries: ['Liberia'], measure: 'weekly' }).series[0]!;
    const values = trace.values.filter((v): v is number => v !== null);
    // 83 weeks from 2014-W35 to 2016-W12; the first has no earlier week end.
    expect(trace.dates.length).toBe(83);
    expect([trace.weeks![0], trace.weeks!.at(-1)]).toEqual(['2014-W35', '2016-W12']);
    expect(values).toHaveLength(82);
    expect(Math.max(...values)).toBe(1_870);
    expect(trace.dates[trace.values.indexOf(1_870)]).toBe('2014-11-02');
    expect(trace.notes.map((n) => n.kind)).toEqual(expect.arrayContaining(['method', 'stale']));
  });

  it('finds the 206 consecutive down steps of the cumulative series, all noted', () => {
    const cumulative = [...ds.series.values()].filter((s) => s.indicatorId.startsWith('cumulative-'));
    expect(cumulative.reduce((n, s) => n + s.revisions.length, 0)).toBe(206);
    const noted = describeMeta(ds).notes.filter((n) => n.kind === 'revision');
    expect(noted.reduce((n, note) => n + note.dates!.length, 0)).toBe(206);
  });

  it('notes copied-forward values in Spain, USA, Senegal and Nigeria', () => {
    const copied = describeMeta(ds)
      .notes.filter((n) => n.kind === 'copied-forward' && n.indicatorId === 'cumulative-all-cases')
      .map((n) => n.country);
    expect(copied).toEqual(
      expect.arrayContaining(['Spain', 'United States of America', 'Senegal', 'Nigeria']),
    );
  });

  it('notes the sparse CFR indicators and the 85-day gap', () => {
    const notes = describeMeta(ds).notes;
    const sparse = new Set(notes.filter((n) => n.kind === 'sparse').map((n) => n.indicatorId));
    for (const id of ['cfr-all-cases', 'cfr-confirmed-cases', 'cfr-probable-cases', 'cfr-suspected-cases']) {
      expect(sparse).toContain(id);
    }
    expect(notes).toContainEqual(
      expect.objectContaining({
        kind: 'gap',
        country: 'Guinea',
        indicatorId: 'cumulative-all-cases',
        dates: ['2015-12-29', '2016-03-23'],
      }),
    );
  });

  it('knows the flare-up series and their parents, with populations for per-100k', () => {
    const countries = describeMeta(ds).countries;
    expect(countries.filter((c) => c.parent).map((c) => [c.name, c.parent])).toEqual([
      ['Guinea 2', 'Guinea'],
      ['Liberia 2', 'Liberia'],
    ]);
    expect(countries.every((c) => c.population !== null)).toBe(true);
    expect(countries.find((c) => c.name === 'Liberia')!.population).toEqual({
      value: 4_396_873,
      year: 2014,
      source: 'World Bank WDI, SP.POP.TOTL (mid-year estimate)',
    });
  });

  it('merges Liberia 2 into Liberia: the frozen 10,666 plus the flare-up cases', () => {
    const merged = query({
      countries: ['Liberia'],
      mergeFlareUps: true,
      from: '2015-07-02',
      to: '2015-07-06',
    });
    expect(merged.series[0]!.values).toEqual([10_666, 10_666 + 40, 10_666 + 4]);
  });
});

describe('the same data written three ways gives identical answers', () => {
  let dir: string;
  const rewrite = (spell: (m: string, d: string, y: string) => string) =>
    realCsvText().replace(
      /,(\d{1,2})\/(\d{1,2})\/(\d{4}),([^,\r\n]*)(\r?)$/gm,
      (_, m, d, y, v, cr) => `,${spell(m, d, y)},${v}${cr}`,
    );
  const pad = (n: string) => n.padStart(2, '0');

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ebov-dates-'));
    writeFileSync(
      path.join(dir, 'iso.csv'),
      rewrite((m, d, y) => `${y}-${pad(m)}-${pad(d)}`),
    );
    writeFileSync(
      path.join(dir, 'dmy.csv'),
      rewrite((m, d, y) => `${pad(d)}/${pad(m)}/${y}`),
    );
    // Only the rows whose day is 12 or less: every date reads both ways.
    const ambiguous = realCsvText()
      .split('\n')
      .filter((line, i) => i === 0 || /,\d{1,2}\/([1-9]|1[0-2])\/\d{4},/.test(line));
    writeFileSync(path.join(dir, 'ambiguous.csv'), ambiguous.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const everyAnswer = (data: Dataset) =>
    data.indicators.flatMap((indicator) =>
      applicableMeasures(data, indicator).flatMap((measure) =>
        [false, true].map((mergeFlareUps) =>
          querySeries(data, {
            countries: [],
            indicator: indicator.id,
            measure,
            per100k: false,
            clamp: false,
            mergeFlareUps,
          }),
        ),
      ),
    );

  it('ISO (as HDX publishes), M/D/YYYY (the shared copy) and DD/MM/YYYY (other mirrors)', async () => {
    const load = (file: string) => loadDataset({ source: path.join(dir, file), cacheDir: dir });
    const [iso, dmy] = await Promise.all([load('iso.csv'), load('dmy.csv')]);
    expect(iso.meta.dateFormat).toBe('iso');
    expect(dmy.meta.dateFormat).toBe('dmy');
    const expected = everyAnswer(ds);
    expect(expected.length).toBeGreaterThan(100);
    expect(everyAnswer(iso)).toEqual(expected);
    expect(everyAnswer(dmy)).toEqual(expected);
    const { loadedAt: _a, source: _b, dateFormat: _c, ...meta } = describeMeta(ds);
    for (const other of [iso, dmy]) {
      const { loadedAt: _d, source: _e, dateFormat: _f, ...otherMeta } = describeMeta(other);
      expect(otherMeta).toEqual(meta);
    }
  });

  it('refuses a file whose every date reads both as M/D/YYYY and DD/MM/YYYY', async () => {
    const source = path.join(dir, 'ambiguous.csv');
    const error = await loadDataset({ source, cacheDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toContain('--date-format mdy');
    const told = await loadDataset({ source, cacheDir: dir, dateFormat: 'mdy' });
    expect(told.meta.dateFormat).toBe('mdy');
  });
});
