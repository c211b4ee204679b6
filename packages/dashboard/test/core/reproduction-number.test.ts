// Rt as EpiEstim computes it: the serial interval weights and the posterior against
// EpiEstim 2.2-4 itself (test/reference/epiestim-rt.csv, made by epiestim-rt.R from our
// weekly incidence of the real file), and the growth rate by hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDataset,
  type Dataset,
  discreteSerialInterval,
  doublingTime,
  estimateRt,
  growthRate,
  parseHdxCsv,
  QueryError,
  querySeries,
  RT_PARAMETERS,
  type RtSettings,
  type SeriesQuery,
} from '../../src/core/index.js';
import {
  INCIDENCE_FILE,
  REFERENCE_COUNTRIES,
  REFERENCE_INDICATOR,
  weeklyIncidenceLines,
} from '../reference/weekly-incidence.js';
import { realDataset } from './real-data.js';

const SI_MEAN_WEEKS = 15.3 / 7;
const SI_SD_WEEKS = 9.3 / 7;
const settings = (window: number): RtSettings => ({
  window,
  siMean: SI_MEAN_WEEKS,
  siSd: SI_SD_WEEKS,
  priorMean: 5,
  priorSd: 5,
  quantiles: [0.025, 0.975],
});

describe('discreteSerialInterval is EpiEstim discr_si', () => {
  // Printed by EpiEstim 2.2-4: discr_si(0:8, 15.3/7, 9.3/7) and discr_si(0:4, 3, 0.5).
  it.each([
    [0, SI_MEAN_WEEKS, SI_SD_WEEKS, 0],
    [1, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.36407777205895631],
    [2, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.35123661689160102],
    [3, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.14926999630886112],
    [4, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.069696453899931024],
    [5, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.033475539022610627],
    [8, SI_MEAN_WEEKS, SI_SD_WEEKS, 0.0039681352718154324],
    [1, 3, 0.5, 0.00079496842427664079],
    [2, 3, 0.5, 0.19684512639575813],
    [3, 3, 0.5, 0.61324903158441302],
    [4, 3, 0.5, 0.17993030831045265],
  ])('w(%i; mean %d, sd %d) = %d', (k, mu, sigma, expected) => {
    const w = discreteSerialInterval(k, mu, sigma);
    if (expected === 0) expect(w).toBe(0);
    else expect(Math.abs(w / expected - 1)).toBeLessThan(1e-12);
  });

  it('its mean over 0..8 weeks is EpiEstim’s 2.1463020916184794', () => {
    let mean = 0;
    for (let k = 0; k <= 8; k++) mean += k * discreteSerialInterval(k, SI_MEAN_WEEKS, SI_SD_WEEKS);
    expect(mean).toBeCloseTo(2.1463020916184794, 13);
  });

  it.each([
    [1, 1, 0.5, /mean must be > 1/],
    [1, 3, -1, /SD must be ≥ 0/],
    [-1, 3, 1, /k must be ≥ 0/],
  ])('refuses k=%d mean=%d sd=%d', (k, mu, sigma, message) => {
    expect(() => discreteSerialInterval(k, mu, sigma)).toThrow(message);
  });
});

describe('estimateRt (Cori et al. 2013, EpiEstim parametric_si)', () => {
  it('follows the posterior formula by hand on a short series', () => {
    const incidence = [10, 20, 30, 40];
    const w = [0, 1, 2, 3].map((k) => discreteSerialInterval(k, SI_MEAN_WEEKS, SI_SD_WEEKS));
    const lambda = (t: number) => {
      let sum = 0;
      for (let k = 1; k <= t; k++) sum += w[k]! * incidence[t - k]!;
      return sum;
    };
    const r = estimateRt(incidence, settings(2));
    // Window 2 ends at steps 2 and 3 (EpiEstim's t_end 3 and 4); step 1 would start at the imported step.
    expect(r.mean.slice(0, 2)).toEqual([null, null]);
    // Prior shape 1, scale 5.
    const shape = 1 + 30 + 40;
    const scale = 1 / (1 / 5 + lambda(2) + lambda(3));
    expect(r.mean[3]).toBeCloseTo(shape * scale, 12);
    expect(r.cv[3]).toBeCloseTo(1 / Math.sqrt(shape), 12);
    expect(r.lower[3]!).toBeLessThan(r.mean[3]!);
    expect(r.upper[3]!).toBeGreaterThan(r.mean[3]!);
  });

  it('matches EpiEstim on a short series, where the serial interval is cut at T − 1 steps', () => {
    // EpiEstim 2.2-4: estimate_R(c(5,5,5,5,5,5), "parametric_si", t_start = t_end = 2:6). Its
    // discretised SI mean over 0..5 steps is 1.96, so the window ending at t = 2 is estimated.
    const r = estimateRt([5, 5, 5, 5, 5, 5], settings(1));
    const epiestim = [
      [2.96972534243956, 1.089836860993971, 5.77529024666084],
      [1.58874240654583, 0.583040462541747, 3.0896623313465],
      [1.3265760713478, 0.486830038053197, 2.57982168816155],
      [1.23167771731548, 0.452004014651615, 2.39527077005653],
      [1.19076398421299, 0.436989395683741, 2.31570493264908],
    ];
    expect(r.mean[0]).toBeNull();
    epiestim.forEach(([mean, lower, upper], i) => {
      expect(r.mean[i + 1]! / mean! - 1).toBeCloseTo(0, 12);
      expect(r.lower[i + 1]! / lower! - 1).toBeCloseTo(0, 12);
      expect(r.upper[i + 1]! / upper! - 1).toBeCloseTo(0, 12);
    });
    expect(r.discreteSiMean).toBeLessThan(2);
  });

  it('no estimate for windows that end after too few steps, or on an empty series', () => {
    expect(estimateRt([5, 5, 5], settings(3)).mean).toEqual([null, null, null]);
    expect(estimateRt([], settings(2)).mean).toEqual([]);
    // A long series: the mean SI (2.15 weeks) is reached, the window ending at step 1 (t_end = 2) is not estimated.
    const long = estimateRt(
      Array.from({ length: 30 }, () => 5),
      settings(1),
    );
    expect(long.mean.slice(0, 3).map((m) => m !== null)).toEqual([false, false, true]);
    expect(long.discreteSiMean).toBeCloseTo(2.1857, 3);
  });

  it('marks a point uncertain where few cases make the posterior CV > 0.3', () => {
    const few = estimateRt([2, 2, 2, 2, 2, 2], settings(2));
    const many = estimateRt([200, 200, 200, 200, 200, 200], settings(2));
    expect(few.cv[5]).toBeGreaterThan(0.3);
    expect(many.cv[5]).toBeLessThan(0.3);
  });

  it('stays fast and ordered on absurd counts (a hostile file), and gives no NaN past 1e300', () => {
    for (const weekly of [1e6, 1e9, 1e12, 1e15]) {
      const started = performance.now();
      const r = estimateRt(
        Array.from({ length: 80 }, (_, i) => weekly * (1 + 0.01 * i)),
        settings(6),
      );
      expect(performance.now() - started, `${weekly} a week`).toBeLessThan(2_000);
      for (let i = 7; i < 80; i++) {
        expect(r.lower[i]!).toBeLessThanOrEqual(r.mean[i]!);
        expect(r.mean[i]!).toBeLessThanOrEqual(r.upper[i]!);
      }
    }
    const overflow = estimateRt([1e308, 1e308, 1e308, 1e308, 1e308], settings(2));
    expect(overflow.mean.every((m) => m === null || Number.isFinite(m))).toBe(true);
  });

  it('refuses negative or missing incidence (the caller sets revisions to 0)', () => {
    expect(() => estimateRt([5, -1, 3], settings(1))).toThrow(/counts ≥ 0/);
    expect(() => estimateRt([5, Number.NaN, 3], settings(1))).toThrow(/counts ≥ 0/);
  });
});

describe('growthRate and doubling time', () => {
  it('is the slope of ln(incidence): doubling each step gives ln 2', () => {
    const doubling = [10, 20, 40, 80, 160];
    expect(growthRate(doubling, 1, 4)).toBeCloseTo(Math.LN2, 12);
    expect(growthRate(doubling.toReversed(), 0, 2)).toBeCloseTo(-Math.LN2, 12);
    // Least squares over 3 points, by hand: x = 0,1,2; y = ln 1, ln 4, ln 4 → slope ln 4 / 2.
    expect(growthRate([1, 4, 4], 0, 2)).toBeCloseTo(Math.log(4) / 2, 12);
  });

  it('is null with fewer than 2 steps, or any step ≤ 0', () => {
    expect(growthRate([10, 20], 1, 1)).toBeNull();
    expect(growthRate([10, 0, 20], 0, 2)).toBeNull();
    expect(growthRate([10, 20], 0, 2)).toBeNull();
  });

  it('doubling time ln 2 / r for r > 0, halving ln 2 / −r for r < 0, never infinite', () => {
    expect(doublingTime(Math.LN2 / 7, 1)).toBeCloseTo(7, 12);
    expect(doublingTime(Math.LN2 / 7, -1)).toBeNull();
    expect(doublingTime(-Math.LN2 / 14, -1)).toBeCloseTo(14, 12);
    expect(doublingTime(0, 1)).toBeNull();
    expect(doublingTime(0, -1)).toBeNull();
    expect(doublingTime(null, 1)).toBeNull();
    expect(doublingTime(1e-320, 1)).toBeNull();
  });
});

interface ReferenceRow {
  country: string;
  window: number;
  weekEnding: string;
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

function readReference(): { header: string[]; rows: ReferenceRow[] } {
  const text = readFileSync(fileURLToPath(new URL('../reference/epiestim-rt.csv', import.meta.url)), 'utf8');
  const lines = text.trimEnd().split('\n');
  const header = lines.filter((l) => l.startsWith('#'));
  const [columns, ...data] = lines.filter((l) => !l.startsWith('#'));
  expect(columns).toBe('country,window,week_ending,mean,lower,upper');
  const num = (text: string) => (text === '' ? null : Number(text));
  const rows = data.map((line) => {
    const [country, window, weekEnding, mean, lower, upper] = line.split(',');
    return {
      country: country!,
      window: Number(window),
      weekEnding: weekEnding!,
      mean: num(mean!),
      lower: num(lower!),
      upper: num(upper!),
    };
  });
  return { header, rows };
}

describe('measure=rt on the real file equals EpiEstim 2.2-4 (relative 1e-6)', () => {
  let ds: Dataset;
  beforeAll(() => {
    ds = realDataset();
  });
  const reference = readReference();

  it('its input, weekly-incidence.csv, is still our weekly incidence (else re-run weekly-incidence.ts and epiestim-rt.R)', () => {
    const text = readFileSync(INCIDENCE_FILE, 'utf8');
    expect(text.trimEnd().split('\n')).toEqual(weeklyIncidenceLines(ds));
  });

  it('the fixture says which EpiEstim and R made it, and covers 3 countries × 6 windows', () => {
    expect(reference.header[0]).toMatch(/^# EpiEstim 2\.2\.4 on R version \d+\.\d+\.\d+/);
    const combos = new Set(reference.rows.map((r) => `${r.country}/${r.window}`));
    expect(combos.size).toBe(18);
    expect(reference.rows.filter((r) => r.mean !== null).length).toBeGreaterThan(1_300);
  });

  it.each(
    REFERENCE_COUNTRIES.flatMap((country) => [1, 2, 3, 4, 5, 6].map((window) => [country, window] as const)),
  )('%s, window %i', (country, window) => {
    const trace = querySeries(ds, {
      countries: [country],
      indicator: REFERENCE_INDICATOR,
      measure: 'rt',
      window,
      per100k: false,
      clamp: false,
      mergeFlareUps: false,
    }).series[0]!;
    const expected = reference.rows.filter((r) => r.country === country && r.window === window);
    expect(expected.length).toBeGreaterThan(70);
    const close = (ours: number | null | undefined, theirs: number | null) => {
      if (theirs === null) return ours === null;
      return ours !== null && ours !== undefined && Math.abs(ours - theirs) <= 1e-6 * Math.abs(theirs);
    };
    const mismatches = expected.filter((row) => {
      const i = trace.dates.indexOf(row.weekEnding);
      return (
        i === -1 ||
        !close(trace.values[i], row.mean) ||
        !close(trace.lower![i], row.lower) ||
        !close(trace.upper![i], row.upper)
      );
    });
    expect(mismatches).toEqual([]);
    // Every week EpiEstim does not estimate is null in ours too (the first weeks).
    const estimated = new Set(expected.filter((r) => r.mean !== null).map((r) => r.weekEnding));
    expect(trace.dates.filter((_, i) => trace.values[i] !== null)).toEqual(
      trace.dates.filter((d) => estimated.has(d)),
    );
  });
});

describe('querySeries measure=rt', () => {
  const ALL_CASES = 'Cumulative number of confirmed, probable and suspected Ebola cases';
  const CFR = 'Case fatality rate (CFR) of confirmed, probable and suspected Ebola cases';
  const PROPORTION =
    'Proportion of confirmed, probable and suspected Ebola cases that are from the last 21 days';
  // Weekly all cases of Guinea: Sundays 01-04 … 02-22; a revision in the week ending 02-08.
  const rows: [string, string, string, number][] = [
    [ALL_CASES, 'Guinea', '2015-01-01', 100],
    [ALL_CASES, 'Guinea', '2015-01-08', 150],
    [ALL_CASES, 'Guinea', '2015-01-15', 210],
    [ALL_CASES, 'Guinea', '2015-01-22', 280],
    [ALL_CASES, 'Guinea', '2015-01-29', 380],
    [ALL_CASES, 'Guinea', '2015-02-05', 370],
    [ALL_CASES, 'Guinea', '2015-02-12', 420],
    [ALL_CASES, 'Guinea', '2015-02-19', 500],
    [CFR, 'Guinea', '2015-01-01', 40],
    [PROPORTION, 'Guinea', '2015-01-01', 10],
    [ALL_CASES, 'Liberia', '2015-01-08', 7],
    [CFR, 'Sierra Leone', '2015-01-01', 30],
  ];
  const small = buildDataset(
    parseHdxCsv(
      `Indicator,Country,Date,value\n${rows.map(([i, c, d, v]) => `"${i}",${c},${d},${v}`).join('\n')}\n`,
      {
        file: 'rt.csv',
      },
    ),
    { location: 'rt.csv', kind: 'file' },
    new Date(),
  );
  const base: SeriesQuery = {
    countries: ['Guinea'],
    indicator: 'cumulative-all-cases',
    measure: 'rt',
    per100k: false,
    clamp: false,
    mergeFlareUps: false,
  };
  const rt = (q: Partial<SeriesQuery> = {}) => querySeries(small, { ...base, ...q });

  it('answers on the weekly dates with the interval, uncertainty, growth and the parameters used', () => {
    const r = rt();
    const trace = r.series[0]!;
    expect(trace.dates).toEqual([
      '2015-01-04',
      '2015-01-11',
      '2015-01-18',
      '2015-01-25',
      '2015-02-01',
      '2015-02-08',
      '2015-02-15',
      '2015-02-22',
    ]);
    expect(trace.weeks![0]).toBe('2015-W01');
    for (const key of [
      'values',
      'lower',
      'upper',
      'uncertain',
      'growthRate',
      'doublingTime',
      'halvingTime',
    ] as const) {
      expect(trace[key], key).toHaveLength(8);
    }
    // Incidence from week 2: 50 (imported), 60, 70, 100, 0 (revision −10), 50, 80.
    const expected = estimateRt([50, 60, 70, 100, 0, 50, 80], settings(2));
    expect(trace.values).toEqual([
      null,
      ...expected.mean.map((m) => (m === null ? null : expect.closeTo(m, 8))),
    ]);
    expect(trace.uncertain).toEqual([false, ...expected.cv.map((cv) => cv !== null && cv > 0.3)]);
    // Growth over weeks ending 01-18 and 01-25 (60 → 70): ln(70/60) per week, per day / 7.
    expect(trace.growthRate![3]).toBeCloseTo(Math.log(70 / 60) / 7, 5);
    expect(trace.doublingTime![3]).toBeCloseTo((7 * Math.LN2) / Math.log(70 / 60), 2);
    expect(trace.halvingTime![3]).toBeNull();
    // The window holding the week counted as 0 has no growth rate.
    expect(trace.growthRate![5]).toBeNull();
    expect(trace.growthRate![6]).toBeNull();
    expect(r.rt).toEqual({ window: 2, ...RT_PARAMETERS });
    expect(r.method).toMatch(/^instantaneous reproduction number Rt/);
    expect(r.unit).toBe('reproduction number Rt (from weekly cases)');
    expect(trace.notes.map((n) => n.kind)).toEqual(expect.arrayContaining(['method', 'revision']));
    expect(trace.notes.find((n) => n.kind === 'revision')!.message).toBe(
      '1 week with a negative count (WHO revisions) counts as 0 for Rt',
    );
  });

  it('a country with one report, or none, gets empty or blank arrays of the same length and says why', () => {
    const [liberia, sierraLeone] = rt({ countries: ['Liberia', 'Sierra Leone'] }).series;
    expect(liberia).toMatchObject({
      dates: ['2015-01-11'],
      values: [null],
      lower: [null],
      uncertain: [false],
    });
    expect(liberia!.notes.find((n) => n.kind === 'sparse')!.message).toBe(
      'no Rt: only 1 week of data; the first week has no incidence (no earlier week end), the second counts as imported cases, and a 2-week window starts after it and ends after the mean serial interval (2.2 weeks)',
    );
    expect(sierraLeone).toMatchObject({
      dates: [],
      values: [],
      lower: [],
      upper: [],
      growthRate: [],
      weeks: [],
    });
  });

  it('notes the windows without a case (Rt there is the prior, not a measurement)', () => {
    const liberia = querySeries(realDataset(), {
      countries: ['Liberia'],
      indicator: 'cumulative-all-cases',
      measure: 'rt',
      window: 2,
      per100k: false,
      clamp: false,
      mergeFlareUps: false,
    }).series[0]!;
    const note = liberia.notes.find((n) => n.kind === 'sparse' && n.message.includes('no case'))!;
    expect(note.message).toMatch(/^\d+ windows have no case: there Rt comes from the prior \(mean 5\)/);
    for (const date of note.dates!) expect(liberia.uncertain![liberia.dates.indexOf(date)]).toBe(true);
    expect(rt().series[0]!.notes.some((n) => n.message.includes('no case'))).toBe(false);
  });

  it('the window changes the answer and is returned', () => {
    expect(rt({ window: 4 }).rt!.window).toBe(4);
    expect(rt({ window: 4 }).series[0]!.values).not.toEqual(rt({ window: 2 }).series[0]!.values);
  });

  it('slices by date like any other measure', () => {
    expect(rt({ from: '2015-02-01', to: '2015-02-15' }).series[0]!.lower).toEqual(
      rt().series[0]!.lower!.slice(4, 7),
    );
  });

  it.each([
    [{ indicator: CFR }, 'EBOV_MEASURE_NOT_APPLICABLE', 'measure'],
    [{ indicator: PROPORTION }, 'EBOV_MEASURE_NOT_APPLICABLE', 'measure'],
    [{ per100k: true }, 'EBOV_PER100K_NOT_APPLICABLE', 'per100k'],
    [{ window: 0 }, 'EBOV_BAD_PARAMETER', 'window'],
    [{ window: 7 }, 'EBOV_BAD_PARAMETER', 'window'],
    [{ window: 2.5 }, 'EBOV_BAD_PARAMETER', 'window'],
    [{ measure: 'weekly', window: 2 }, 'EBOV_BAD_PARAMETER', 'window'],
  ] as const)('refuses %j with %s', (q, code, parameter) => {
    let error: unknown;
    try {
      rt(q as Partial<SeriesQuery>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toMatchObject({ code, parameter });
    expect((error as Error).message.length).toBeGreaterThan(20);
  });
});
