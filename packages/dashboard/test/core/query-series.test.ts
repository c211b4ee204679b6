import { describe, expect, it } from 'vitest';
import {
  buildDataset,
  type Dataset,
  describeMeta,
  parseHdxCsv,
  QueryError,
  querySeries,
  type SeriesQuery,
  withWarnings,
} from '../../src/core/index.js';

const ALL_CASES = 'Cumulative number of confirmed, probable and suspected Ebola cases';
const ALL_DEATHS = 'Cumulative number of confirmed, probable and suspected Ebola deaths';
const LAST_21 = 'Number of confirmed, probable and suspected Ebola cases in the last 21 days';
const PROPORTION =
  'Proportion of confirmed, probable and suspected Ebola cases that are from the last 21 days';
const CONTACTS = 'Number of contacts traced';
const CFR = 'Case fatality rate (CFR) of confirmed, probable and suspected Ebola cases';

const ROWS: [string, string, string, number][] = [
  [ALL_CASES, 'Guinea', '2015-01-01', 100],
  [ALL_CASES, 'Guinea', '2015-01-05', 140],
  [ALL_CASES, 'Guinea', '2015-01-06', 150],
  [ALL_CASES, 'Guinea', '2015-01-17', 172],
  [ALL_DEATHS, 'Guinea', '2015-01-01', 50],
  [ALL_DEATHS, 'Guinea', '2015-01-05', 60],
  [ALL_DEATHS, 'Guinea', '2015-01-06', 66],
  [ALL_DEATHS, 'Guinea', '2015-01-17', 86],
  [ALL_CASES, 'Liberia', '2015-01-01', 1000],
  [ALL_CASES, 'Liberia', '2015-01-05', 1000],
  [ALL_CASES, 'Liberia', '2015-01-17', 1000],
  [ALL_CASES, 'Liberia 2', '2015-01-05', 3],
  [ALL_CASES, 'Liberia 2', '2015-01-06', 5],
  [ALL_CASES, 'Liberia 2', '2015-01-17', 4],
  [ALL_DEATHS, 'Liberia', '2015-01-01', 400],
  [ALL_DEATHS, 'Liberia', '2015-01-17', 400],
  [ALL_DEATHS, 'Liberia 2', '2015-01-06', 1],
  [LAST_21, 'Liberia', '2015-01-05', 0],
  [LAST_21, 'Liberia', '2015-01-17', 0],
  [LAST_21, 'Liberia 2', '2015-01-05', 3],
  [LAST_21, 'Liberia 2', '2015-01-17', 4],
  [PROPORTION, 'Liberia', '2015-01-05', 0],
  [PROPORTION, 'Liberia 2', '2015-01-05', 100],
  [CFR, 'Liberia', '2015-01-05', 40],
  [ALL_CASES, 'Atlantis', '2015-01-01', 1],
  [ALL_CASES, 'Atlantis', '2015-01-05', 2],
  [CONTACTS, 'Guinea', '2015-01-01', 10],
];

function fixture(): Dataset {
  // Shuffled on purpose: the file is not sorted.
  const lines = [...ROWS].reverse().map(([i, c, d, v]) => `"${i}",${c},${d},${v}`);
  const parsed = parseHdxCsv(`Indicator,Country,Date,value\n${lines.join('\n')}\n`, { file: 'fixture.csv' });
  return buildDataset(parsed, { location: 'fixture.csv', kind: 'file' }, new Date('2026-01-01T00:00:00Z'));
}

const ds = fixture();
const base: SeriesQuery = {
  countries: ['Guinea'],
  indicator: 'cumulative-all-cases',
  measure: 'cumulative',
  per100k: false,
  clamp: false,
  mergeFlareUps: false,
};
const query = (q: Partial<SeriesQuery>) => querySeries(ds, { ...base, ...q });
const points = (q: Partial<SeriesQuery>) =>
  Object.fromEntries(query(q).series.map((s) => [s.country, s.dates.map((d, i) => [d, s.values[i]])]));

function queryError(q: Partial<SeriesQuery>): QueryError {
  try {
    query(q);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    return error as QueryError;
  }
  throw new Error('expected a QueryError');
}

describe('querySeries: measures', () => {
  it('cumulative: values as reported, sorted by date', () => {
    expect(points({})).toEqual({
      Guinea: [
        ['2015-01-01', 100],
        ['2015-01-05', 140],
        ['2015-01-06', 150],
        ['2015-01-17', 172],
      ],
    });
    expect(query({}).unit).toBe('cumulative cases');
  });

  it('weekly: new cases per ISO week, dated by the Sunday, with the week label and the method', () => {
    const r = query({ measure: 'weekly' });
    // Week ends: Sun 01-04 = 100 (01-01), Sun 01-11 = 150 (01-06), Sun 01-18 = 172 (01-17).
    expect(r.series[0]).toMatchObject({
      dates: ['2015-01-04', '2015-01-11', '2015-01-18'],
      weeks: ['2015-W01', '2015-W02', '2015-W03'],
      values: [null, 50, 22],
    });
    expect(r.unit).toBe('cases per week');
    expect(r.method).toMatch(/^new per ISO epi week \(Monday to Sunday\)/);
    expect(r.series[0]!.notes[0]).toMatchObject({ kind: 'method', message: r.method });
    expect(query({}).method).toBeUndefined();
    expect(query({}).series[0]!.weeks).toBeUndefined();
  });

  it('cfr: crude, deaths / cases of the same classification at the same dates, in %', () => {
    const r = query({ measure: 'cfr', indicator: ALL_DEATHS });
    expect(r.series[0]!.values).toEqual([50, 42.8571, 44, 50]);
    expect(r.unit).toBe('crude CFR (%)');
    expect(r.series[0]!.notes[0]).toMatchObject({ kind: 'method' });
  });

  it('per100k divides by the population', () => {
    const r = query({ countries: ['Liberia'], per100k: true });
    expect(r.series[0]!.values[0]).toBeCloseTo((1000 / 4_396_873) * 100_000, 3);
    expect(r.unit).toBe('cumulative cases per 100k population');
  });

  it('accepts the HDX name and any case for indicator and country', () => {
    expect(query({ indicator: ALL_CASES.toUpperCase(), countries: ['guinea'] }).series[0]!.values).toEqual(
      query({}).series[0]!.values,
    );
  });

  it('a plain series (unknown indicator name) answers cumulative', () => {
    expect(points({ indicator: 'number-of-contacts-traced' })).toEqual({ Guinea: [['2015-01-01', 10]] });
  });
});

describe('querySeries: selection', () => {
  it('from and to are inclusive', () => {
    expect(points({ from: '2015-01-05', to: '2015-01-06' })).toEqual({
      Guinea: [
        ['2015-01-05', 140],
        ['2015-01-06', 150],
      ],
    });
  });

  it('a range outside the data gives empty traces', () => {
    expect(points({ from: '2016-01-01' })).toEqual({ Guinea: [] });
    expect(points({ to: '2014-12-31' })).toEqual({ Guinea: [] });
  });

  it('per100k applies to a plain series (unknown name) too', () => {
    expect(query({ indicator: CONTACTS, per100k: true }).series[0]!.values[0]).toBeCloseTo(
      (10 / 12_043_898) * 100_000,
      6,
    );
  });

  it('no countries means all, in name order', () => {
    expect(query({ countries: [] }).series.map((s) => s.country)).toEqual([
      'Atlantis',
      'Guinea',
      'Liberia',
      'Liberia 2',
    ]);
  });

  it('a country without reports of the indicator gets an empty trace with a note', () => {
    const trace = query({ countries: ['Atlantis'], indicator: ALL_DEATHS }).series[0]!;
    expect(trace).toMatchObject({ country: 'Atlantis', dates: [], values: [], revisions: [] });
    expect(trace.notes[0]!.message).toBe('no reports of this indicator for Atlantis');
  });

  it('returns fresh arrays: changing an answer does not change the next one', () => {
    const first = query({});
    first.series[0]!.values[0] = -1;
    first.series[0]!.revisions.push('x');
    expect(query({}).series[0]!.values[0]).toBe(100);
    expect(query({}).series[0]!.revisions).toEqual([]);
  });
});

describe('querySeries: revisions and clamp', () => {
  it('flags the date a cumulative count went down, in cumulative, and its week in weekly', () => {
    expect(query({ countries: ['Liberia 2'] }).series[0]!.revisions).toEqual(['2015-01-17']);
    const weekly = query({ countries: ['Liberia 2'], measure: 'weekly' }).series[0]!;
    // Week ends: Sun 01-11 = 5 (01-06), Sun 01-18 = 4 (01-17).
    expect(weekly.values).toEqual([null, -1]);
    expect(weekly.revisions).toEqual(['2015-01-18']);
    expect(weekly.notes.find((n) => n.kind === 'revision')!.dates).toEqual(['2015-01-18']);
  });

  it('clamp sets negative weeks to zero and still flags them', () => {
    const weekly = query({ countries: ['Liberia 2'], measure: 'weekly', clamp: true }).series[0]!;
    expect(weekly.values).toEqual([null, 0]);
    expect(weekly.revisions).toEqual(['2015-01-18']);
  });

  it('clamp and per100k combine, in either order of asking', () => {
    const q = { countries: ['Liberia'], measure: 'weekly' as const, per100k: true, mergeFlareUps: true };
    const perWeek = (5 / 4_396_873) * 100_000;
    expect(query({ ...q, clamp: true }).series[0]!.values).toEqual([null, expect.closeTo(perWeek, 5), 0]);
    const plain = query({ ...q, clamp: false }).series[0]!.values;
    expect(plain[2]).toBeLessThan(0);
    expect(query({ ...q, clamp: true }).series[0]!.values[2]).toBe(0);
  });

  it('revisions outside from..to are left out', () => {
    expect(query({ countries: ['Liberia 2'], to: '2015-01-16' }).series[0]!.revisions).toEqual([]);
  });
});

describe('querySeries: mergeFlareUps', () => {
  it('adds the flare-up to its parent as of each report date, and drops it from the list', () => {
    const r = query({ countries: [], mergeFlareUps: true });
    expect(r.series.map((s) => s.country)).toEqual(['Atlantis', 'Guinea', 'Liberia']);
    const liberia = r.series[2]!;
    expect(liberia.dates).toEqual(['2015-01-01', '2015-01-05', '2015-01-06', '2015-01-17']);
    expect(liberia.values).toEqual([1000, 1003, 1005, 1004]);
    expect(liberia.revisions).toEqual(['2015-01-17']);
    expect(liberia.notes.at(-1)!.message).toMatch(/^includes "Liberia 2" \(from 2015-01-05\)/);
  });

  it('shows the parent when the flare-up is asked for by name', () => {
    expect(
      query({ countries: ['Liberia 2', 'Liberia'], mergeFlareUps: true }).series.map((s) => s.country),
    ).toEqual(['Liberia']);
  });

  it('adds window counts on the same date', () => {
    expect(points({ countries: ['Liberia'], indicator: LAST_21, mergeFlareUps: true })).toEqual({
      Liberia: [
        ['2015-01-05', 3],
        ['2015-01-17', 4],
      ],
    });
  });

  it('derives weekly and crude CFR from the merged counts', () => {
    expect(
      query({ countries: ['Liberia'], measure: 'weekly', mergeFlareUps: true }).series[0]!.values,
    ).toEqual([null, 5, -1]);
    expect(query({ countries: ['Liberia'], measure: 'cfr', mergeFlareUps: true }).series[0]!.values).toEqual([
      40, 39.9005, 39.9402,
    ]);
  });

  it('computes the crude CFR of a CFR indicator from the merged counts too', () => {
    const r = query({ countries: [], indicator: CFR, measure: 'cfr', mergeFlareUps: true });
    expect(r.series.map((s) => s.country)).toEqual(['Atlantis', 'Guinea', 'Liberia']);
    expect(r.series[2]!.values).toEqual([40, 39.9005, 39.9402]);
  });

  it('keeps a CFR as reported apart', () => {
    expect(points({ countries: ['Liberia', 'Liberia 2'], indicator: CFR, mergeFlareUps: true })).toEqual({
      Liberia: [['2015-01-05', 40]],
      'Liberia 2': [],
    });
  });

  it('keeps percentages apart: a proportion cannot be added', () => {
    expect(points({ countries: [], indicator: PROPORTION, mergeFlareUps: true })).toEqual({
      Atlantis: [],
      Guinea: [],
      Liberia: [['2015-01-05', 0]],
      'Liberia 2': [['2015-01-05', 100]],
    });
  });

  it('uses the parent population for per100k of a flare-up', () => {
    const r = query({ countries: ['Liberia 2'], per100k: true });
    expect(r.series[0]!.values[0]).toBeCloseTo((3 / 4_396_873) * 100_000, 5);
  });
});

describe('querySeries: bad queries throw QueryError', () => {
  it('unknown country lists the known ones', () => {
    expect(queryError({ countries: ['Guinea', 'Narnia'] })).toMatchObject({
      code: 'EBOV_UNKNOWN_COUNTRY',
      parameter: 'country',
      value: 'Narnia',
      allowed: ['Atlantis', 'Guinea', 'Liberia', 'Liberia 2'],
    });
  });

  it('unknown indicator lists the ids', () => {
    const error = queryError({ indicator: 'cases' });
    expect(error).toMatchObject({ code: 'EBOV_UNKNOWN_INDICATOR', parameter: 'indicator', value: 'cases' });
    expect(error.allowed).toEqual(describeMeta(ds).indicators.map((i) => i.id));
    expect(error.allowed).toContain('cumulative-all-cases');
  });

  it.each([
    [LAST_21, 'weekly', ['cumulative']],
    [CONTACTS, 'weekly', ['cumulative']],
    [PROPORTION, 'cfr', ['cumulative']],
    [ALL_CASES, 'median', ['cumulative', 'weekly', 'cfr', 'rt']],
    [CFR, 'rt', ['cumulative', 'cfr']],
    [PROPORTION, 'rt', ['cumulative']],
  ])('%s: measure %s does not apply (allowed %j)', (indicator, measure, allowed) => {
    expect(queryError({ indicator, measure: measure as SeriesQuery['measure'] })).toMatchObject({
      code: 'EBOV_MEASURE_NOT_APPLICABLE',
      parameter: 'measure',
      value: measure,
      allowed,
    });
  });

  it('from after to', () => {
    expect(queryError({ from: '2015-02-01', to: '2015-01-01' })).toMatchObject({
      code: 'EBOV_BAD_DATE_RANGE',
      parameter: 'from',
    });
  });

  it.each([
    ['from', '2015-13-01'],
    ['to', '1/5/2015'],
  ])('%s=%s is not a date', (parameter, value) => {
    expect(queryError({ [parameter]: value })).toMatchObject({ code: 'EBOV_BAD_DATE', parameter, value });
  });

  it.each([[{ measure: 'cfr' as const }], [{ indicator: PROPORTION }]])(
    'per100k of a percentage (%j)',
    (q) => {
      expect(queryError({ ...q, per100k: true })).toMatchObject({
        code: 'EBOV_PER100K_NOT_APPLICABLE',
        parameter: 'per100k',
      });
    },
  );

  it('per100k for a country without population', () => {
    expect(queryError({ countries: [], per100k: true })).toMatchObject({
      code: 'EBOV_NO_POPULATION',
      parameter: 'country',
      value: 'Atlantis',
      allowed: ['Guinea', 'Liberia', 'Liberia 2'],
    });
  });
});

describe('buildDataset: duplicates and warnings reach the meta', () => {
  it('a conflicting duplicate gives a warning and a duplicate note on its series', () => {
    const parsed = parseHdxCsv(
      `Indicator,Country,Date,value\n"${ALL_CASES}",Guinea,2015-01-01,1\n"${ALL_CASES}",Guinea,2015-01-01,2\n`,
      { file: 'dup.csv' },
    );
    const meta = describeMeta(buildDataset(parsed, { location: 'dup.csv', kind: 'file' }, new Date()));
    expect(meta.warnings).toEqual([expect.stringMatching(/^dup.csv:3: .* value 2 replaces 1 from line 2/)]);
    expect(meta.notes).toContainEqual(
      expect.objectContaining({ kind: 'duplicate', country: 'Guinea', indicatorId: 'cumulative-all-cases' }),
    );
  });

  it('withWarnings adds warnings without changing the dataset it was given', () => {
    const more = withWarnings(ds, ['served from cache']);
    expect(describeMeta(more).warnings).toEqual(['served from cache']);
    expect(describeMeta(ds).warnings).toEqual([]);
  });
});
