// SIGTERM while 32 keep-alive connections send requests back to back: no request already on a
// connection is reset; every connection gets an answer with `connection: close` and is closed
// cleanly after it; new connections are refused; the server exits 0.
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_CSV } from './shared-data.js';
import { type CliRun, startServer, stop, timeTo } from './spawned-server.js';

const CONNECTIONS = 32;
let running: CliRun | undefined;
afterAll(() => stop(running));

type Outcome = { kind: 'answer'; closes: boolean } | { kind: 'refused' } | { kind: 'reset'; code: string };

function get(port: number, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/series?indicator=cumulative-all-cases&country=Guinea', agent },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ kind: 'answer', closes: response.headers.connection === 'close' }),
        );
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'reset', code: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? { kind: 'refused' }
          : { kind: 'reset', code: error.code ?? error.message },
      ),
    );
    req.end();
  });
}

describe('SIGTERM under keep-alive load', () => {
  it('resets no request: every busy connection gets `connection: close` and ends cleanly', async () => {
    const server = await startServer({ EBOV_DATA: SHARED_CSV });
    running = server;
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const outcomes: Outcome[] = [];
    let signalled = false;
    const clients = Array.from({ length: CONNECTIONS }, async () => {
      for (;;) {
        const outcome = await get(server.port, agent);
        outcomes.push(outcome);
        if (outcome.kind !== 'answer' || (signalled && outcome.closes)) return;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const before = outcomes.length;
    server.child.kill('SIGTERM');
    signalled = true;
    await Promise.all(clients);
    agent.destroy();
    const resets = outcomes.filter((outcome) => outcome.kind === 'reset');
    const closing = outcomes.filter((outcome) => outcome.kind === 'answer' && outcome.closes);
    console.log(
      `SIGTERM under keep-alive load: ${before} answers before, ${outcomes.length - before} after; ` +
        `${closing.length} with connection: close, ${resets.length} resets (load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')})`,
    );
    expect(before).toBeGreaterThan(CONNECTIONS);
    expect(resets).toEqual([]);
    expect(closing.length).toBeGreaterThanOrEqual(CONNECTIONS / 2);
    expect((await timeTo(server.exited, 8_000)).value).toEqual({ code: 0, signal: null });
  });
});
