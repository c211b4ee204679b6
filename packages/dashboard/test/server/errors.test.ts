// Every code of the error catalogue, reached through the API, with the body
// shape `ApiError`; and garbage input of all kinds never gets a 5xx.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/api-types.js';
import { buildDataset, type Dataset, parseHdxCsv } from '../../src/core/index.js';
import { buildApp } from '../../src/server/app.js';
import { type ErrorCode, errorCatalogue } from '../../src/server/errors.js';
import { SERIES_PARAMETERS } from '../../src/server/series-query.js';
import { REPO_ROOT, sharedDataset } from './shared-data.js';

const S = '/api/series?indicator=cumulative-all-cases';

interface Case {
  code: ErrorCode;
  method?: 'GET' | 'POST' | 'DELETE';
  url: string;
  parameter?: string;
  value?: unknown;
  allowed?: string[] | 'any';
  data?: 'atlantis';
}

const cases: Case[] = [
  {
    code: 'EBOV_BAD_PARAMETER',
    url: `${S}&measure=daily`,
    parameter: 'measure',
    value: 'daily',
    allowed: ['cumulative', 'weekly', 'cfr', 'rt'],
  },
  {
    code: 'EBOV_BAD_PARAMETER',
    url: `${S}&measure=rt&window=7`,
    parameter: 'window',
    value: 7,
    allowed: ['1', '2', '3', '4', '5', '6'],
  },
  {
    code: 'EBOV_BAD_PARAMETER',
    url: `${S}&measure=rt&window=two`,
    parameter: 'window',
    value: 'two',
    allowed: ['1', '2', '3', '4', '5', '6'],
  },
  { code: 'EBOV_BAD_PARAMETER', url: `${S}&measure=weekly&window=2`, parameter: 'window', value: 2 },
  { code: 'EBOV_PER100K_NOT_APPLICABLE', url: `${S}&measure=rt&per100k=true`, parameter: 'per100k' },
  {
    code: 'EBOV_MEASURE_NOT_APPLICABLE',
    url: '/api/series?indicator=cfr-all-cases&measure=rt',
    parameter: 'measure',
  },
  {
    code: 'EBOV_BAD_PARAMETER',
    url: `${S}&per100k=yes`,
    parameter: 'per100k',
    value: 'yes',
    allowed: ['true', 'false'],
  },
  { code: 'EBOV_BAD_PARAMETER', url: `${S}&measure=weekly&measure=cfr`, parameter: 'measure' },
  { code: 'EBOV_BAD_PARAMETER', url: `${S}&indicator=cumulative-all-cases`, parameter: 'indicator' },
  { code: 'EBOV_BAD_PARAMETER', url: `${S}${'&country=Guinea'.repeat(65)}`, parameter: 'country' },
  { code: 'EBOV_BAD_PARAMETER', url: `${S}&country=`, parameter: 'country' },
  {
    code: 'EBOV_UNKNOWN_PARAMETER',
    url: `${S}&countries=Guinea`,
    parameter: 'countries',
    value: 'Guinea',
    allowed: 'any',
  },
  {
    code: 'EBOV_MISSING_PARAMETER',
    url: '/api/series?country=Guinea',
    parameter: 'indicator',
    allowed: 'any',
  },
  { code: 'EBOV_BAD_DATE', url: `${S}&from=2015-02-31`, parameter: 'from', value: '2015-02-31' },
  { code: 'EBOV_BAD_DATE', url: `${S}&to=10/3/2015`, parameter: 'to', value: '10/3/2015' },
  { code: 'EBOV_BAD_DATE', url: `${S}&from=2015-3-1`, parameter: 'from' },
  {
    code: 'EBOV_BAD_DATE_RANGE',
    url: `${S}&from=2015-06-01&to=2015-01-01`,
    parameter: 'from',
    value: '2015-06-01',
  },
  {
    code: 'EBOV_UNKNOWN_COUNTRY',
    url: `${S}&country=Mars`,
    parameter: 'country',
    value: 'Mars',
    allowed: 'any',
  },
  {
    code: 'EBOV_UNKNOWN_INDICATOR',
    url: '/api/series?indicator=cases',
    parameter: 'indicator',
    value: 'cases',
    allowed: 'any',
  },
  {
    code: 'EBOV_MEASURE_NOT_APPLICABLE',
    url: '/api/series?indicator=cfr-all-cases&measure=weekly',
    parameter: 'measure',
  },
  { code: 'EBOV_PER100K_NOT_APPLICABLE', url: `${S}&measure=cfr&per100k=true`, parameter: 'per100k' },
  // Every country of the shared file has a population: this one uses a small file with one that has none.
  {
    code: 'EBOV_NO_POPULATION',
    data: 'atlantis',
    url: `${S}&country=Atlantis&per100k=true`,
    parameter: 'country',
    value: 'Atlantis',
    allowed: ['Guinea'],
  },
  { code: 'EBOV_NOT_FOUND', url: '/api/nothing' },
  { code: 'EBOV_METHOD_NOT_ALLOWED', method: 'POST', url: '/api/series?indicator=x' },
  { code: 'EBOV_METHOD_NOT_ALLOWED', method: 'DELETE', url: '/api/meta' },
];

/** Codes reached by other tests below (they need a socket, or another app). */
const reachedElsewhere: ErrorCode[] = [
  'EBOV_BAD_REQUEST',
  'EBOV_REQUEST_TIMEOUT',
  'EBOV_REQUEST_TOO_LARGE',
  'EBOV_NOT_READY',
  'EBOV_INTERNAL',
];

const ATLANTIS_CSV = [
  'Indicator,Country,Date,value',
  '"Cumulative number of confirmed, probable and suspected Ebola cases",Guinea,2015-03-10,3285',
  '"Cumulative number of confirmed, probable and suspected Ebola cases",Atlantis,2015-03-10,7',
].join('\n');

let app: FastifyInstance;
let atlantis: FastifyInstance;
beforeAll(async () => {
  app = buildApp({ dataset: await sharedDataset() });
  const parsed = parseHdxCsv(ATLANTIS_CSV, { file: 'atlantis.csv' });
  atlantis = buildApp({
    dataset: buildDataset(parsed, { location: 'atlantis.csv', kind: 'file' }, new Date()),
  });
  await Promise.all([app.ready(), atlantis.ready()]);
});
afterAll(() => Promise.all([app.close(), atlantis.close()]));

function expectApiError(body: ApiError, code: ErrorCode): void {
  expect(body.code).toBe(code);
  expect(body.statusCode).toBe(errorCatalogue[code].statusCode);
  expect(typeof body.error).toBe('string');
  expect(body.message.length).toBeGreaterThan(5);
}

describe('the error catalogue', () => {
  it('is covered: every code has a test here', () => {
    const tested = new Set([...cases.map((c) => c.code), ...reachedElsewhere]);
    expect([...tested].sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('is listed in docs/api.md "HTTP API", code by code', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs/api.md'), 'utf8');
    const start = doc.indexOf('\n## HTTP API');
    expect(start).toBeGreaterThan(-1);
    const end = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, end === -1 ? undefined : end);
    for (const [code, { statusCode }] of Object.entries(errorCatalogue)) {
      expect(section).toContain(`| \`${code}\` | ${statusCode} |`);
    }
  });

  it.each(cases.map((c) => [c.code, c] as const))('%s: %#', async (_code, c) => {
    const response = await (c.data === 'atlantis' ? atlantis : app).inject({
      method: c.method ?? 'GET',
      url: c.url,
    });
    const body: ApiError = response.json();
    expect(response.statusCode, response.body).toBe(errorCatalogue[c.code].statusCode);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expectApiError(body, c.code);
    if (c.parameter !== undefined) expect(body.parameter).toBe(c.parameter);
    if (c.value !== undefined) expect(body.value).toEqual(c.value);
    if (c.allowed === 'any') expect(body.allowed?.length).toBeGreaterThan(0);
    else if (c.allowed) expect(body.allowed).toEqual(c.allowed);
  });

  it('lists the known countries for an unknown one', async () => {
    const body: ApiError = (await app.inject({ url: `${S}&country=Guinee` })).json();
    expect(body.allowed).toContain('Guinea');
    expect(body.allowed).toContain('Sierra Leone');
    expect(body.allowed).toHaveLength(12);
  });

  it('lists the indicator ids when the indicator is missing or unknown', async () => {
    for (const url of ['/api/series', '/api/series?indicator=nope']) {
      const body: ApiError = (await app.inject({ url })).json();
      expect(body.allowed).toContain('cumulative-all-cases');
      expect(body.allowed?.length).toBe(36);
    }
  });

  it('says Allow: GET, HEAD for a wrong method', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/meta' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('EBOV_NOT_READY: data routes before the data is loaded', async () => {
    const loading = buildApp({ dataset: null });
    const response = await loading.inject({ url: '/api/meta' });
    expectApiError(response.json(), 'EBOV_NOT_READY');
    await loading.close();
  });

  it('EBOV_INTERNAL: a bug (here: a dataset that is not one) gets a 500 without details', async () => {
    const broken = buildApp({ dataset: {} as Dataset });
    const response = await broken.inject({ url: S, headers: { 'x-request-id': 'bug-1' } });
    expect(response.statusCode).toBe(500);
    const body: ApiError = response.json();
    expectApiError(body, 'EBOV_INTERNAL');
    expect(body.message).not.toMatch(/TypeError|undefined|at /);
    expect(response.headers['x-request-id']).toBe('bug-1');
    await broken.close();
  });
});

describe('malformed HTTP (real socket)', () => {
  let port = 0;
  let server: FastifyInstance;
  beforeAll(async () => {
    server = buildApp({ dataset: await sharedDataset() });
    await server.listen({ port: 0, host: '127.0.0.1' });
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(() => server.close());

  /** Writes `request` as it is and reads until the server closes (to `port`, or the test's server). */
  function raw(request: string, to = port): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(to, '127.0.0.1');
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        received += chunk;
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.write(request);
    });
  }

  function bodyOf(response: string): ApiError {
    return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
  }

  it('EBOV_BAD_REQUEST: a request line that is not HTTP', async () => {
    const response = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/content-security-policy: default-src 'self'/);
    expectApiError(bodyOf(response), 'EBOV_BAD_REQUEST');
  });

  it('EBOV_BAD_REQUEST: a URL whose %-escape is not UTF-8 (Fastify FST_ERR_BAD_URL), with our headers', async () => {
    const response = await raw('GET /%ff HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/content-security-policy: default-src 'self'/);
    expect(response).toMatch(/x-request-id: /);
    expectApiError(bodyOf(response), 'EBOV_BAD_REQUEST');
    expect(bodyOf(response).message).toMatch(/"\/%ff" is malformed/);
  });

  it('EBOV_BAD_REQUEST: an HTTP/1.1 request without Host, with our headers', async () => {
    const response = await raw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/content-security-policy: default-src 'self'/);
    expectApiError(bodyOf(response), 'EBOV_BAD_REQUEST');
    expect(bodyOf(response).message).toMatch(/needs a Host header/);
  });

  it('EBOV_REQUEST_TIMEOUT: headers that never end get 408, not 400', async () => {
    const slow = buildApp({ dataset: await sharedDataset(), requestTimeoutMs: 300 });
    await slow.listen({ port: 0, host: '127.0.0.1' });
    try {
      const slowPort = (slow.server.address() as { port: number }).port;
      // The header block never ends (no blank line).
      const response = await raw('GET /healthz HTTP/1.1\r\nHost: a\r\n', slowPort);
      expect(response).toMatch(/^HTTP\/1\.1 408 /);
      expect(response).toMatch(/content-security-policy: default-src 'self'/);
      expectApiError(bodyOf(response), 'EBOV_REQUEST_TIMEOUT');
    } finally {
      await slow.close();
    }
  });

  it('EBOV_REQUEST_TOO_LARGE: a URL longer than the header limit', async () => {
    const response = await raw(`GET ${S}&country=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expectApiError(bodyOf(response), 'EBOV_REQUEST_TOO_LARGE');
  });
});

describe('garbage never gets a 5xx', () => {
  const nasty = [
    `${S}&country=${'A'.repeat(10_000)}`,
    `/api/series?indicator=${'%F0%9F%92%A9'.repeat(300)}`,
    `${S}&country=%E0%A4%A`,
    `${S}&country=%00%01%02`,
    `${S}&country=Guin%C3%A9e`,
    `${S}&country=__proto__`,
    `${S}&country=constructor`,
    '/api/series?indicator=__proto__',
    '/api/series?indicator=toString',
    '/api/series?__proto__=1&indicator=x',
    '/api/series?constructor[prototype][x]=1',
    '/api/series?indicator[]=cumulative-all-cases',
    '/api/series?indicator=',
    `${S}&from=`,
    `${S}&measure=`,
    `${S}&per100k=`,
    `${S}&per100k=1`,
    `${S}&per100k=TRUE`,
    '/api/series?&&&=&=&',
    '/api/series?;;;',
    `${S}&from=0000-00-00`,
    `${S}&from=2015-02-29`,
    `${S}&from=2015-13-01`,
    `${S}&to=99999-01-01`,
    `${S}&from=2015-01-01T00:00:00Z`,
    `${S}&from=-2015-01-01`,
    `${S}&from=2016-02-29&to=2016-02-29`,
    `${S}&from=1900-01-01&to=1900-12-31`,
    `${S}&country=Guinea&country=guinea&country=GUINEA`,
    '/api/series.csv?indicator=%22%3Cscript%3E',
    '/api/meta?anything=goes',
    '/api/../api/meta',
    '/api/series%00',
    `/${'a/'.repeat(2000)}`,
    '/api/series?indicator=cumulative-all-cases#fragment',
  ];

  it.each(nasty.map((url) => [url.slice(0, 80), url]))('%s', async (_label, url) => {
    const response = await app.inject({ url });
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode >= 400) expect(response.json()).toHaveProperty('code');
  });

  it('holds for a few hundred random queries built from the parameters and odd values', async () => {
    let seed = 20_141_029;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const names = [...SERIES_PARAMETERS, 'x', ''];
    const values = [
      'Guinea',
      'Liberia 2',
      'cumulative-all-cases',
      'cfr-all-cases',
      'weekly',
      'cfr',
      'rt',
      '3',
      '0',
      'true',
      'false',
      '',
      '2015-03-10',
      '2014-01-01',
      '2016-12-31',
      '2015-02-31',
      '%',
      '%%',
      '\u0000',
      '💩',
      '../',
      'NaN',
      '-1',
      '1e309',
    ];
    for (let i = 0; i < 400; i += 1) {
      const pairs = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
        return `${encodeURIComponent(pick(names))}=${encodeURIComponent(pick(values))}`;
      });
      const url = `${pick(['/api/series', '/api/series.csv'])}?${pairs.join('&')}`;
      const response = await app.inject({ url });
      expect(response.statusCode, `${url}\n${response.body}`).toBeLessThan(500);
    }
  });
});
