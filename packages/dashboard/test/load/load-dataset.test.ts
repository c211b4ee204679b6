// Loading from a local path and from an http URL served on loopback by a real
// node:http server speaking ETag / Last-Modified, with knobs for "changed",
// "failing", "slow" and "down".
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataError, querySeries } from '../../src/core/index.js';
import {
  DEFAULT_SOURCE,
  defaultCacheDir,
  loadDataset,
  NAMED_SOURCES,
  SourceError,
} from '../../src/load/index.js';

const csv = (guineaCases: number) =>
  [
    'Indicator,Country,Date,value',
    `Cumulative number of confirmed Ebola cases,Guinea,2015-03-09,${guineaCases - 10}`,
    `Cumulative number of confirmed Ebola cases,Guinea,2015-03-10,${guineaCases}`,
    '',
  ].join('\r\n');

interface Knobs {
  body: string;
  etag: string | null;
  lastModified: string | null;
  status: number;
  /** Never answer (for the timeout). */
  hang: boolean;
}

const knobs: Knobs = { body: '', etag: null, lastModified: null, status: 200, hang: false };
const requests: IncomingHttpHeaders[] = [];
let server: Server;
let url: string;
let dir: string;
let cacheDir: string;

function startServer(port = 0): Promise<void> {
  server = createServer((req, res) => {
    requests.push(req.headers);
    if (knobs.hang) return;
    if (knobs.status !== 200) {
      res.writeHead(knobs.status).end('failing on purpose');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/csv' };
    if (knobs.etag) headers['etag'] = knobs.etag;
    if (knobs.lastModified) headers['last-modified'] = knobs.lastModified;
    const fresh =
      (knobs.etag !== null && req.headers['if-none-match'] === knobs.etag) ||
      (knobs.etag === null &&
        knobs.lastModified !== null &&
        req.headers['if-modified-since'] === knobs.lastModified);
    if (fresh) res.writeHead(304, headers).end();
    else res.writeHead(200, headers).end(knobs.body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function stopServer(): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ebov-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  Object.assign(knobs, { body: csv(2871), etag: '"v1"', lastModified: null, status: 200, hang: false });
  requests.length = 0;
  cacheDir = mkdtempSync(path.join(dir, 'cache-'));
  await startServer();
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ebola_data_db_format.csv`;
});
afterEach(async () => {
  if (server.listening) await stopServer();
});

const lastGuineaValue = (ds: Awaited<ReturnType<typeof loadDataset>>) =>
  querySeries(ds, {
    countries: ['Guinea'],
    indicator: 'cumulative-confirmed-cases',
    measure: 'cumulative',
    per100k: false,
    clamp: false,
    mergeFlareUps: false,
  }).series[0]!.values.at(-1);

describe('loadDataset from an http URL', () => {
  it('downloads into the cache dir, then revalidates with If-None-Match and uses the copy on 304', async () => {
    const first = await loadDataset({ source: url, cacheDir });
    expect(first.meta.source).toEqual({
      location: url,
      kind: 'url',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      etag: '"v1"',
      fromCache: false,
    });
    expect(lastGuineaValue(first)).toBe(2871);
    expect(readdirSync(cacheDir).sort()).toEqual([
      expect.stringMatching(/\.csv$/),
      expect.stringMatching(/\.json$/),
    ]);
    expect(requests[0]!['if-none-match']).toBeUndefined();

    const logged: string[] = [];
    const second = await loadDataset({ source: url, cacheDir, log: (m) => logged.push(m) });
    expect(requests[1]!['if-none-match']).toBe('"v1"');
    expect(second.meta.source).toEqual({
      location: url,
      kind: 'url',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      etag: '"v1"',
      fromCache: true,
    });
    expect(second.meta.warnings).toEqual([]);
    expect(lastGuineaValue(second)).toBe(2871);
    expect(logged.join('\n')).toMatch(/not modified/);
  });

  it('revalidates with If-Modified-Since when the server sends only Last-Modified', async () => {
    Object.assign(knobs, { etag: null, lastModified: 'Tue, 10 Mar 2015 12:00:00 GMT' });
    await loadDataset({ source: url, cacheDir });
    const second = await loadDataset({ source: url, cacheDir });
    expect(requests[1]!['if-modified-since']).toBe('Tue, 10 Mar 2015 12:00:00 GMT');
    expect(second.meta.source).toMatchObject({
      fromCache: true,
      lastModified: 'Tue, 10 Mar 2015 12:00:00 GMT',
    });
  });

  it('takes a changed file and caches the new copy', async () => {
    await loadDataset({ source: url, cacheDir });
    Object.assign(knobs, { body: csv(2900), etag: '"v2"' });
    const changed = await loadDataset({ source: url, cacheDir });
    expect(changed.meta.source).toMatchObject({ etag: '"v2"', fromCache: false });
    expect(lastGuineaValue(changed)).toBe(2900);
    await stopServer();
    expect(lastGuineaValue(await loadDataset({ source: url, cacheDir }))).toBe(2900);
  });

  it('serves the cached copy with a warning when the server is down', async () => {
    await loadDataset({ source: url, cacheDir });
    await stopServer();
    const logged: string[] = [];
    const ds = await loadDataset({ source: url, cacheDir, log: (m) => logged.push(m) });
    expect(ds.meta.source).toMatchObject({ fromCache: true, etag: '"v1"' });
    expect(ds.meta.warnings).toHaveLength(1);
    expect(ds.meta.warnings[0]).toMatch(
      new RegExp(`^could not revalidate ${url} \\(ECONNREFUSED.*\\); serving the copy cached at \\d{4}-`),
    );
    expect(logged).toContain(ds.meta.warnings[0]);
    expect(lastGuineaValue(ds)).toBe(2871);
  });

  it('serves the cached copy with a warning when the server fails or hangs', async () => {
    await loadDataset({ source: url, cacheDir });
    knobs.status = 503;
    expect((await loadDataset({ source: url, cacheDir })).meta.warnings[0]).toMatch(/HTTP 503/);
    Object.assign(knobs, { status: 200, hang: true });
    expect((await loadDataset({ source: url, cacheDir, timeoutMs: 300 })).meta.warnings[0]).toMatch(
      /timed out/,
    );
  });

  it('throws SourceError naming the source and --data / EBOV_DATA when there is no cache', async () => {
    await stopServer();
    const error = await loadDataset({ source: url, cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).source).toBe(url);
    expect((error as Error).message).toMatch(new RegExp(`^cannot read the data source ${url}: ECONNREFUSED`));
    expect((error as Error).message).toContain('no cached copy');
    expect((error as Error).message).toContain('--data /path/to/file.csv');
    expect((error as Error).message).toContain('EBOV_DATA=');
  });

  it('loads nothing and caches nothing when the download is not valid data', async () => {
    knobs.body =
      'Indicator,Country,Date,value\r\nCumulative number of confirmed Ebola cases,Guinea,31/02/2015,1\r\n';
    const error = await loadDataset({ source: url, cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(`${url}:2: column "Date": "31/02/2015" is not a date`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe('loadDataset from a local file', () => {
  it('reads a path and a file: URL', async () => {
    const file = path.join(dir, 'local.csv');
    writeFileSync(file, csv(3285));
    const ds = await loadDataset({ source: file, cacheDir });
    expect(ds.meta.source).toEqual({
      location: file,
      kind: 'file',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(lastGuineaValue(ds)).toBe(3285);
    expect(lastGuineaValue(await loadDataset({ source: pathToFileURL(file).href, cacheDir }))).toBe(3285);
  });

  it.each([
    ['a missing file', 'missing.csv', /no such file/],
    ['a directory', 'a-directory', /it is a directory/],
  ])('throws SourceError for %s', async (_, name, reason) => {
    mkdirSync(path.join(dir, 'a-directory'), { recursive: true });
    const source = path.join(dir, name);
    const error = await loadDataset({ source, cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain(`cannot read the data source ${source}`);
  });
});

describe('defaults', () => {
  it('the default source is the embedded snapshot; "hdx" names the HDX URL of the original app', () => {
    expect(DEFAULT_SOURCE).toBe('snapshot');
    expect(NAMED_SOURCES['hdx']).toBe(
      'https://data.humdata.org/dataset/0d089fa0-3567-4b01-9c03-39d340ff34e3/resource/c59b5722-ca4b-41ca-a446-472d6d824d01/download/ebola_data_db_format.csv',
    );
  });

  it.each([
    [{ XDG_CACHE_HOME: '/tmp' }, '/tmp/ebov-dash'],
    [{ XDG_CACHE_HOME: '' }, path.join(homedir(), '.cache', 'ebov-dash')],
    [{}, path.join(homedir(), '.cache', 'ebov-dash')],
  ])('defaultCacheDir(%j) = %s', (env, expected) => {
    expect(defaultCacheDir(env)).toBe(expected);
  });
});
