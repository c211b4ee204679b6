// The pure models behind issue #12: typed dates, the map's colour classes, date ticks,
// the exported files' names and CSV, a bad link's repair, French number formats, and
// which requests get an HTML error page.
import { afterEach, describe, expect, it } from 'vitest';
import type { MetaResponse, SeriesResponse } from '../../src/core/api-types.js';
import { htmlErrorPage, wantsHtmlPage } from '../../src/server/html-error-page.js';
import {
  formatCompact,
  formatDate,
  formatDateTicks,
  formatValue,
  isoToSeconds,
} from '../../src/web/chart-data.js';
import { chartSvg, dateTicks, linearTicks, wrap } from '../../src/web/chart-svg.js';
import { parseDateInput } from '../../src/web/date-input.js';
import { type ExportContext, exportCsv, exportName, measureSlug } from '../../src/web/export-files.js';
import { preferredLanguage, setLanguage, t } from '../../src/web/i18n.js';
import { classOf, mapScale, reportOnOrBefore } from '../../src/web/map-scale.js';
import { repairView } from '../../src/web/view-problems.js';
import { DEFAULT_STATE, parseViewState } from '../../src/web/view-state.js';

afterEach(() => setLanguage('en'));

describe('typed dates', () => {
  it.each([
    ['2015-03-23', '2015-03-23'],
    ['23 Mar 2015', '2015-03-23'],
    ['23 mars 2015', '2015-03-23'],
    ['1er juin 2015', '2015-06-01'],
    ['4 Sept 2014', '2014-09-04'],
    ['  1 déc. 2015 ', '2015-12-01'],
    ['', null],
    ['06/01/2015', undefined],
    ['31 Feb 2015', undefined],
    ['2015-02-30', undefined],
    ['23 Foo 2015', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseDateInput(text)).toBe(expected);
  });
});

describe('map colour classes', () => {
  it('keeps 0 apart from 1 and labels ten-fold classes for counts', () => {
    const scale = mapScale(1, 14_122, 'cumulative cases', true);
    expect(scale.log).toBe(true);
    expect(scale.classes.map((c) => c.label)).toEqual([
      '0',
      '1–9',
      '10–99',
      '100–999',
      '1,000–9,999',
      '10,000–99,999',
    ]);
    expect(classOf(scale, 0).colour).not.toBe(classOf(scale, 1).colour);
    expect(classOf(scale, 1).label).toBe('1–9');
    expect(classOf(scale, 14_122).label).toBe('10,000–99,999');
  });

  it('uses 1-3-10 steps when decades give too few classes, and starts at the smallest rate', () => {
    const scale = mapScale(0.2, 250, 'cases per 100k', false);
    expect(scale.classes.length).toBeLessThanOrEqual(7);
    expect(classOf(scale, 0.2).label).not.toBe('0');
    expect(classOf(scale, 250).to).toBe(Number.POSITIVE_INFINITY);
  });

  it('uses equal steps for percentages', () => {
    const scale = mapScale(5, 70, 'crude CFR (%)', false);
    expect(scale.log).toBe(false);
    expect(scale.classes[1]?.label).toMatch(/^0%–/);
  });

  it('shows the report on or before a date', () => {
    const dates = ['2014-12-24', '2014-12-31', '2015-01-07'];
    expect(reportOnOrBefore(dates, '2015-01-01')).toBe('2014-12-31');
    expect(reportOnOrBefore(dates, '2014-12-31')).toBe('2014-12-31');
    expect(reportOnOrBefore(dates, '2014-01-01')).toBe('2014-12-24');
    expect(reportOnOrBefore(dates, null)).toBe('2015-01-07');
    expect(reportOnOrBefore([], '2015-01-01')).toBe(null);
  });
});

describe('date axis', () => {
  const day = 86_400;
  it.each([
    ['2015-04-10', '2015-04-30'],
    ['2015-03-01', '2015-05-15'],
    ['2014-09-01', '2015-03-01'],
    ['2014-08-29', '2016-03-23'],
  ])('ticks from %s to %s are all different', (from, to) => {
    const { ticks, step } = dateTicks(isoToSeconds(from), isoToSeconds(to));
    const labels = formatDateTicks(ticks, step);
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('writes days with the year at the first tick and at a new year, months, or years', () => {
    const days = ['2014-12-28', '2015-01-04', '2015-01-11'].map(isoToSeconds);
    expect(formatDateTicks(days, 7 * day)).toEqual(['28 Dec 2014', '4 Jan 2015', '11 Jan']);
    expect(formatDateTicks([isoToSeconds('2015-04-01')], 30 * day)).toEqual(['Apr 15']);
    expect(formatDateTicks([isoToSeconds('2015-01-01')], 365 * day)).toEqual(['2015']);
  });

  it('has nice linear ticks', () => {
    expect(linearTicks(0, 14_122)).toEqual([0, 5000, 10_000, 15_000].filter((v) => v <= 14_122 + 1e-9));
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('wraps long lines at spaces', () => {
    expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
  });
});

const response: SeriesResponse = {
  indicator: {
    id: 'cumulative-all-cases',
    name: 'Cumulative number of confirmed, probable and suspected Ebola cases',
    facets: { outcome: 'cases', classification: 'all', measure: 'cumulative' },
    rows: 2477,
  },
  measure: 'cumulative',
  unit: 'cumulative cases',
  per100k: false,
  clamp: false,
  mergeFlareUps: false,
  from: null,
  to: null,
  series: [
    { country: 'Guinea', dates: ['2014-08-29', '2016-03-23'], values: [648, 3804], revisions: [], notes: [] },
    {
      country: 'Sierra Leone',
      dates: ['2014-08-29', '2016-03-20'],
      values: [1026, 14122],
      revisions: [],
      notes: [],
    },
  ],
};

const meta = {
  source: { location: '/data/ebola_data_db_format.csv', kind: 'file' },
  loadedAt: '2026-12-04T16:00:00.000Z',
  dateFormat: 'iso',
  dateRange: { from: '2014-08-29', to: '2016-03-23' },
  countries: [
    {
      name: 'Guinea',
      parent: null,
      population: { value: 11_805_509, year: 2014, source: 'World Bank' },
      rows: 1,
    },
    {
      name: 'Sierra Leone',
      parent: null,
      population: { value: 7_079_162, year: 2014, source: 'World Bank' },
      rows: 1,
    },
    {
      name: 'Liberia',
      parent: null,
      population: { value: 4_390_737, year: 2014, source: 'World Bank' },
      rows: 1,
    },
    { name: 'Liberia 2', parent: 'Liberia', population: null, rows: 1 },
  ],
  indicators: [response.indicator],
  notes: [],
  warnings: [],
  measures: [],
} as unknown as MetaResponse;

function context(partial: Partial<ExportContext> = {}): ExportContext {
  return {
    view: 'chart',
    state: { ...DEFAULT_STATE, countries: ['Guinea', 'Sierra Leone'] },
    chart: response,
    map: response,
    mapDate: '2016-03-21',
    title: 'All cases, cumulative',
    meta,
    pageUrl: 'http://localhost/?country=Guinea&country=Sierra+Leone',
    colourOf: () => '#000',
    ...partial,
  };
}

describe('exported files', () => {
  it('names the file after the view', () => {
    expect(exportName(context(), 'csv')).toBe(
      'ebola_cumulative-all-cases_guinea-sierra-leone_2014-08-29_2016-03-23.csv',
    );
    expect(exportName(context({ view: 'map' }), 'png')).toBe('ebola_cumulative-all-cases_map_2016-03-21.png');
    expect(measureSlug({ ...response, measure: 'weekly', per100k: true })).toBe('weekly-all-cases-per-100k');
    expect(
      measureSlug({
        ...response,
        measure: 'cfr',
        indicator: { ...response.indicator, id: 'cumulative-confirmed-deaths' },
      }),
    ).toBe('cfr-confirmed-deaths');
  });

  it('leaves hidden series out of the CSV and the name', () => {
    const ctx = context({ state: { ...context().state, hidden: ['Guinea'] } });
    expect(exportName(ctx, 'csv')).toBe('ebola_cumulative-all-cases_sierra-leone_2014-08-29_2016-03-20.csv');
    expect(exportCsv(ctx)).not.toContain('Guinea');
  });

  it('writes the HDX name, unit, population and source beside each value', () => {
    const lines = exportCsv(context()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,country,value,unit,indicator,hdx_indicator,measure,population,population_source,source',
    );
    expect(lines[2]).toBe(
      '2016-03-23,Guinea,3804,cumulative cases,"All cases, cumulative","Cumulative number of confirmed, probable and suspected Ebola cases",cumulative,11805509,World Bank (2014),"WHO Ebola situation reports, compiled by UN OCHA HDX (“Ebola Cases and Deaths”): ebola_data_db_format.csv, loaded 2026-12-04"',
    );
  });

  it('writes every country at the map date on the map tab, with the report it carries', () => {
    const lines = exportCsv(context({ view: 'map' }))
      .trim()
      .split('\r\n');
    expect(lines[0]?.endsWith(',report_date')).toBe(true);
    expect(lines[1]).toMatch(/^2016-03-21,Guinea,648,.*,2014-08-29$/);
    expect(lines[2]).toMatch(/^2016-03-21,Sierra Leone,14122,.*,2016-03-20$/);
  });

  it('quotes a text cell a spreadsheet would read as a formula', () => {
    const ctx = context({ title: '=HYPERLINK("x")' });
    expect(exportCsv(ctx).split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('draws a light SVG with unit, labels at the line ends and the footer', () => {
    const svg = chartSvg(response, {
      title: 'All cases, cumulative',
      subtitle: 'Guinea, Sierra Leone',
      footer: ['Unit: cumulative cases · log scale', 'Source: WHO', 'http://localhost/'],
      log: true,
      multiples: false,
      sharedY: false,
      hidden: [],
      yTitle: 'cumulative cases',
      colourOf: () => '#0072B2',
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1000"/);
    expect(svg).toContain('<rect width="100%" height="100%" fill="#ffffff"/>');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    for (const text of ['cumulative cases', '>Sierra Leone<', 'log scale', 'http://localhost/'])
      expect(svg).toContain(text);
  });
});

describe('a bad link', () => {
  it('keeps what the data has, in its spelling, and names what it leaves out', () => {
    const search =
      '?country=guinea&country=Mars&country=Guinea&measure=daily&from=2015-02-31&to=2015-01-01&hide=GUINEA';
    const { state, problems } = repairView(search, parseViewState(search), meta, t());
    expect(state.countries).toEqual(['Guinea']);
    expect(state.hidden).toEqual(['Guinea']);
    expect(state.from).toBe(null);
    expect(problems).toEqual([
      '“Mars” is not a country in this data, so it is left out.',
      'The link asks for the measure “daily”, which this page does not know: showing cumulative counts.',
      'The link’s start date “2015-02-31” is not a date (write it like 2015-03-23): it is ignored.',
    ]);
  });

  it('cuts a huge value in its message', () => {
    const search = `?country=${'x'.repeat(5000)}`;
    const [problem] = repairView(search, parseViewState(search), meta, t()).problems;
    expect(problem?.length).toBeLessThan(120);
  });

  it('swaps a start date after the end date', () => {
    const search = '?from=2015-06-01&to=2015-01-01';
    const { state, problems } = repairView(search, parseViewState(search), meta, t());
    expect([state.from, state.to]).toEqual(['2015-01-01', '2015-06-01']);
    expect(problems).toHaveLength(1);
  });
});

describe('French', () => {
  const intl = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat('fr', options);
  it.each([0, 7, 3804, 28_592, 1_234_567, 12.34, -1500, 0.125, 99.995])('formats %d as Intl fr does', (v) => {
    setLanguage('fr');
    const expected =
      Math.abs(v) >= 100 || Number.isInteger(v)
        ? intl({ maximumFractionDigits: 0 })
        : intl({ maximumFractionDigits: 2 });
    expect(formatValue(v)).toBe(expected.format(v));
  });

  it.each([950, 1500, 15_000, 1_200_000])('compacts %d as Intl fr does', (v) => {
    setLanguage('fr');
    expect(formatCompact(v)).toBe(intl({ notation: 'compact', maximumFractionDigits: 1 }).format(v));
  });

  it('writes dates and percentages the French way', () => {
    setLanguage('fr');
    expect(formatValue(3804)).toBe('3\u202f804');
    expect(formatDate('2016-03-23')).toBe('23 mars 2016');
    expect(formatValue(39.5, '%')).toBe(
      new Intl.NumberFormat('fr', { style: 'percent', maximumFractionDigits: 2 }).format(0.395),
    );
  });

  it('picks the reader’s first language we speak', () => {
    expect(preferredLanguage(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(preferredLanguage(['en-GB', 'fr'])).toBe('en');
    expect(preferredLanguage(['de'])).toBe('en');
  });
});

describe('HTML error pages', () => {
  it.each([
    ['GET', '/nothing', 'text/html,application/xhtml+xml', true],
    ['GET', '/?country=Guinea', '*/*', false],
    ['GET', '/api/nothing', 'text/html', false],
    ['POST', '/nothing', 'text/html', false],
    ['GET', '/healthz', 'text/html', false],
  ])('%s %s (Accept %s) → HTML %s', (method, url, accept, html) => {
    expect(wantsHtmlPage(method, url, accept)).toBe(html);
  });

  it('says what happened and links to the dashboard', () => {
    const page = htmlErrorPage(431, 'EBOV_REQUEST_TOO_LARGE');
    expect(page).toContain('<h1>This link is too long</h1>');
    expect(page).toContain('<a href="/">');
    expect(page).not.toMatch(/<script|style=/);
  });
});
