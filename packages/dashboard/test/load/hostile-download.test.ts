// Downloads from a server that misbehaves on the wire: a raw TCP server on loopback writes each
// answer by hand, so that bodies can be cut (chunked, Content-Length, unframed), stalled, lied
// about, oversized or redirected in a loop. Whatever it does, the loader loads all or nothing, and
// a good cached copy is never replaced by less without a warning in the meta.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDataset, SourceError } from '../../src/load/index.js';

const HEADER = 'Indicator,Country,Date,value\n';
const row = (i: number) => `Cumulative number of confirmed Ebola cases,Guinea,${isoDay(i)},${100 + i}\n`;
function isoDay(i: number): string {
  return new Date(Date.UTC(2014, 7, 29) + i * 86_400_000).toISOString().slice(0, 10);
}
const ROWS = 400;
const FULL = HEADER + Array.from({ length: ROWS }, (_, i) => row(i)).join('');
/** The first half of the rows: cut exactly at a row boundary, so it parses as good data. */
const HALF = HEADER + Array.from({ length: ROWS / 2 }, (_, i) => row(i)).join('');

type Behaviour = (socket: Socket, path: string) => void;
let behaviour: Behaviour;
let server: Server;
let origin: string;
let dir: string;
let cacheDir: string;
const sockets = new Set<Socket>();

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const ok = (extra: string[]) => head(['HTTP/1.1 200 OK', 'Content-Type: text/csv', 'ETag: "v1"', ...extra]);

const behaviours = {
  whole: (socket: Socket) =>
    socket.end(ok([`Content-Length: ${Buffer.byteLength(FULL)}`, 'Connection: close']) + FULL),
  chunkedCut: (socket: Socket) => {
    socket.write(ok(['Transfer-Encoding: chunked', 'Connection: close']));
    socket.write(`${Buffer.byteLength(HALF).toString(16)}\r\n${HALF}\r\n`);
    socket.end(); // no terminating 0-length chunk
  },
  lyingLength: (socket: Socket) =>
    socket.end(ok([`Content-Length: ${Buffer.byteLength(FULL)}`, 'Connection: close']) + HALF),
  unframedCut: (socket: Socket) => socket.end(ok(['Connection: close']) + HALF),
  stall: (socket: Socket) => socket.write(ok([`Content-Length: ${Buffer.byteLength(FULL)}`]) + HALF),
  huge: (socket: Socket) => socket.end(ok(['Content-Length: 10000000000', 'Connection: close'])),
  endless: (socket: Socket) => {
    socket.write(ok(['Transfer-Encoding: chunked', 'Connection: close']));
    const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
      if (!socket.destroyed) socket.once('drain', pump);
    };
    pump();
  },
  redirectLoop: (socket: Socket, requested: string) =>
    socket.end(
      head([
        'HTTP/1.1 302 Found',
        `Location: ${requested === '/a' ? '/b' : '/a'}`,
        'Content-Length: 0',
        'Connection: close',
      ]),
    ),
} satisfies Record<string, Behaviour>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ebov-hostile-'));
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      const requested = /^GET (\S+)/.exec(received)?.[1] ?? '/';
      received = '';
      behaviour(socket, requested);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(dir, 'cache-'));
});
afterEach(() => {
  for (const socket of sockets) socket.destroy();
});

const rows = (dataset: Awaited<ReturnType<typeof loadDataset>>) =>
  dataset.meta.indicators.reduce((sum, indicator) => sum + indicator.rows, 0);
const load = (url: string, extra: { maxBytes?: number } = {}) =>
  loadDataset({ source: url, cacheDir, timeoutMs: 500, ...extra });
const cachedBody = () => {
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  const name = readdirSync(cacheDir).find((file) => file.endsWith('.csv'));
  return name === undefined ? null : readFileSync(path.join(cacheDir, name), 'utf8');
};

describe('a body that does not arrive whole is never loaded', () => {
  it.each([
    ['a chunked body cut by Connection: close', 'chunkedCut', /cut short \(.*after \d+ bytes\)/],
    [
      'a body shorter than its Content-Length',
      'lyingLength',
      new RegExp(`cut short \\(.*after ${Buffer.byteLength(HALF)} of ${Buffer.byteLength(FULL)} bytes\\)`),
    ],
    ['a body that stalls', 'stall', /sent nothing for 0.5 s/],
    ['a redirect loop', 'redirectLoop', /more than 5 redirects .*: a redirect loop/],
  ] as const)('%s: with no cache, the start fails and says why', async (_name, which, reason) => {
    behaviour = behaviours[which];
    const error = await load(`${origin}/a`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(reason);
    expect(cachedBody()).toBeNull();
  });

  it.each([['chunkedCut'], ['lyingLength'], ['stall'], ['redirectLoop']] as const)(
    '%s: with a good cached copy, the copy is served and kept, with a warning in the meta',
    async (which) => {
      behaviour = behaviours.whole;
      expect(rows(await load(`${origin}/a`))).toBe(ROWS);
      behaviour = behaviours[which];
      const dataset = await load(`${origin}/a`);
      expect(rows(dataset)).toBe(ROWS);
      expect(dataset.meta.source.fromCache).toBe(true);
      expect(dataset.meta.warnings.join('\n')).toMatch(/could not revalidate .*serving the copy cached at/);
      expect(cachedBody()).toBe(FULL);
    },
  );
});

describe('an unframed body cut at a row boundary (it looks whole)', () => {
  it('does not replace a cached copy with more rows: the copy is served, and the meta warns', async () => {
    behaviour = behaviours.whole;
    await load(`${origin}/a`);
    behaviour = behaviours.unframedCut;
    const dataset = await load(`${origin}/a`);
    expect(rows(dataset)).toBe(ROWS);
    expect(dataset.meta.warnings.join('\n')).toMatch(
      new RegExp(
        `has ${ROWS / 2} rows, fewer than the ${ROWS} of the copy cached at .*cut short.*delete .*\\.csv`,
      ),
    );
    expect(cachedBody()).toBe(FULL);
  });
});

describe('size limit on downloads', () => {
  it('refuses a Content-Length above the limit before reading, naming the limit and how to raise it', async () => {
    behaviour = behaviours.huge;
    const error = await load(`${origin}/a`).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /declares 10000000000 bytes \(Content-Length\), more than the limit of 256 MiB: raise it with --max-size <MB> \(or EBOV_MAX_SIZE_MB\)/,
    );
  });

  it('stops reading an endless body at the limit', async () => {
    behaviour = behaviours.endless;
    const error = await load(`${origin}/a`, { maxBytes: 2 * 1024 * 1024 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/sent more than 2097152 bytes, more than the limit of 2 MiB/);
  });
});
