import { describe, expect, it } from 'vitest';
import { RT_METHOD, RT_PARAMETERS, type SeriesResponse, seriesToCsv } from '../../src/core/index.js';

const response: SeriesResponse = {
  indicator: { id: 'cumulative-all-deaths', name: 'Cumulative number of …', facets: null, rows: 3 },
  measure: 'cumulative',
  unit: 'cumulative deaths',
  per100k: false,
  clamp: false,
  mergeFlareUps: false,
  from: null,
  to: null,
  series: [
    {
      country: 'Liberia',
      dates: ['2014-10-25', '2014-10-29', '2014-10-31'],
      values: [0, -511, null],
      revisions: ['2014-10-29'],
      notes: [],
    },
    { country: 'Bonaire, "Sint" Eustatius', dates: ['2014-10-25'], values: [1.5], revisions: [], notes: [] },
  ],
};

describe('seriesToCsv', () => {
  it('writes one row per point with RFC 4180 quoting and CRLF', () => {
    expect(seriesToCsv(response).split('\r\n')).toEqual([
      'country,indicator,measure,unit,date,value,revision',
      'Liberia,cumulative-all-deaths,cumulative,cumulative deaths,2014-10-25,0,false',
      'Liberia,cumulative-all-deaths,cumulative,cumulative deaths,2014-10-29,-511,true',
      'Liberia,cumulative-all-deaths,cumulative,cumulative deaths,2014-10-31,,false',
      '"Bonaire, ""Sint"" Eustatius",cumulative-all-deaths,cumulative,cumulative deaths,2014-10-25,1.5,false',
      '',
    ]);
  });

  it('weekly: the method before the header, and the ISO week of each row', () => {
    const weekly: SeriesResponse = {
      ...response,
      measure: 'weekly',
      unit: 'deaths per week',
      method: 'new per ISO epi week, "Monday to Sunday"',
      series: [
        {
          country: 'Liberia',
          dates: ['2014-10-26', '2014-11-02'],
          weeks: ['2014-W43', '2014-W44'],
          values: [null, -292],
          revisions: ['2014-11-02'],
          notes: [],
        },
      ],
    };
    expect(seriesToCsv(weekly).split('\r\n')).toEqual([
      '# weekly: new per ISO epi week, "Monday to Sunday"',
      'country,indicator,measure,unit,date,iso_week,value,revision',
      'Liberia,cumulative-all-deaths,weekly,deaths per week,2014-10-26,2014-W43,,false',
      'Liberia,cumulative-all-deaths,weekly,deaths per week,2014-11-02,2014-W44,-292,true',
      '',
    ]);
  });

  it('rt: the method and parameters before the header; interval, uncertainty, growth and doubling/halving time', () => {
    const rt: SeriesResponse = {
      ...response,
      measure: 'rt',
      unit: 'reproduction number Rt (from weekly cases)',
      method: RT_METHOD,
      rt: { window: 2, ...RT_PARAMETERS },
      series: [
        {
          country: 'Guinea',
          dates: ['2014-09-21', '2014-09-28'],
          weeks: ['2014-W38', '2014-W39'],
          values: [null, 1.5],
          lower: [null, 1.25],
          upper: [null, 1.75],
          uncertain: [false, true],
          growthRate: [null, -0.05],
          doublingTime: [null, null],
          halvingTime: [null, 13.8629],
          revisions: [],
          notes: [],
        },
      ],
    };
    const lines = seriesToCsv(rt).split('\r\n');
    expect(lines[0]).toBe(`# rt: ${RT_METHOD}`);
    expect(lines[1]).toBe(
      '# parameters: window 2 weeks; serial interval gamma mean 15.3 d, SD 9.3 d; prior gamma mean 5, SD 5; lower/upper = 2.5 %/97.5 % posterior quantiles',
    );
    expect(lines[2]).toMatch(/^# growth rate: r per day: the least-squares slope of ln\(weekly incidence\)/);
    expect(lines.slice(3)).toEqual([
      'country,indicator,measure,unit,date,iso_week,value,revision,lower,upper,uncertain,growth_rate_per_day,doubling_time_days,halving_time_days',
      'Guinea,cumulative-all-deaths,rt,reproduction number Rt (from weekly cases),2014-09-21,2014-W38,,false,,,false,,,',
      'Guinea,cumulative-all-deaths,rt,reproduction number Rt (from weekly cases),2014-09-28,2014-W39,1.5,false,1.25,1.75,true,-0.05,,13.8629',
      '',
    ]);
  });

  it('writes only the header for an empty answer', () => {
    expect(seriesToCsv({ ...response, series: [] })).toBe(
      'country,indicator,measure,unit,date,value,revision\r\n',
    );
  });
});
