import { describe, expect, it } from 'vitest';
import { type SeriesResponse, seriesToCsv } from '../../src/core/index.js';

const response: SeriesResponse = {
  indicator: { id: 'cumulative-all-deaths', name: 'Cumulative number of …', facets: null, rows: 3 },
  measure: 'weekly',
  unit: 'deaths per week',
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
      'Liberia,cumulative-all-deaths,weekly,deaths per week,2014-10-25,0,false',
      'Liberia,cumulative-all-deaths,weekly,deaths per week,2014-10-29,-511,true',
      'Liberia,cumulative-all-deaths,weekly,deaths per week,2014-10-31,,false',
      '"Bonaire, ""Sint"" Eustatius",cumulative-all-deaths,weekly,deaths per week,2014-10-25,1.5,false',
      '',
    ]);
  });

  it('writes only the header for an empty answer', () => {
    expect(seriesToCsv({ ...response, series: [] })).toBe(
      'country,indicator,measure,unit,date,value,revision\r\n',
    );
  });
});
