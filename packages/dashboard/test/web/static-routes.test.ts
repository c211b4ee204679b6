// The static plugin in-process (inject): caching headers, precompressed bodies chosen
// by Accept-Encoding, revalidation, CSP, and a clear answer when the client is not built.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, chooseEncoding, staticRoutes } from '../../src/server/static.js';

const HTML = '<!doctype html><title>The West African Ebolavirus Outbreak</title>'.padEnd(3000, ' ');
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

let root: string;
let app: FastifyInstance;

async function writeWithEncodings(file: string, body: string): Promise<void> {
  await writeFile(file, body);
  await writeFile(`${file}.gz`, gzipSync(body));
  await writeFile(`${file}.br`, brotliCompressSync(body));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ebov-static-'));
  await mkdir(path.join(root, 'assets'));
  await writeWithEncodings(path.join(root, 'index.html'), HTML);
  await writeWithEncodings(path.join(root, 'assets/main-ABCD1234.js'), SCRIPT);
  await writeFile(path.join(root, 'manifest.json'), '{"firstView":["assets/main-ABCD1234.js"]}');
  app = Fastify();
  await app.register(staticRoutes, { root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('static routes', () => {
  it('serves index.html uncached, with the CSP', async () => {
    const res = await app.inject({ url: '/', headers: { 'accept-encoding': 'identity' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self'; /);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.body).toBe(HTML);
  });

  it('serves hashed assets as immutable, brotli when accepted', async () => {
    const res = await app.inject({
      url: '/assets/main-ABCD1234.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // Decompressing once gives the file: not compressed a second time on the way out.
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it.each([
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, br;q=0', 'gzip'],
  ])('Accept-Encoding %j gets %s', async (accept, expected) => {
    const res = await app.inject({ url: '/assets/main-ABCD1234.js', headers: { 'accept-encoding': accept } });
    expect(res.headers['content-encoding']).toBe(expected);
    expect(gunzipSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends the plain file when no compression is accepted', async () => {
    const res = await app.inject({
      url: '/assets/main-ABCD1234.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(SCRIPT);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.inject({ url: '/' });
    const etag = first.headers['etag'];
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ url: '/', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers an unknown asset with a JSON 404 that says what to do', async () => {
    const res = await app.inject({ url: '/assets/main-OLD.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'EBOV_NO_SUCH_ASSET' });
    expect(res.json().message).toMatch(/reload/);
  });

  it('says how to build the client when there is none', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'ebov-static-empty-'));
    const bare = Fastify();
    await bare.register(staticRoutes, { root: empty });
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/npm run build/);
    await bare.close();
    await rm(empty, { recursive: true, force: true });
  });
});

describe('chooseEncoding', () => {
  const all = ['identity', 'br', 'gzip'] as const;
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['deflate', 'identity'],
    ['BR;Q=1', 'br'],
  ])('%j → %s', (header, expected) => {
    expect(chooseEncoding(header, [...all])).toBe(expected);
  });
  it('only offers what exists', () => {
    expect(chooseEncoding('br, gzip', ['identity', 'gzip'])).toBe('gzip');
  });
});
