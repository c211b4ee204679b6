// Graceful shutdown of the real process over real sockets: SIGTERM while a slow
// client is still reading answers lets them finish, refuses new connections,
// closes idle keep-alive sockets at once and exits 0. Also with WEB_CONCURRENCY=2.
import { get } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PIPELINED, parseResponses, slowReader } from '../support/stalled-client.js';
import { SHARED_CSV } from './shared-data.js';
import { type CliRun, startServer, stop, timeTo } from './spawned-server.js';

let running: CliRun | undefined;
afterEach(() => stop(running));

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function eventually(check: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('SIGTERM', () => {
  it('finishes the answers in flight to a slow client, refuses new connections, then exits 0', async () => {
    const server = await startServer({ EBOV_DATA: SHARED_CSV });
    running = server;
    const client = slowReader(server.port);
    await client.firstBytes;

    server.child.kill('SIGTERM');
    expect(await eventually(() => connectionRefused(server.port), 5_000)).toBe(true);
    // The client has read almost nothing: the server must still be waiting for it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.child.exitCode).toBeNull();

    client.socket.resume();
    const { responses, rest } = parseResponses(await client.all);
    expect(rest).toBe(0);
    expect(responses.length).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body.length).toBeGreaterThan(150_000);
      expect(response.body.toString('utf8').endsWith('\r\n')).toBe(true);
    }
    // Requests read after SIGTERM are answered with `connection: close`; the ones after it are the client's
    // to retry. Requests already routed before it are all answered.
    if (responses.length < PIPELINED) expect(responses.at(-1)?.headers['connection']).toBe('close');

    const exit = await timeTo(server.exited, 5_000);
    expect(exit.value).toEqual({ code: 0, signal: null });
    expect(server.logs.some((line) => line['msg'] === 'shut down cleanly')).toBe(true);
  });

  it('closes idle keep-alive connections at once instead of waiting for their timeout', async () => {
    const server = await startServer({ EBOV_DATA: SHARED_CSV });
    running = server;
    const socketClosed = new Promise<void>((resolve, reject) => {
      const request = get(
        `${server.origin}/healthz`,
        { headers: { connection: 'keep-alive' } },
        (response) => {
          response.resume();
          response.on('end', () => request.socket?.on('close', () => resolve()));
        },
      );
      request.on('error', reject);
    });
    // Give the response time to end so that the socket is idle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    const exit = await timeTo(server.exited, 3_000);
    expect(exit.value).toEqual({ code: 0, signal: null });
    await socketClosed;
  });

  it('SIGINT works the same way', async () => {
    const server = await startServer({ EBOV_DATA: SHARED_CSV });
    running = server;
    server.child.kill('SIGINT');
    expect((await timeTo(server.exited, 5_000)).value).toEqual({ code: 0, signal: null });
  });
});

describe('WEB_CONCURRENCY=2', () => {
  it('runs 2 workers that share the port, replaces a crashed one, and shuts down cleanly', async () => {
    const server = await startServer({ EBOV_DATA: SHARED_CSV, WEB_CONCURRENCY: '2' });
    running = server;
    const readyWorkers = async (count: number) => {
      await server.logLine(() => server.logs.filter((l) => l['msg'] === 'worker ready').length >= count);
      return server.logs.filter((l) => l['msg'] === 'worker ready').map((l) => Number(l['worker']));
    };
    const workers = await readyWorkers(2);
    expect(new Set(workers).size).toBe(2);

    // A new connection per request: the primary deals connections out round-robin.
    for (let i = 0; i < 12; i += 1) {
      const response = await fetch(
        `${server.origin}/api/series?indicator=cumulative-all-cases&country=Guinea`,
        {
          headers: { connection: 'close' },
        },
      );
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    await server.logLine(
      () =>
        new Set(server.logs.filter((l) => l['msg'] === 'request completed').map((l) => l['pid'])).size === 2,
      5_000,
    );

    process.kill(workers[0] as number, 'SIGKILL');
    const after = await readyWorkers(3);
    expect(server.logs.some((l) => l['msg'] === 'worker exited: starting another')).toBe(true);
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);

    server.child.kill('SIGTERM');
    expect((await timeTo(server.exited, 8_000)).value).toEqual({ code: 0, signal: null });
    for (const pid of after.slice(1)) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
  });
});
