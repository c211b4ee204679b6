// Every endpoint, in-process (inject), against the real shared HDX file.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetaResponse, SeriesResponse } from '../../src/core/api-types.js';
import { buildApp } from '../../src/server/app.js';
import { sharedDataset } from './shared-data.js';

const GUINEA_LIBERIA = '/api/series?indicator=cumulative-all-cases&country=Guinea&country=Liberia';

let app: FastifyInstance;
beforeAll(async () => {
  app = buildApp({ dataset: await sharedDataset() });
  await app.ready();
});
afterAll(() => app.close());

async function series(query: string): Promise<SeriesResponse> {
  const response = await app.inject({ url: `/api/series?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function valueAt(response: SeriesResponse, country: string, date: string): number | null | undefined {
  const trace = response.series.find((s) => s.country === country);
  if (!trace) throw new Error(`no trace for ${country}`);
  const index = trace.dates.indexOf(date);
  return index === -1 ? undefined : trace.values[index];
}

describe('GET /api/meta', () => {
  it('lists the countries, the indicators and the date range of the shared file', async () => {
    const response = await app.inject({ url: '/api/meta' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const meta: MetaResponse = response.json();
    expect(meta.countries.map((c) => c.name)).toContain('Liberia 2');
    expect(meta.countries).toHaveLength(12);
    expect(meta.indicators).toHaveLength(36);
    expect(meta.measures.map((m) => m.id)).toEqual(['cumulative', 'weekly', 'cfr', 'rt']);
    expect(meta.measures.find((m) => m.id === 'rt')!.parameters).toEqual([
      expect.objectContaining({ name: 'window', default: 2, min: 1, max: 6 }),
    ]);
    expect(meta.dateRange).toEqual({ from: '2014-08-29', to: '2016-03-23' });
    expect(meta.dateFormat).toBe('mdy');
    expect(meta.source.kind).toBe('file');
  });
});

describe('GET /api/series', () => {
  it('answers Guinea, all cases, cumulative, 2015-03-10 = 3285', async () => {
    const response = await series('indicator=cumulative-all-cases&country=Guinea');
    expect(response.measure).toBe('cumulative');
    expect(response.series.map((s) => s.country)).toEqual(['Guinea']);
    expect(valueAt(response, 'Guinea', '2015-03-10')).toBe(3285);
  });

  it('accepts the HDX indicator name as well as the id, with the same answer', async () => {
    const byName = await app.inject({
      url: `/api/series?country=Guinea&indicator=${encodeURIComponent('Cumulative number of confirmed, probable and suspected Ebola cases')}`,
    });
    const byId = await app.inject({ url: '/api/series?country=Guinea&indicator=cumulative-all-cases' });
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toBe(byId.body);
    expect(byName.headers.etag).toBe(byId.headers.etag);
  });

  it('gives the same answer whatever the order and repetition of countries', async () => {
    const a = await app.inject({ url: GUINEA_LIBERIA });
    const b = await app.inject({
      url: '/api/series?country=Liberia&indicator=cumulative-all-cases&country=Guinea&country=Liberia',
    });
    expect(b.body).toBe(a.body);
  });

  it('answers every country when none is given', async () => {
    const response = await series('indicator=cumulative-all-cases');
    expect(response.series.length).toBeGreaterThanOrEqual(10);
    for (const trace of response.series) {
      expect(trace.values).toHaveLength(trace.dates.length);
      expect([...trace.dates].sort()).toEqual(trace.dates);
    }
  });

  it('flags the Liberia deaths revision of 2014-10-29', async () => {
    const response = await series('indicator=cumulative-all-deaths&country=Liberia');
    expect(response.series[0]?.revisions).toContain('2014-10-29');
    expect(valueAt(response, 'Liberia', '2014-10-25')).toBe(2705);
    expect(valueAt(response, 'Liberia', '2014-10-29')).toBe(2413);
  });

  it('cuts the series to from..to, both inclusive', async () => {
    const response = await series(
      'indicator=cumulative-all-cases&country=Guinea&from=2015-01-01&to=2015-03-10',
    );
    const dates = response.series[0]?.dates ?? [];
    expect(dates.length).toBeGreaterThan(5);
    expect(dates.every((d) => d >= '2015-01-01' && d <= '2015-03-10')).toBe(true);
    expect(dates.at(-1)).toBe('2015-03-10');
    expect(response.from).toBe('2015-01-01');
    expect(response.to).toBe('2015-03-10');
  });

  it('derives weekly incidence, keeping revisions negative unless clamp=true', async () => {
    const weekly = await series('indicator=cumulative-all-deaths&country=Liberia&measure=weekly');
    const clamped = await series('indicator=cumulative-all-deaths&country=Liberia&measure=weekly&clamp=true');
    expect(weekly.measure).toBe('weekly');
    expect(weekly.clamp).toBe(false);
    expect(clamped.clamp).toBe(true);
    const negative = (r: SeriesResponse) =>
      (r.series[0]?.values ?? []).filter((v) => v !== null && v < 0).length;
    expect(negative(weekly)).toBeGreaterThan(0);
    expect(negative(clamped)).toBe(0);
  });

  it('weekly is per ISO epi week: Liberia, cases, the week ending 2015-04-19 (2015-W16) = 180', async () => {
    const weekly = await series(
      'country=Liberia&indicator=cumulative-all-cases&measure=weekly&from=2015-03-31&to=2015-06-01',
    );
    expect(valueAt(weekly, 'Liberia', '2015-04-19')).toBe(180);
    const trace = weekly.series[0]!;
    expect(trace.weeks![trace.dates.indexOf('2015-04-19')]).toBe('2015-W16');
    expect(weekly.method).toMatch(/ISO epi week/);
  });

  it('measure=rt: Rt with its 95 % interval, growth rate and the parameters used; window defaults to 2', async () => {
    const rt = await series('country=Liberia&country=Guinea&indicator=cumulative-all-cases&measure=rt');
    expect(rt.measure).toBe('rt');
    expect(rt.rt).toMatchObject({
      window: 2,
      serialInterval: { distribution: 'gamma', meanDays: 15.3, sdDays: 9.3 },
      prior: { mean: 5, sd: 5 },
      quantiles: [0.025, 0.975],
      uncertainAboveCv: 0.3,
    });
    const liberia = rt.series.find((s) => s.country === 'Liberia')!;
    const i = liberia.dates.indexOf('2014-11-09');
    // EpiEstim 2.2-4 (test/reference/epiestim-rt.csv): 1.61281113268262 [1.54210355455092, 1.68508139379762].
    expect(liberia.values[i]).toBeCloseTo(1.61281113268262, 6);
    expect(liberia.lower![i]).toBeCloseTo(1.54210355455092, 6);
    expect(liberia.upper![i]).toBeCloseTo(1.68508139379762, 6);
    expect(liberia.weeks![i]).toBe('2014-W45');
    for (const key of ['lower', 'upper', 'uncertain', 'growthRate', 'doublingTime', 'halvingTime'] as const) {
      expect(liberia[key], key).toHaveLength(liberia.dates.length);
    }
    expect(liberia.doublingTime!.every((d) => d === null || (Number.isFinite(d) && d > 0))).toBe(true);
    const wider = await series('country=Liberia&indicator=cumulative-all-cases&measure=rt&window=4');
    expect(wider.rt!.window).toBe(4);
    expect(wider.series[0]!.values).not.toEqual(liberia.values);
  });

  it('derives the crude CFR, per-100k rates and merged flare-ups', async () => {
    const cfr = await series('indicator=cumulative-all-cases&country=Sierra%20Leone&measure=cfr');
    expect(cfr.measure).toBe('cfr');
    expect(cfr.unit.toLowerCase()).toContain('cfr');
    const per100k = await series('indicator=cumulative-all-cases&country=Liberia&per100k=true');
    expect(per100k.per100k).toBe(true);
    const plain = await series('indicator=cumulative-all-cases&country=Liberia');
    const last = (r: SeriesResponse) => r.series[0]?.values.at(-1) ?? 0;
    expect(last(per100k)).toBeLessThan(last(plain));
    const merged = await series(
      'indicator=cumulative-all-cases&country=Liberia&country=Liberia%202&merge=true',
    );
    expect(merged.mergeFlareUps).toBe(true);
  });
});

describe('GET /api/series.csv', () => {
  it('is the same selection as the JSON, one row per point', async () => {
    const query =
      'indicator=cumulative-all-deaths&country=Liberia&country=Guinea&from=2014-10-01&to=2014-12-31';
    const json = await series(query);
    const csv = await app.inject({ url: `/api/series.csv?${query}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="ebov-cumulative-all-deaths-cumulative.csv"',
    );
    const [header, ...rows] = csv.body.trimEnd().split('\r\n');
    expect(header).toBe('country,indicator,measure,unit,date,value,revision');
    const fromJson = json.series.flatMap((trace) =>
      trace.dates.map((date, i) =>
        [trace.country, date, trace.values[i] ?? '', trace.revisions.includes(date)].join(),
      ),
    );
    const fromCsv = rows.map((row) => {
      const f = row.split(',');
      return [f[0], f[4], f[5], f[6]].join();
    });
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv.some((row) => row.endsWith('true'))).toBe(true);
  });

  it('rt: the method and parameters before the header, the interval and growth on each row', async () => {
    const query = 'indicator=cumulative-all-cases&country=Liberia&measure=rt&window=3';
    const json = await series(query);
    const csv = await app.inject({ url: `/api/series.csv?${query}` });
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="ebov-cumulative-all-cases-rt-window3.csv"',
    );
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(`# rt: ${json.method}`);
    expect(lines[1]).toMatch(/^# parameters: window 3 weeks; serial interval gamma mean 15.3 d, SD 9.3 d/);
    const columns = lines.find((line) => !line.startsWith('#'))!.split(',');
    const rows = lines.filter((line) => !line.startsWith('#')).slice(1);
    const trace = json.series[0]!;
    expect(rows).toHaveLength(trace.dates.length);
    const at = trace.dates.indexOf('2014-11-09');
    const row = Object.fromEntries(rows[at]!.split(',').map((v, i) => [columns[i], v]));
    expect(row).toMatchObject({
      date: '2014-11-09',
      iso_week: '2014-W45',
      value: String(trace.values[at]),
      lower: String(trace.lower![at]),
      upper: String(trace.upper![at]),
      uncertain: String(trace.uncertain![at]),
    });
  });
});

describe('HEAD', () => {
  it('answers the headers of GET without a body', async () => {
    const head = await app.inject({ method: 'HEAD', url: GUINEA_LIBERIA });
    const get = await app.inject({ url: GUINEA_LIBERIA });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
  });
});

describe('health and readiness', () => {
  it('is alive and ready once the data is loaded', async () => {
    const alive = await app.inject({ url: '/healthz' });
    expect(alive.statusCode).toBe(200);
    expect(alive.json()).toEqual({ status: 'alive' });
    expect(alive.headers['cache-control']).toBe('no-store');
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 on /readyz and the data routes until the data is loaded, and is alive meanwhile', async () => {
    const loading = buildApp({ dataset: null });
    try {
      expect((await loading.inject({ url: '/healthz' })).statusCode).toBe(200);
      for (const url of ['/readyz', '/api/meta', GUINEA_LIBERIA, '/api/series.csv?indicator=x']) {
        const response = await loading.inject({ url });
        expect(response.statusCode, url).toBe(503);
        expect(response.json()).toMatchObject({ statusCode: 503, code: 'EBOV_NOT_READY' });
        expect(response.headers['retry-after']).toBe('1');
      }
      loading.served.dataset = await sharedDataset();
      expect((await loading.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect((await loading.inject({ url: GUINEA_LIBERIA })).statusCode).toBe(200);
    } finally {
      await loading.close();
    }
  });

  it('turns /readyz to 503 while draining for shutdown', async () => {
    const draining = buildApp({ dataset: await sharedDataset() });
    try {
      draining.served.draining = true;
      const response = await draining.inject({ url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().message).toMatch(/shutting down/);
    } finally {
      await draining.close();
    }
  });
});

describe('headers on every response', () => {
  it.each([
    ['/api/meta', 200],
    [GUINEA_LIBERIA, 200],
    ['/api/series?indicator=nope', 400],
    ['/nowhere', 404],
    ['/healthz', 200],
  ])('%s has the CSP and the other security headers', async (url, status) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('request id', () => {
  it('echoes a given x-request-id and logs it with the request', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logged = buildApp({ dataset: await sharedDataset(), logger: { level: 'info', stream } });
    try {
      const response = await logged.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123.lb' } });
      expect(response.headers['x-request-id']).toBe('abc-123.lb');
      const line = lines.find((l) => l['msg'] === 'request completed');
      expect(line).toMatchObject({
        reqId: 'abc-123.lb',
        method: 'GET',
        url: '/healthz',
        statusCode: 200,
        level: 30,
      });
      expect(lines.filter((l) => l['reqId'] === 'abc-123.lb')).toHaveLength(1);
    } finally {
      await logged.close();
    }
  });

  it('makes a UUID when none is given, or when the given one is not a plain token', async () => {
    const none = await app.inject({ url: '/healthz' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (const bad of ['has space', 'a'.repeat(500), '"quoted"', 'ünïcode']) {
      const response = await app.inject({ url: '/healthz', headers: { 'x-request-id': bad } });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
