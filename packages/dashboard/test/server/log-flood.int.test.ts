// A flood of requests with long URLs while nobody reads the server's stdout (a stalled log
// collector: the pipe fills after 64 KB). The server keeps answering, its memory stays bounded
// (log lines beyond a 1 MB buffer are dropped and counted, URLs are cut), and SIGTERM still ends
// it with exit 0: shutdown does not wait for the log's reader.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './shared-data.js';
import { BUNDLED_CLI, timeTo } from './spawned-server.js';

const FLOOD_MS = 6_000;
const URL_CHARS = 8_000;
let child: ReturnType<typeof spawn> | undefined;
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const rssMb = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function get(port: number, path: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('request log under a stalled stdout', () => {
  it('keeps RSS bounded under a long-URL flood and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    // stdout is a pipe this test never reads.
    child = spawn(process.execPath, [BUNDLED_CLI, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', WEB_CONCURRENCY: undefined, EBOV_DATA: undefined },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout?.pause();
    const pid = child.pid ?? 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const deadline = Date.now() + 20_000;
    while ((await get(port, '/readyz', agent)) !== 200) {
      if (Date.now() > deadline) throw new Error('the server did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const atReady = rssMb(pid);
    let peak = atReady;
    let answered = 0;
    const longPath = `/api/series?indicator=cumulative-all-cases&country=Guinea&x=${'a'.repeat(URL_CHARS)}`;
    const floodEnds = Date.now() + FLOOD_MS;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 100);
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (Date.now() < floodEnds) {
          if ((await get(port, longPath, agent)) > 0) answered += 1;
        }
      }),
    );
    clearInterval(sampler);
    agent.destroy();
    console.log(
      `log flood with a stalled stdout: ${answered} requests of ${URL_CHARS}-char URLs in ${FLOOD_MS / 1000} s; ` +
        `RSS ${atReady.toFixed(0)} MB at ready, peak ${peak.toFixed(0)} MB (load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')})`,
    );
    expect(answered).toBeGreaterThan(100);
    expect(peak - atReady).toBeLessThan(40);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child?.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    expect((await timeTo(exited, 8_000)).value).toEqual({ code: 0, signal: null });
  }, 60_000);
});
