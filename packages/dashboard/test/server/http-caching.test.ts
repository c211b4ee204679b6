// ETag / If-None-Match, Cache-Control and content-encoding negotiation of the
// cached API answers.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { sharedDataset } from './shared-data.js';

const ALL_COUNTRIES = '/api/series?indicator=cumulative-all-cases&measure=weekly';

let app: FastifyInstance;
beforeAll(async () => {
  app = buildApp({ dataset: await sharedDataset() });
  await app.ready();
});
afterAll(() => app.close());

describe('ETag and 304', () => {
  it.each(['/api/meta', ALL_COUNTRIES, '/api/series.csv?indicator=cumulative-all-cases'])(
    '%s: a strong ETag; If-None-Match with it answers 304 without a body',
    async (url) => {
      const first = await app.inject({ url });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await app.inject({ url, headers: { 'if-none-match': ifNoneMatch } });
        expect(again.statusCode, ifNoneMatch).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['cache-control']).toBe('public, max-age=300');
      }
    },
  );

  it('answers 200 when the client holds another version', async () => {
    const response = await app.inject({ url: ALL_COUNTRIES, headers: { 'if-none-match': '"not-this-one"' } });
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeGreaterThan(1000);
  });

  it('gives different queries different ETags', async () => {
    const a = await app.inject({ url: '/api/series?indicator=cumulative-all-cases&country=Guinea' });
    const b = await app.inject({ url: '/api/series?indicator=cumulative-all-cases&country=Liberia' });
    expect(a.headers.etag).not.toBe(b.headers.etag);
    const stale = await app.inject({
      url: '/api/series?indicator=cumulative-all-cases&country=Liberia',
      headers: { 'if-none-match': a.headers.etag as string },
    });
    expect(stale.statusCode).toBe(200);
  });

  it('gives each encoding its own ETag and accepts any of them for 304', async () => {
    const identity = await app.inject({ url: ALL_COUNTRIES });
    const br = await app.inject({ url: ALL_COUNTRIES, headers: { 'accept-encoding': 'br' } });
    const gzip = await app.inject({ url: ALL_COUNTRIES, headers: { 'accept-encoding': 'gzip' } });
    const tags = new Set([identity.headers.etag, br.headers.etag, gzip.headers.etag]);
    expect(tags.size).toBe(3);
    const revalidated = await app.inject({
      url: ALL_COUNTRIES,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag as string },
    });
    expect(revalidated.statusCode).toBe(304);
  });
});

describe('compression', () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['deflate', undefined],
    ['identity', undefined],
  ])('Accept-Encoding "%s" → %s, and the body decodes to the plain one', async (accept, expected) => {
    const plain = await app.inject({ url: ALL_COUNTRIES });
    const response = await app.inject({ url: ALL_COUNTRIES, headers: { 'accept-encoding': accept } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe(expected);
    expect(response.headers.vary).toBe('accept-encoding');
    const decoded =
      expected === 'br'
        ? brotliDecompressSync(response.rawPayload)
        : expected === 'gzip'
          ? gunzipSync(response.rawPayload)
          : response.rawPayload;
    expect(decoded.toString('utf8')).toBe(plain.body);
    if (expected) expect(response.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
  });

  it('compresses a cached body once: the second answer is byte-identical and encoded once', async () => {
    const url = '/api/meta';
    const first = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
    const second = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(second.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(second.rawPayload).toString('utf8'))).toHaveProperty('countries');
  });

  it('gives /api/meta an ETag that depends on the data only, not on the load time', async () => {
    const dataset = await sharedDataset();
    const later = buildApp({
      dataset: { ...dataset, meta: { ...dataset.meta, loadedAt: '2030-01-01T00:00:00.000Z' } },
    });
    const other = buildApp({
      dataset: {
        ...dataset,
        meta: { ...dataset.meta, warnings: [...dataset.meta.warnings, 'another file'] },
      },
    });
    try {
      const etag = (await app.inject({ url: '/api/meta' })).headers.etag;
      const laterAnswer = await later.inject({ url: '/api/meta' });
      expect(laterAnswer.json().loadedAt).toBe('2030-01-01T00:00:00.000Z');
      expect(laterAnswer.headers.etag).toBe(etag);
      expect(
        (await later.inject({ url: '/api/meta', headers: { 'if-none-match': String(etag) } })).statusCode,
      ).toBe(304);
      expect((await other.inject({ url: '/api/meta' })).headers.etag).not.toBe(etag);
    } finally {
      await Promise.all([later.close(), other.close()]);
    }
  });

  it('sends error bodies plain and not cacheable', async () => {
    const response = await app.inject({
      url: '/api/series?indicator=nope&country=x',
      headers: { 'accept-encoding': 'br' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json().code).toBe('EBOV_UNKNOWN_INDICATOR');
  });
});
