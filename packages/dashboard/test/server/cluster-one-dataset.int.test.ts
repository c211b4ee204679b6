// WEB_CONCURRENCY=2 with a URL source whose server answers differently at every download
// (3285, then 3286, ...): the primary downloads once and every worker, including one started after
// a crash, serves byte-identical answers with identical ETags.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, startServer, stop, timeTo } from './spawned-server.js';

let dataServer: Server;
let downloads = 0;
let dataUrl = '';
let running: CliRun | undefined;
const home = mkdtempSync(path.join(tmpdir(), 'ebov-cluster-'));

beforeAll(async () => {
  dataServer = createServer((_request, response) => {
    downloads += 1;
    const value = 3284 + downloads;
    response.end(
      `Indicator,Country,Date,value\nCumulative number of confirmed Ebola cases,Guinea,2015-03-09,3000\nCumulative number of confirmed Ebola cases,Guinea,2015-03-10,${value}\n`,
    );
  });
  await new Promise<void>((resolve) => dataServer.listen(0, '127.0.0.1', resolve));
  const address = dataServer.address();
  dataUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ebola.csv`;
});
afterAll(async () => {
  await stop(running);
  await new Promise((resolve) => dataServer.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

/** One request on a new connection (the primary deals connections out round-robin). */
function fresh(url: string): Promise<{ body: string; etag: string | undefined; pid: string }> {
  return new Promise((resolve, reject) => {
    get(
      url,
      { agent: false, headers: { connection: 'close', 'accept-encoding': 'identity' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ body, etag: response.headers.etag, pid: String(response.headers['x-request-id'] ?? '') }),
        );
      },
    ).on('error', reject);
  });
}

describe('a cluster serves one dataset', () => {
  it('downloads once and answers byte-identically, with the same ETags, from every worker, also after a restart', async () => {
    const server = await startServer({
      EBOV_DATA: dataUrl,
      EBOV_CACHE_DIR: path.join(home, 'cache'),
      EBOV_PREPARED_DIR: path.join(home, 'prepared'),
      WEB_CONCURRENCY: '2',
    });
    running = server;
    const readyPids = async (count: number) => {
      await server.logLine(() => server.logs.filter((l) => l['msg'] === 'worker ready').length >= count);
      return server.logs.filter((l) => l['msg'] === 'worker ready').map((l) => Number(l['worker']));
    };
    const workers = await readyPids(2);
    const routes = ['/api/meta', '/api/series?indicator=cumulative-confirmed-cases&country=Guinea'];
    const answers = async () => {
      const seen = new Map<string, Set<string>>();
      for (let i = 0; i < 16; i += 1) {
        for (const route of routes) {
          const { body, etag } = await fresh(`${server.origin}${route}`);
          const key = `${route}\n${etag}\n${body}`;
          seen.set(route, (seen.get(route) ?? new Set()).add(key));
        }
      }
      return seen;
    };
    const before = await answers();
    // Both workers answered (each logs its own pid on its request lines).
    await server.logLine(
      () =>
        new Set(server.logs.filter((l) => l['msg'] === 'request completed').map((l) => l['pid'])).size >= 2,
      5_000,
    );
    for (const route of routes) expect(before.get(route)?.size).toBe(1);
    expect([...(before.get(routes[1]!) ?? [])][0]).toContain('3285');

    // A worker started after a crash gets the same dataset, without a new download.
    process.kill(workers[0]!, 'SIGKILL');
    await readyPids(3);
    const after = await answers();
    for (const route of routes) expect([...(after.get(route) ?? [])]).toEqual([...(before.get(route) ?? [])]);
    expect(downloads).toBe(1);

    server.child.kill('SIGTERM');
    expect((await timeTo(server.exited, 8_000)).value).toEqual({ code: 0, signal: null });
  });
});
